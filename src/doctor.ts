import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { quoteDirs } from './app.js';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { CONFIG_VARIABLES, SECRET_VARIABLES, environmentIn, loadConfig, secretsOf } from './config.js';
import type { CliCommand, CliIO } from './cli/types.js';
import { redactText } from './log.js';
import { loadCorpus } from './quotes/loader.js';
import { SCHEMA_VERSION, describeTarget, openDatabase, schemaVersion } from './store/index.js';

/** One line of the doctor's report. */
export interface Check {
  /** What was checked. */
  name: string;
  /** Passed? */
  ok: boolean;
  /** What was found, or what to do. Never a secret. */
  detail: string;
}

const SLACK_TOKEN_SHAPE = /^xoxb-\d+-\d+-[A-Za-z0-9]+$/;
const SLACK_APP_TOKEN_SHAPE = /^xapp-\d-[A-Z0-9]+-\d+-[a-f0-9]+$/;
const SLACK_SIGNING_SECRET_SHAPE = /^[a-f0-9]{32}$/;
const DISCORD_TOKEN_SHAPE = /^[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}$/;

/** Describes a secret without revealing it. */
function describeSecret(
  value: string | undefined,
  shape: RegExp,
  what: string,
): { ok: boolean; detail: string } {
  if (!value) return { ok: true, detail: 'not set' };
  return shape.test(value)
    ? { ok: true, detail: `set, looks like ${what} (${value.length} characters)` }
    : {
        ok: false,
        detail: `set, but does not look like ${what} (${value.length} characters): copy it again`,
      };
}

/** A value fit to print: URLs lose any user:password part. */
function printable(value: string): string {
  return value.replace(/(\w+:\/\/)[^/@\s]+@/g, '$1***@');
}

/** Whether `path` could be written: the file if it exists, else the nearest existing folder above it. */
function writable(path: string): { ok: boolean; detail: string } {
  try {
    if (existsSync(path)) {
      if (!statSync(path).isFile()) return { ok: false, detail: `${path} is not a file` };
      accessSync(path, constants.R_OK | constants.W_OK);
      return { ok: true, detail: `${path} exists and is writable` };
    }
    let dir = dirname(path);
    while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
    // A file where a folder must be created fails for every user, root included (access() would pass it).
    if (!statSync(dir).isDirectory())
      return {
        ok: false,
        detail: `${path} is not writable (${dir} is a file, not a folder): set MINGYAN_DB to a writable path`,
      };
    accessSync(dir, constants.W_OK);
    return { ok: true, detail: `${path} will be created on first start (${dir} is writable)` };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, detail: `${path} is not writable (${reason}): set MINGYAN_DB to a writable path` };
  }
}

/**
 * Whether the PostgreSQL at `url` answers, and at which schema version. Read-only: it never migrates, so
 * `mingyan doctor` changes nothing. Never prints the password.
 */
async function postgresCheck(
  url: string,
  secrets: readonly string[],
): Promise<{ ok: boolean; detail: string }> {
  const where = describeTarget(url);
  const { db, release } = openDatabase(url);
  try {
    const tables = await sql<{
      name: string | null;
    }>`SELECT to_regclass('schema_migrations')::text AS name`.execute(db);
    const version = tables.rows[0]?.name ? await schemaVersion(db as Kysely<unknown>) : 0;
    if (version > SCHEMA_VERSION)
      return {
        ok: false,
        detail: `${where} answers, but its schema version ${version} is newer than this mingyan (${SCHEMA_VERSION}): upgrade mingyan`,
      };
    return {
      ok: true,
      detail:
        `${where} answers; schema version ${version}` +
        (version < SCHEMA_VERSION
          ? ` (${SCHEMA_VERSION} after \`mingyan db migrate\` or the next start)`
          : ''),
    };
  } catch (error) {
    const reason = redactText(error instanceof Error ? error.message : String(error), secrets);
    return {
      ok: false,
      detail: `${where} does not answer (${reason}): check DATABASE_URL, the server and its firewall`,
    };
  } finally {
    await release();
  }
}

