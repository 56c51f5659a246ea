import { resolve } from 'node:path';
import type { Adapter } from '../adapter.js';
import { run } from '../cli/common.js';
import { openConfiguredStore } from '../cli/store.js';
import type { CliCommand, CliIO } from '../cli/types.js';
import type { Clock } from '../clock.js';
import { systemClock } from '../clock.js';
import type { Config } from '../config.js';
import { formatConfigProblems, loadConfigIn, secretsOf } from '../config.js';
import { createLogger } from '../log.js';
import type { Corpus } from '../quotes/corpus.js';
import { ok } from '../result.js';
import type { Store } from '../store/index.js';
import { formatDue, formatEntry, formatReport, replyText } from './format.js';
import { createScheduler } from './index.js';

/** What the `schedule` command can be given; bin/mingyan.ts may pass the real shell adapter. */
export interface ScheduleCommandOptions {
  /**
   * The adapters a command-line `run-due` may post through. Default: a plain-text printer for `shell:local` on
   * stdout. Slack and Discord never post from here: they need the running bot (`mingyan start`).
   */
  adapters?: (io: CliIO) => Adapter[];
  /** Loads the quotes; the shipped quotes/ plus QUOTES_DIR by default. */
  loadCorpus?: (config: Config, io: CliIO) => Corpus | Promise<Corpus>;
  /** Where "now" comes from (tests). */
  clock?: Clock;
}

const USAGE = 'schedule list [--json] | schedule run-due [--dry-run [--at ISO-TIME]] [--json]';
const EMPTY_CORPUS: Corpus = { sources: new Map(), quotes: [], byId: new Map(), issues: [] };

/** The command line's own stand-in for the shell adapter: prints shell:local posts on stdout. */
function stdoutShell(io: CliIO): Adapter {
  let n = 0;
  return {
    name: 'shell',
    start: async () => undefined,
    stop: async () => undefined,
    isReady: () => true,
    post: async (_channel, reply) => {
      io.stdout.write(`${replyText(reply)}\n\n`);
      return ok({ messageId: `cli-${process.pid}-${++n}` });
    },
  };
}

async function defaultCorpus(config: Config, io: CliIO): Promise<Corpus> {
  const { loadCorpus, shippedQuotesDir } = await import('../quotes/loader.js');
  const dirs = [shippedQuotesDir(), ...(config.quotesDir ? [resolve(io.cwd, config.quotesDir)] : [])];
  return loadCorpus(dirs);
}

