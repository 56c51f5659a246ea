// The composition root's table: every subcommand and adapter, each imported only when it is used. Importing
// discord.js costs about 2 s and Bolt 0.7 s on a small machine, so `npm start` with no tokens, `mingyan search`
// and `mingyan help` must never load them; the names, usages and summaries here are checked against the modules
// they load (test/lazy-load.test.ts).
import type { AdapterDeps } from '../src/adapter.js';
import { inputKind } from '../src/cli/input.js';
import { lazyCommand, type LazyCommand } from '../src/cli/lazy.js';
import type { AdapterFactories } from '../src/cli/start.js';

/** How `start` builds each configured adapter: its module is imported then, not before. */
export const adapterFactories: AdapterFactories = {
  shell: async (io, onExit) => {
    const { createShellAdapter } = await import('../adapters/shell/index.js');
    return createShellAdapter({
      input: io.stdin,
      output: io.stdout,
      interactive: io.stdin.isTTY === true,
      // No fixed width: the adapter follows the terminal's columns as it is resized.
      onExit,
    });
  },
  slack: async (deps: AdapterDeps) => (await import('../adapters/slack/index.js')).createSlackAdapter(deps),
  discord: async (deps: AdapterDeps) =>
    (await import('../adapters/discord/index.js')).createDiscordAdapter(deps),
};

/** Every `mingyan` subcommand, in the order the help lists them. */
export const commands: readonly LazyCommand[] = [
  lazyCommand(
    {
      name: 'search',
      usage: 'search [--json] [--limit N] [--topic T] QUERY | search --explain QUERY | search --json --stdin',
      summary:
        'find quotes by Chinese, pinyin or English words; --explain says why; --stdin reads one query per line',
    },
    async () => (await import('../src/cli/search.js')).searchCommand,
  ),
  lazyCommand(
    { name: 'list', usage: 'list [--json] [--topic T]', summary: 'list every quote (--json: all fields)' },
    async () => (await import('../src/cli/browse.js')).listCommand,
  ),
  lazyCommand(
    {
      name: 'show',
      usage: 'show [--json] [--context] ID',
      summary: 'show one quote with its question and source (--context: the whole answer)',
    },
    async () => (await import('../src/cli/browse.js')).showCommand,
  ),
  lazyCommand(
    {
      name: 'random',
      usage: 'random [--json] [--context] [--topic T] [--insight]',
      summary: 'show a random quote',
    },
    async () => (await import('../src/cli/browse.js')).randomCommand,
  ),
  lazyCommand(
    { name: 'topics', usage: 'topics [--json]', summary: 'list the topics with how many quotes each has' },
    async () => (await import('../src/cli/browse.js')).topicsCommand,
  ),
  lazyCommand(
    {
      name: 'validate',
      usage: 'validate [PATH]',
      summary: 'check quote files (a file or folder; default: quotes/ and QUOTES_DIR); exit 1 on any problem',
    },
    async () => (await import('../src/cli/validate.js')).validateCommand,
  ),
  lazyCommand(
    {
      name: 'card',
      usage:
        'card ID [--out FILE.png] [--layout landscape|portrait|square] [--theme light|dark] [--lang zh|en|both]',
      summary: 'draw a quote card (金句卡片) as a PNG: 1200×675, 1080×1350 portrait or 1080×1080 square',
    },
    async () => (await import('../src/cli/card.js')).cardCommand,
  ),
  lazyCommand(
    {
      name: 'start',
      usage: 'start',
      summary: 'run the bot: the shell with no tokens set, else every configured adapter (MINGYAN_ADAPTERS)',
    },
    async () =>
      (await import('../src/cli/start.js')).createStartCommand(adapterFactories, {
        input: () => inputKind(0),
      }),
  ),
  lazyCommand(
    {
      name: 'schedule',
      usage: 'schedule list [--json] | schedule run-due [--dry-run [--at ISO-TIME]] [--json]',
      summary: 'list subscriptions with their next post; show (--dry-run) or post what is due now',
    },
    async () => (await import('../src/schedule/cli.js')).scheduleCommand,
  ),
  lazyCommand(
    {
      name: 'db',
      usage: 'db migrate | db copy --to postgres://... [--from FILE]',
      summary: 'migrate the configured database; copy a SQLite install into PostgreSQL (db copy --to URL)',
    },
    async () => (await import('../src/store/cli.js')).dbCommand,
  ),
  lazyCommand(
    {
      name: 'doctor',
      usage: 'doctor',
      summary:
        'check configuration, token shapes, the database (SQLite path or PostgreSQL connection) and the quote files (prints no secrets)',
    },
    async () => (await import('../src/doctor.js')).doctorCommand,
  ),
  lazyCommand(
    {
      name: 'slack-manifest',
      usage: 'slack-manifest [--url https://host]',
      summary: 'Print the Slack app manifest (Socket Mode; with --url, HTTP request URLs filled in)',
    },
    async () => (await import('../adapters/slack/manifest-command.js')).slackManifestCommand,
  ),
  lazyCommand(
    {
      name: 'slack-installations',
      usage: 'slack-installations [--json]',
      summary: 'list the Slack workspaces that installed the app (distribution mode), without tokens',
    },
    async () => (await import('../adapters/slack/installations-command.js')).slackInstallationsCommand,
  ),
  lazyCommand(
    {
      name: 'discord-register',
      usage: 'discord-register [--guild ID]',
      summary:
        'Register the Discord slash commands (global, or one server with --guild) and print the invite URL',
    },
    async () => (await import('../adapters/discord/register-command.js')).discordRegisterCommand,
  ),
];
