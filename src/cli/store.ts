import { existsSync } from 'node:fs';
import type { Config } from '../config.js';
import { databaseTarget, secretsOf } from '../config.js';
import { redactText } from '../log.js';
import type { Store } from '../store/index.js';
import { describeTarget, openStore } from '../store/index.js';
import { errorLine } from './common.js';
import type { CliIO } from './types.js';

/**
 * Opens the configured database for a one-off command. A SQLite file that does not exist yet is not created:
 * `nothing(target)` says what that means for the command, and the exit code is 0. A database that cannot be
 * opened is said on stderr without any secret, and the exit code is 1.
 */
export async function openConfiguredStore(
  config: Config,
  io: CliIO,
  command: string,
  nothing: (target: string) => void,
): Promise<Store | number> {
  const target = databaseTarget(config, io.cwd);
  if (!config.databaseUrl && target !== ':memory:' && !existsSync(target)) {
    nothing(target);
    return 0;
  }
  try {
    return await openStore(target);
  } catch (e) {
    const why = redactText(e instanceof Error ? e.message : String(e), secretsOf(config));
    io.stderr.write(errorLine(command, `cannot open ${describeTarget(target)}: ${why}`));
    return 1;
  }
}
