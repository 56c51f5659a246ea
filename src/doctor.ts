import { accessSync, constants, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { quoteDirs } from './app.js';
import { CONFIG_VARIABLES, SECRET_VARIABLES, formatConfigProblems } from './config.js';
import { configFromIO } from './cli/start.js';
import type { CliCommand } from './cli/types.js';
import { loadCorpus } from './quotes/loader.js';
import { openStore } from './store/index.js';

/** One line of the doctor's report. */
interface Check {
  /** What was checked. */
  name: string;
  /** Passed? */
  ok: boolean;
  /** What was found, or what to do. Never a secret. */
  detail: string;
}

const SLACK_TOKEN_SHAPE = /^xoxb-\d+-\d+-[A-Za-z0-9]+$/;
const SLACK_APP_TOKEN_SHAPE = /^xapp-\d-[A-Z0-9]+-\d+-[a-f0-9]+$/;
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

/** Runs every check; pure apart from reading files and opening the database. */
export function runDoctor(io: Parameters<CliCommand['run']>[1]): Check[] {
  const checks: Check[] = [];
  const loaded = configFromIO(io);
  if (!loaded.ok) {
    checks.push({ name: 'configuration', ok: false, detail: formatConfigProblems(loaded.error) });
    return checks;
  }
  const config = loaded.value;
  const env = io.env;
  const setVars = CONFIG_VARIABLES.filter((v) => (env[v] ?? '').trim() !== '');
  checks.push({
    name: 'configuration',
    ok: true,
    detail: `adapters: ${config.adapters.join(', ')}; set: ${setVars.map((v) => (SECRET_VARIABLES.includes(v) ? `${v} (secret)` : `${v}=${env[v]}`)).join(', ') || 'nothing (defaults)'}`,
  });
  const slackBot = describeSecret(config.slack.botToken, SLACK_TOKEN_SHAPE, 'a Slack bot token');
  const slackApp = describeSecret(config.slack.appToken, SLACK_APP_TOKEN_SHAPE, 'a Slack app-level token');
  const discord = describeSecret(config.discord.token, DISCORD_TOKEN_SHAPE, 'a Discord bot token');
  checks.push({ name: 'SLACK_BOT_TOKEN', ...slackBot });
  checks.push({ name: 'SLACK_APP_TOKEN', ...slackApp });
  checks.push({
    name: 'SLACK_SIGNING_SECRET',
    ok: !config.slack.signingSecret || /^[a-f0-9]{32}$/.test(config.slack.signingSecret),
    detail: !config.slack.signingSecret
      ? 'not set'
      : /^[a-f0-9]{32}$/.test(config.slack.signingSecret)
        ? 'set, looks like a signing secret'
        : 'set, but a Slack signing secret is 32 hex characters: copy it again',
  });
  checks.push({ name: 'DISCORD_TOKEN', ...discord });

  const dbPath = resolve(io.cwd, config.dbPath);
  try {
    const dir = dirname(dbPath);
    if (existsSync(dir)) accessSync(dir, constants.W_OK);
    const store = openStore(dbPath);
    store.getLang('doctor:probe');
    store.close();
    checks.push({ name: 'database', ok: true, detail: `${dbPath} is writable` });
  } catch (error) {
    checks.push({
      name: 'database',
      ok: false,
      detail: `${dbPath}: ${error instanceof Error ? error.message : String(error)} (set MINGYAN_DB to a writable path)`,
    });
  }

  const corpus = loadCorpus(quoteDirs(config));
  checks.push({
    name: 'quotes',
    ok: corpus.issues.length === 0 && corpus.quotes.length > 0,
    detail:
      `${corpus.quotes.length} quotes from ${corpus.sources.size} source(s)` +
      (corpus.issues.length
        ? `; ${corpus.issues.length} problem(s):\n${corpus.issues.map((i) => `    ${i.file}${i.quoteId ? ` quote ${i.quoteId}` : ''}${i.field ? ` field ${i.field}` : ''}: ${i.message}`).join('\n')}`
        : ''),
  });
  return checks;
}

/** `mingyan doctor`: what is configured (secrets never printed), token shapes, database, quotes. */
export const doctorCommand: CliCommand = {
  name: 'doctor',
  usage: 'doctor',
  summary: 'check configuration, token shapes, the database and the quote files (prints no secrets)',
  async run(_args, io) {
    const checks = runDoctor(io);
    for (const c of checks) io.stdout.write(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}\n`);
    const failed = checks.filter((c) => !c.ok).length;
    io.stdout.write(failed ? `\n${failed} problem(s) found.\n` : '\nAll checks passed.\n');
    return failed ? 1 : 0;
  },
};