/** Runs every check. Reads only: it creates nothing and never writes to the database. */
export async function runDoctor(io: CliIO): Promise<Check[]> {
  const env = environmentIn(io.cwd, io.env);
  const loaded = loadConfig(env);
  if (!loaded.ok) {
    return loaded.error.map((p) => ({ name: p.variable, ok: false, detail: p.message }));
  }
  const config = loaded.value;
  const setVars = CONFIG_VARIABLES.filter((v) => (env[v] ?? '').trim() !== '');
  const described = setVars.map((v) =>
    SECRET_VARIABLES.includes(v) ? `${v} (secret)` : `${v}=${printable(env[v] ?? '')}`,
  );
  const checks: Check[] = [
    {
      name: 'configuration',
      ok: true,
      detail: `adapters: ${config.adapters.join(', ')}; set: ${described.join(', ') || 'nothing (defaults)'}`,
    },
    {
      name: 'SLACK_BOT_TOKEN',
      ...describeSecret(config.slack.botToken, SLACK_TOKEN_SHAPE, 'a Slack bot token'),
    },
    {
      name: 'SLACK_APP_TOKEN',
      ...describeSecret(config.slack.appToken, SLACK_APP_TOKEN_SHAPE, 'a Slack app-level token'),
    },
    {
      name: 'SLACK_SIGNING_SECRET',
      ...describeSecret(config.slack.signingSecret, SLACK_SIGNING_SECRET_SHAPE, 'a Slack signing secret'),
    },
    ...(config.slack.distribution
      ? [
          {
            name: 'Slack distribution',
            ok: true,
            detail: `on: installs start at http(s)://<your host>:${config.slack.port}/slack/install${
              config.slack.distribution.directInstall ? ' (straight to Slack)' : ''
            }; token rotation ${config.slack.distribution.tokenRotation ? 'on' : 'off'}`,
          },
          {
            name: 'SLACK_CLIENT_SECRET',
            ...describeSecret(
              config.slack.distribution.clientSecret,
              SLACK_SIGNING_SECRET_SHAPE,
              'a Slack client secret',
            ),
          },
        ]
      : []),
    {
      name: 'DISCORD_TOKEN',
      ...describeSecret(config.discord.token, DISCORD_TOKEN_SHAPE, 'a Discord bot token'),
    },
    {
      name: 'database',
      ...(config.databaseUrl
        ? await postgresCheck(config.databaseUrl, secretsOf(config))
        : config.dbPath === ':memory:'
          ? { ok: true, detail: 'in memory (nothing survives a restart)' }
          : writable(resolve(io.cwd, config.dbPath))),
    },
  ];
  const extra = config.quotesDir === undefined ? undefined : resolve(io.cwd, config.quotesDir);
  if (extra !== undefined && !existsSync(extra)) {
    checks.push({
      name: 'QUOTES_DIR',
      ok: false,
      detail: `${extra} does not exist: create it or unset QUOTES_DIR`,
    });
  }
  const corpus = loadCorpus(quoteDirs({ ...config, quotesDir: extra }));
  const issues = corpus.issues.map(
    (i) =>
      `    ${i.file}${i.quoteId ? ` quote ${i.quoteId}` : ''}${i.field ? ` field ${i.field}` : ''}: ${i.message}`,
  );
  checks.push({
    name: 'quotes',
    ok: corpus.issues.length === 0 && corpus.quotes.length > 0,
    detail:
      `${corpus.quotes.length} quotes from ${corpus.sources.size} source(s)` +
      (issues.length ? `; ${issues.length} problem(s):\n${issues.join('\n')}` : ''),
  });
  return checks;
}

/** `mingyan doctor`: what is configured (secrets never printed), token shapes, database, quotes. */
export const doctorCommand: CliCommand = {
  name: 'doctor',
  usage: 'doctor',
  summary:
    'check configuration, token shapes, the database (SQLite path or PostgreSQL connection) and the quote files (prints no secrets)',
  async run(_args, io) {
    const checks = await runDoctor(io);
    for (const c of checks) io.stdout.write(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}\n`);
    const failed = checks.filter((c) => !c.ok).length;
    io.stdout.write(failed ? `\n${failed} problem(s) found.\n` : '\nAll checks passed.\n');
    return failed ? 1 : 0;
  },
};