/** Creates `mingyan schedule list | run-due`. */
export function createScheduleCommand(options: ScheduleCommandOptions = {}): CliCommand {
  const command: CliCommand = {
    name: 'schedule',
    usage: USAGE,
    summary: 'list subscriptions with their next post; show (--dry-run) or post what is due now',
    async run(args, io) {
      const [sub, ...rest] = args;
      // Only `--at` and `--at=TIME` are the time: another word starting with --at (--atomic) is an unknown flag.
      const isAt = (a: string): boolean => a === '--at' || a.startsWith('--at=');
      const flags = new Set(rest.filter((a) => a.startsWith('--') && !isAt(a)));
      const atIndex = rest.findIndex(isAt);
      const atText = atIndex < 0 ? undefined : (rest[atIndex]?.split('=')[1] ?? rest[atIndex + 1]);
      // The word after a bare `--at` is its value; any other bare word is a mistake (`run-due now` must not post).
      const atValue = atIndex >= 0 && rest[atIndex] === '--at' ? atIndex + 1 : -1;
      const positional = rest.filter((a, i) => !a.startsWith('--') && i !== atValue);
      const allowed = sub === 'list' ? ['--json'] : ['--json', '--dry-run'];
      const unknown = [...flags].find((f) => !allowed.includes(f)) ?? positional[0];
      if ((sub !== 'list' && sub !== 'run-due') || unknown !== undefined) {
        const what =
          sub === undefined
            ? 'say what to do'
            : unknown !== undefined
              ? `unknown argument ${unknown}`
              : `unknown subcommand ${sub}`;
        io.stderr.write(`mingyan schedule: ${what}\nusage: ${run(USAGE)}\n`);
        return 2;
      }
      const dryRun = flags.has('--dry-run');
      let at: Date | undefined;
      if (atIndex >= 0) {
        at = atText === undefined ? undefined : new Date(atText);
        if (!dryRun || !at || Number.isNaN(at.getTime())) {
          io.stderr.write(
            `mingyan schedule: --at takes an ISO time (2025-03-09T07:00:00Z) and needs --dry-run\n`,
          );
          return 2;
        }
      }
      const loaded = loadConfigIn(io.cwd, io.env);
      if (!loaded.ok) {
        io.stderr.write(
          `mingyan schedule: fix the configuration first:\n${formatConfigProblems(loaded.error)}\n`,
        );
        return 2;
      }
      const config = loaded.value;
      const store = await openConfiguredStore(config, io, 'schedule', (target) =>
        io.stdout.write(`no database at ${target} yet: nothing is subscribed (MINGYAN_DB sets the file)\n`),
      );
      if (typeof store === 'number') return store;
      try {
        return await runWith(store, config, io, { sub, dryRun, json: flags.has('--json'), at });
      } finally {
        await store.close();
      }
    },
  };

  async function runWith(
    store: Store,
    config: Config,
    io: CliIO,
    opts: { sub: string; dryRun: boolean; json: boolean; at?: Date },
  ): Promise<number> {
    const baseClock = options.clock ?? systemClock;
    const clock: Clock = opts.at ? { now: () => opts.at as Date } : baseClock;
    // The dry run gets the same adapters, so it reports what a real run would post; it never calls post().
    const adapters = opts.sub === 'run-due' ? (options.adapters ?? ((i) => [stdoutShell(i)]))(io) : [];
    const corpus =
      opts.sub === 'list' ? EMPTY_CORPUS : await (options.loadCorpus ?? defaultCorpus)(config, io);
    // The command prints its own report; warnings such as "no Slack adapter" would only repeat it.
    const verbose = config.logLevel === 'debug' || config.logLevel === 'trace';
    const stderr = io.stderr as NodeJS.WritableStream & { isTTY?: boolean };
    const logger = createLogger({
      level: verbose ? config.logLevel : config.logLevel === 'silent' ? 'silent' : 'error',
      pretty: stderr.isTTY === true,
      secrets: secretsOf(config),
      destination: { write: (line: string) => stderr.write(line) },
    });
    const scheduler = createScheduler({
      store,
      corpus,
      clock,
      logger,
      // Only the local terminal is reachable from a one-off command.
      adapterFor: (channel) =>
        channel === 'shell:local' ? adapters.find((a) => a.name === 'shell') : undefined,
      defaultTimeZone: config.defaultTimeZone,
      missedWindowHours: config.missedWindowHours,
    });
    const print = (value: unknown, lines: string[]) =>
      io.stdout.write(opts.json ? `${JSON.stringify(value, null, 2)}\n` : `${lines.join('\n')}\n`);

    if (opts.sub === 'list') {
      const entries = await scheduler.listAll();
      print(entries, entries.length ? entries.flatMap(formatEntry) : ['no subscriptions']);
      return 0;
    }
    if (opts.dryRun) {
      const due = await scheduler.dueNow();
      const lines = formatDue(due, clock.now());
      if (due.some((d) => d.action !== 'missed' && d.adapter !== 'ready'))
        lines.push(
          '(dry run; from the command line only shell:local can post: `npm start` posts the others)',
        );
      print(due, lines);
      return 0;
    }
    const report = await scheduler.tick();
    await scheduler.stop();
    const lines = formatReport(report);
    if (report.skipped.some((s) => s.reason === 'no adapter'))
      lines.push('(only shell:local can post from the command line; `npm start` posts the others)');
    print(report, lines);
    return report.failed.length > 0 ? 1 : 0;
  }

  return command;
}

/** `mingyan schedule ...` with the built-in shell:local printer; bin/mingyan.ts lists it. */
export const scheduleCommand: CliCommand = createScheduleCommand();
