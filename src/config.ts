import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import type { Result } from './result.js';
import { err, ok } from './result.js';

/** The one place that reads the environment. Everything else takes a Config. */

const ADAPTERS = ['shell', 'slack', 'discord'] as const;
export type AdapterName = (typeof ADAPTERS)[number];

const isTimeZone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

const optionalString = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s))
  .optional();
const port = (dflt: number) =>
  z
    .string()
    .trim()
    .default(String(dflt))
    .transform((s) => (s === '' ? String(dflt) : s))
    // Number() would also take 0x10 or 1e3; a port is written in plain digits.
    .transform((s) => (/^\d+$/.test(s) ? Number(s) : NaN))
    .pipe(
      z
        .number('must be a number')
        .int('must be a whole number')
        .min(0)
        .max(65535, 'must be a port from 0 to 65535'),
    );

/** A yes/no switch: 1/true/yes or 0/false/no (unset is no). */
const flag = (name: string) =>
  optionalString.pipe(
    z
      .enum(['1', 'true', 'yes', '0', 'false', 'no'], `${name} must be 1 or 0`)
      .optional()
      .transform((v) => v === '1' || v === 'true' || v === 'yes'),
  );

const envSchema = z.object({
  MINGYAN_ADAPTERS: optionalString.pipe(
    z
      .string()
      .optional()
      .transform((s) => (s === undefined ? undefined : s.split(',').map((a) => a.trim().toLowerCase())))
      .pipe(z.array(z.enum(ADAPTERS, 'must be a comma list of shell, slack, discord')).optional()),
  ),
  SLACK_BOT_TOKEN: optionalString.pipe(
    z.string().startsWith('xoxb-', 'must be a bot token (xoxb-...)').optional(),
  ),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString.pipe(
    z.string().startsWith('xapp-', 'must be an app-level token (xapp-...)').optional(),
  ),
  SLACK_API_URL: optionalString.pipe(z.url('must be a URL such as https://slack.com/api/').optional()),
  SLACK_CLIENT_ID: optionalString.pipe(
    z
      .string()
      .regex(/^\d+\.\d+$/, 'must be the app Client ID from "Basic Information" (digits.digits)')
      .optional(),
  ),
  SLACK_CLIENT_SECRET: optionalString,
  SLACK_STATE_SECRET: optionalString.pipe(
    z
      .string()
      .min(16, 'must be at least 16 characters (a random string, e.g. openssl rand -hex 32)')
      .optional(),
  ),
  SLACK_DIRECT_INSTALL: flag('SLACK_DIRECT_INSTALL'),
  SLACK_TOKEN_ROTATION: flag('SLACK_TOKEN_ROTATION'),
  PORT: port(3000),
  DISCORD_TOKEN: optionalString,
  DISCORD_APPLICATION_ID: optionalString.pipe(
    z
      .string()
      .regex(/^\d{5,25}$/, 'must be the numeric application id')
      .optional(),
  ),
  DISCORD_API_URL: optionalString.pipe(z.url('must be a URL such as https://discord.com/api').optional()),
  DISCORD_SHARDS: optionalString
    .transform((s) =>
      s === undefined ? 1 : s.toLowerCase() === 'auto' ? 'auto' : /^\d+$/.test(s) ? Number(s) : NaN,
    )
    .refine(
      (n) => n === 'auto' || (Number.isInteger(n) && n >= 1 && n <= 10_000),
      'must be a number of gateway shards (1 or more) or auto (Discord recommends the count)',
    ),
  DISCORD_SHARD_POLL_MS: optionalString
    .transform((s) => (s === undefined ? 5000 : /^\d+$/.test(s) ? Number(s) : NaN))
    .refine(
      (n) => Number.isInteger(n) && n >= 100 && n <= 600_000,
      'must be a number of milliseconds from 100 to 600000 (default 5000)',
    ),
  MINGYAN_DB: optionalString.transform((s) => s ?? './data/mingyan.db'),
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(
        /^postgres(ql)?:\/\/[^\s]+$/i,
        'must be a PostgreSQL URL such as postgres://user:password@host:5432/mingyan (unset it to use SQLite at MINGYAN_DB)',
      )
      .optional(),
  ),
  DEFAULT_TZ: optionalString
    .transform((s) => s ?? 'Asia/Shanghai')
    .refine(isTimeZone, 'must be an IANA time zone such as Asia/Shanghai or Europe/London'),
  QUOTES_DIR: optionalString,
  LOG_LEVEL: optionalString.pipe(
    z
      .enum(
        ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
        'must be one of fatal, error, warn, info, debug, trace, silent',
      )
      .optional(),
  ),
  HEALTH_PORT: port(8080),
  PUBLIC_URL: optionalString.pipe(
    z
      .url('must be the absolute http(s) URL the bot is reached at, such as https://mingyan.example.com')
      .refine((u) => /^https?:\/\//i.test(u), 'must start with http:// or https://')
      .refine((u) => !/[?#]/.test(u), 'must not contain ? or #')
      .optional(),
  ),
  MINGYAN_MISSED_WINDOW_HOURS: z
    .string()
    .trim()
    .default('6')
    .transform((s) => (s === '' ? '6' : s))
    .transform((s) => (/^\d+(\.\d+)?$/.test(s) ? Number(s) : NaN))
    .pipe(
      z
        .number('must be a number of hours')
        .min(0, 'must be 0 or more hours')
        .max(24, 'must be at most 24 hours'),
    ),
});

/** Validated configuration. Secrets stay in here and are never logged (see log.ts). */
export interface Config {
  /** Adapters to start; derived from tokens when MINGYAN_ADAPTERS is not set. */
  adapters: AdapterName[];
  /** Nothing chose the adapters (no MINGYAN_ADAPTERS, no credentials): the shell is the fallback. */
  shellByDefault: boolean;
  slack: {
    botToken?: string;
    signingSecret?: string;
    appToken?: string;
    apiUrl?: string;
    port: number;
    /** Distribution mode ("Add to Slack" OAuth, one token per workspace); absent in single-workspace mode. */
    distribution?: SlackDistribution;
  };
  discord: {
    token?: string;
    applicationId?: string;
    apiUrl?: string;
    /** Gateway shards (DISCORD_SHARDS): a count, or 'auto' for Discord's recommended count. Default 1. */
    shards: number | 'auto';
    /**
     * On PostgreSQL, how often an instance tries the shards nobody holds (DISCORD_SHARD_POLL_MS): how soon a dead
     * holder's shards are taken over. Default 5000.
     */
    shardPollMs: number;
  };
  /** SQLite file (used when databaseUrl is not set). */
  dbPath: string;
  /** PostgreSQL URL (DATABASE_URL): when set, the Store runs on Postgres instead of SQLite. Secret (password). */
  databaseUrl?: string;
  /** Default IANA zone for subscriptions. */
  defaultTimeZone: string;
  /** Extra folder of quote files, besides the shipped quotes/. */
  quotesDir?: string;
  /** pino level; warn for the shell alone, info otherwise, unless LOG_LEVEL says. */
  logLevel: string;
  /** 0 turns the health server off. */
  healthPort: number;
  /** Absolute base URL of the quote pages (`/q/<id>`) without a trailing slash; links are off without it. */
  publicUrl?: string;
  /** A daily post later than this many hours after its time is recorded as missed. */
  missedWindowHours: number;
}

/** Slack distribution mode: OAuth installs into any workspace, tokens kept in the database. */
export interface SlackDistribution {
  /** SLACK_CLIENT_ID. */
  clientId: string;
  /** SLACK_CLIENT_SECRET. Secret. */
  clientSecret: string;
  /** SLACK_STATE_SECRET: signs the OAuth state, so any instance can finish an install. Secret. */
  stateSecret: string;
  /** SLACK_DIRECT_INSTALL=1: /slack/install goes straight to Slack instead of showing the button page. */
  directInstall: boolean;
  /** SLACK_TOKEN_ROTATION=1: tokens expire and are refreshed before they do. */
  tokenRotation: boolean;
}

/** A variable that is missing or malformed, and what to set. */
export interface ConfigProblem {
  /** Environment variable name. */
  variable: string;
  /** What is wrong and what to set. */
  message: string;
}

/** Every variable the config knows (for .env.example, doctor and the docker-compose check). */
export const CONFIG_VARIABLES = Object.freeze(Object.keys(envSchema.shape)) as readonly string[];
/** Variables whose values are secrets. */
export const SECRET_VARIABLES = Object.freeze([
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'SLACK_CLIENT_SECRET',
  'SLACK_STATE_SECRET',
  'DISCORD_TOKEN',
  'DATABASE_URL',
]);

/** The secret values in a config, for the log scrubber: tokens, and the database URL with its password. */
export function secretsOf(config: Config): string[] {
  const url = config.databaseUrl;
  let password: string | undefined;
  try {
    password = url ? decodeURIComponent(new URL(url).password) || undefined : undefined;
  } catch {
    password = undefined;
  }
  return [
    config.slack.botToken,
    config.slack.appToken,
    config.slack.signingSecret,
    config.slack.distribution?.clientSecret,
    config.slack.distribution?.stateSecret,
    config.discord.token,
    url,
    password,
  ].filter((s): s is string => Boolean(s));
}

/** Where the Store lives: the DATABASE_URL, else MINGYAN_DB resolved against `dir` (':memory:' kept as is). */
export function databaseTarget(config: Config, dir: string): string {
  if (config.databaseUrl) return config.databaseUrl;
  return config.dbPath === ':memory:' ? config.dbPath : resolve(dir, config.dbPath);
}

/** Reads and validates the environment once. */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
): Result<Config, ConfigProblem[]> {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    return err(
      parsed.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? '?'),
        message: issue.message,
      })),
    );
  }
  const e = parsed.data;
  const problems: ConfigProblem[] = [];
  // Any credential selects its platform, so a half-filled .env reports what is missing instead of quietly
  // falling back to the shell (a silent restart loop under Docker).
  const oauthVariables = (['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const).filter(
    (v) => e[v] !== undefined,
  );
  const distributing = oauthVariables.length > 0;
  const slackConfigured = Boolean(
    e.SLACK_BOT_TOKEN || e.SLACK_APP_TOKEN || e.SLACK_SIGNING_SECRET || distributing,
  );
  const discordConfigured = Boolean(e.DISCORD_TOKEN || e.DISCORD_APPLICATION_ID);
  const adapters: AdapterName[] =
    e.MINGYAN_ADAPTERS ??
    (slackConfigured || discordConfigured
      ? [
          ...(slackConfigured ? (['slack'] as const) : []),
          ...(discordConfigured ? (['discord'] as const) : []),
        ]
      : ['shell']);
  if (adapters.includes('slack') && distributing) {
    // Distribution mode: tokens come from installs, so a fixed bot token would be a second source of truth.
    if (e.SLACK_BOT_TOKEN)
      problems.push({
        variable: 'SLACK_BOT_TOKEN',
        message: `and ${oauthVariables.join(', ')} are both set: unset SLACK_BOT_TOKEN to serve many workspaces ("Add to Slack"), or unset SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET for one workspace`,
      });
    for (const v of ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const)
      if (e[v] === undefined)
        problems.push({
          variable: v,
          message: `is required to distribute the app ("Add to Slack"): ${
            v === 'SLACK_STATE_SECRET'
              ? 'set a random secret of at least 16 characters (e.g. openssl rand -hex 32), the same on every instance'
              : 'copy it from the app\'s "Basic Information" page'
          }`,
        });
    if (e.SLACK_APP_TOKEN)
      problems.push({
        variable: 'SLACK_APP_TOKEN',
        message:
          'must be unset to distribute the app: Socket Mode serves one workspace; "Add to Slack" installs use HTTP (PORT) with SLACK_SIGNING_SECRET',
      });
    if (!e.SLACK_SIGNING_SECRET)
      problems.push({
        variable: 'SLACK_SIGNING_SECRET',
        message: 'is required to distribute the app: set the app Signing Secret from "Basic Information"',
      });
  } else if (adapters.includes('slack')) {
    if (!e.SLACK_BOT_TOKEN)
      problems.push({
        variable: 'SLACK_BOT_TOKEN',
        message: 'is required for Slack: set the Bot User OAuth Token (xoxb-...)',
      });
    if (!e.SLACK_APP_TOKEN && !e.SLACK_SIGNING_SECRET)
      problems.push({
        variable: 'SLACK_SIGNING_SECRET',
        message:
          'is required for Slack over HTTP: set the app Signing Secret, or set SLACK_APP_TOKEN (xapp-...) for Socket Mode',
      });
  }
  if (adapters.includes('discord')) {
    if (!e.DISCORD_TOKEN)
      problems.push({ variable: 'DISCORD_TOKEN', message: 'is required for Discord: set the bot token' });
    if (!e.DISCORD_APPLICATION_ID)
      problems.push({
        variable: 'DISCORD_APPLICATION_ID',
        message: 'is required for Discord: set the application id',
      });
  }
  if (problems.length) return err(problems);
  return ok({
    adapters: [...new Set(adapters)],
    shellByDefault: e.MINGYAN_ADAPTERS === undefined && !slackConfigured && !discordConfigured,
    slack: {
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
      port: e.PORT,
      distribution:
        distributing && e.SLACK_CLIENT_ID && e.SLACK_CLIENT_SECRET && e.SLACK_STATE_SECRET
          ? {
              clientId: e.SLACK_CLIENT_ID,
              clientSecret: e.SLACK_CLIENT_SECRET,
              stateSecret: e.SLACK_STATE_SECRET,
              directInstall: e.SLACK_DIRECT_INSTALL,
              tokenRotation: e.SLACK_TOKEN_ROTATION,
            }
          : undefined,
    },
    discord: {
      token: e.DISCORD_TOKEN,
      applicationId: e.DISCORD_APPLICATION_ID,
      apiUrl: e.DISCORD_API_URL,
      shards: e.DISCORD_SHARDS,
      shardPollMs: e.DISCORD_SHARD_POLL_MS,
    },
    dbPath: e.MINGYAN_DB,
    databaseUrl: e.DATABASE_URL,
    defaultTimeZone: e.DEFAULT_TZ,
    quotesDir: e.QUOTES_DIR,
    // In the terminal, info lines would interleave with the conversation: the shell alone logs warnings only.
    logLevel: e.LOG_LEVEL ?? (adapters.every((a) => a === 'shell') ? 'warn' : 'info'),
    healthPort: e.HEALTH_PORT,
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
    missedWindowHours: e.MINGYAN_MISSED_WINDOW_HOURS,
  });
}

