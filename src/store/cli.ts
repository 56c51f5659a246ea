import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CliCommand } from '../cli/types.js';
import { databaseTarget, formatConfigProblems, loadConfigIn, secretsOf } from '../config.js';
import { redactText } from '../log.js';
import { copyDatabase } from './copy.js';
import { describeTarget, isPostgresUrl, openMigratedDatabase, SCHEMA_VERSION } from './index.js';

const USAGE = 'db migrate | db copy --to postgres://... [--from FILE]';

/** `mingyan db migrate | copy`: bring the configured database's schema up to date; move SQLite to Postgres. */
export const dbCommand: CliCommand = {
  name: 'db',
  usage: USAGE,
  summary: 'migrate the configured database; copy a SQLite install into PostgreSQL (db copy --to URL)',
  async run(args, io) {
    const [sub, ...rest] = args;
    const usage = (what: string) => {
      io.stderr.write(`mingyan db: ${what}\nusage: mingyan ${USAGE}\n`);
      return 2;
    };
    const loaded = loadConfigIn(io.cwd, io.env);
    if (!loaded.ok) {
      io.stderr.write(`mingyan db: fix the configuration first:\n${formatConfigProblems(loaded.error)}\n`);
      return 2;
    }
    const config = loaded.value;
    const secrets = secretsOf(config);
    const fail = (what: string, e: unknown) => {
      const why = e instanceof Error ? e.message : String(e);
      // A URL given on the command line is a secret too: never echo a password.
      io.stderr.write(
        `mingyan db: ${what}: ${redactText(why, secrets).replace(/(\w+:\/\/)[^/@\s]+@/g, '$1***@')}\n`,
      );
      return 1;
    };

    if (sub === 'migrate') {
      if (rest.length > 0) return usage(`unknown argument ${rest[0]}`);
      const target = databaseTarget(config, io.cwd);
      try {
        const { release } = await openMigratedDatabase(target);
        await release();
      } catch (e) {
        return fail(`cannot migrate ${describeTarget(target)}`, e);
      }
      io.stdout.write(`${describeTarget(target)}: schema at version ${SCHEMA_VERSION}\n`);
      return 0;
    }

    if (sub === 'copy') {
      const option = (name: string): string | undefined => {
        const i = rest.findIndex((a) => a === name || a.startsWith(`${name}=`));
        if (i < 0) return undefined;
        const a = rest[i] as string;
        return a.includes('=') ? a.slice(a.indexOf('=') + 1) : rest[i + 1];
      };
      const known = new Set(['--to', '--from']);
      const stray = rest.find((a, i) =>
        a.startsWith('--') ? !known.has(a.split('=')[0] as string) : !known.has(rest[i - 1] ?? ''),
      );
      if (stray !== undefined) return usage(`unknown argument ${stray}`);
      const to = option('--to') ?? config.databaseUrl;
      if (!to || !isPostgresUrl(to))
        return usage('--to takes the PostgreSQL URL to copy into (postgres://...)');
      const fromArg = option('--from');
      const from = fromArg !== undefined ? resolve(io.cwd, fromArg) : resolve(io.cwd, config.dbPath);
      if (!existsSync(from)) {
        io.stderr.write(`mingyan db: no SQLite database at ${from} (MINGYAN_DB or --from names it)\n`);
        return 1;
      }
      let source, target;
      try {
        source = await openMigratedDatabase(from);
      } catch (e) {
        return fail(`cannot open ${describeTarget(from)}`, e);
      }
      try {
        target = await openMigratedDatabase(to);
      } catch (e) {
        await source.release();
        return fail(`cannot open ${describeTarget(to)}`, e);
      }
      try {
        const report = await copyDatabase(source.db, target.db, target.dialect);
        io.stdout.write(`copied ${describeTarget(from)} into ${describeTarget(to)}:\n`);
        for (const t of report) {
          io.stdout.write(
            `  ${t.table}: ${t.source} row(s); ${t.copied} copied, ${t.present} already there\n`,
          );
        }
        io.stdout.write(
          'Every row is in the target. Set DATABASE_URL to it and restart the bot (stop the SQLite one first).\n',
        );
        return 0;
      } catch (e) {
        return fail('copy failed, nothing was written', e);
      } finally {
        await source.release();
        await target.release();
      }
    }
    return usage(sub === undefined ? 'say what to do' : `unknown subcommand ${sub}`);
  },
};
