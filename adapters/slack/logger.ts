import { LogLevel } from '@slack/bolt';
import type { Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../src/log.js';

/** Bolt's level that shows the same lines as the pino level (Bolt has no trace or fatal). */
export function boltLevelOf(pinoLevel: string): LogLevel {
  if (pinoLevel === 'trace' || pinoLevel === 'debug') return LogLevel.DEBUG;
  if (pinoLevel === 'info') return LogLevel.INFO;
  if (pinoLevel === 'warn') return LogLevel.WARN;
  return LogLevel.ERROR;
}

/** Bolt passes strings, errors and objects; pino wants one message (and the error as `err`). */
function write(log: (obj: object, msg: string) => void, parts: unknown[]): void {
  const err = parts.find((p): p is Error => p instanceof Error);
  const msg = parts
    .map((p) => {
      if (typeof p === 'string') return p;
      if (p instanceof Error) return p.message;
      try {
        return JSON.stringify(p);
      } catch {
        return String(p);
      }
    })
    .join(' ');
  log(err ? { err } : {}, msg);
}

/**
 * Routes Bolt's (and its Web API and Socket Mode clients') logging into our pino logger at matching
 * levels, so the scrubber sees every line. LOG_LEVEL decides: Bolt's setLevel is ignored on purpose,
 * since Bolt calls it with its own default (INFO) at construction.
 */
export function createBoltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ lib: 'bolt' });
  return {
    debug: (...parts: unknown[]) => write((o, m) => child.debug(o, m), parts),
    info: (...parts: unknown[]) => write((o, m) => child.info(o, m), parts),
    warn: (...parts: unknown[]) => write((o, m) => child.warn(o, m), parts),
    error: (...parts: unknown[]) => write((o, m) => child.error(o, m), parts),
    setLevel: () => undefined,
    getLevel: () => boltLevelOf(logger.level),
    setName: () => undefined,
  };
}