/** Variables from a `.env` file in `dir`, if there is one; the real environment wins when both set a name. */
export function readDotEnv(dir: string): Record<string, string> {
  const path = join(dir, '.env');
  if (!existsSync(path)) return {};
  const parsed = parseEnv(readFileSync(path, 'utf8'));
  return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => e[1] !== undefined));
}

/** The environment as the bot sees it in `dir`: `.env` there first, the real environment winning. */
export function environmentIn(
  dir: string,
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string | undefined> {
  return { ...readDotEnv(dir), ...env };
}

/** Reads and validates the configuration as `start`, `doctor` and `schedule` do: `.env` in `dir`, then `env`. */
export function loadConfigIn(
  dir: string,
  env: Readonly<Record<string, string | undefined>>,
): Result<Config, ConfigProblem[]> {
  return loadConfig(environmentIn(dir, env));
}

/**
 * The extra quote folder (QUOTES_DIR, resolved against `dir`), for commands that only read quotes: they must work
 * even while the chat platforms are not configured yet.
 */
export function quotesDirIn(
  dir: string,
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  const value = environmentIn(dir, env).QUOTES_DIR?.trim();
  return value ? resolve(dir, value) : undefined;
}

/** Formats config problems for a person: one line per variable. */
export function formatConfigProblems(problems: readonly ConfigProblem[]): string {
  return problems.map((p) => `${p.variable} ${p.message}`).join('\n');
}
