import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Adapter, AdapterDeps } from '../adapter.js';
import { createApp, type App } from '../app.js';
import type { AdapterName, Config } from '../config.js';
import { formatConfigProblems, loadConfigIn, secretsOf } from '../config.js';
import { startHealthServer, type HealthServer } from '../health.js';
import { createLogger, type Logger } from '../log.js';
import type { CliCommand, CliIO } from './types.js';

/** How to build each adapter; the composition root (bin/mingyan.ts) supplies the platform ones. */
export interface AdapterFactories {
  /** The terminal adapter on the CLI's own streams; `onExit` ends the process when input ends. */
  shell(io: CliIO, onExit: () => void): Adapter;
  /** Slack (Bolt). */
  slack(deps: AdapterDeps): Adapter;
  /** Discord (discord.js). */
  discord(deps: AdapterDeps): Adapter;
}

/** How long a graceful shutdown may take before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 9_000;

/** A logger for this process: secrets scrubbed, pretty when stderr is a terminal. */
export function loggerFor(config: Config, io: CliIO): Logger {
  const stderr = io.stderr as NodeJS.WritableStream & { isTTY?: boolean };
  return createLogger({
    level: config.logLevel,
    secrets: secretsOf(config),
    pretty: stderr.isTTY === true,
    destination: { write: (line: string) => stderr.write(line) },
  });
}

/** `mingyan start`: every configured adapter, the scheduler and the health endpoint, until EOF or a signal. */
export function createStartCommand(factories: AdapterFactories): CliCommand {
  return {
    name: 'start',
    usage: 'start',
    summary: 'run the bot: the shell with no tokens set, else every configured adapter (MINGYAN_ADAPTERS)',
    async run(_args, io) {
      const loaded = loadConfigIn(io.cwd, io.env);
      if (!loaded.ok) {
        io.stderr.write(
          `mingyan: cannot start, the configuration needs fixing:\n${indent(formatConfigProblems(loaded.error))}\n` +
            `Set these in the environment or in .env (see .env.example).\n`,
        );
        return 1;
      }
      const config = loaded.value;
      if (config.quotesDir !== undefined && !existsSync(resolve(io.cwd, config.quotesDir))) {
        io.stderr.write(
          `mingyan: cannot start: QUOTES_DIR ${config.quotesDir} does not exist: create it or unset QUOTES_DIR\n`,
        );
        return 1;
      }
      const logger = loggerFor(config, io);
      let finish: (code: number) => void = () => undefined;
      const finished = new Promise<number>((resolve) => (finish = resolve));
      // The quote pages need the corpus, which the app loads after the adapters exist: bound once it does.
      let pages: App['pages'] | undefined;
      const routes: App['pages'] = (req, res) => (pages ? pages(req, res) : Promise.resolve(false));
      const adapters = config.adapters.map((name: AdapterName) =>
        name === 'shell' ? factories.shell(io, () => finish(0)) : factories[name]({ config, logger, routes }),
      );
      let app: App;
      try {
        app = await createApp({ config, logger, adapters });
        pages = app.pages;
      } catch (error) {
        io.stderr.write(`mingyan: cannot start: ${messageOf(error)}\n`);
        return 1;
      }
      let health: HealthServer | undefined;
      let signalled = false;
      const onSignal = (signal: string) => {
        logger.info({ signal }, 'shutting down');
        signalled = true;
        finish(0);
      };
      process.once('SIGTERM', onSignal);
      process.once('SIGINT', onSignal);
      const starting = (async () => {
        await app.start();
        if (config.healthPort > 0 && adapters.some((a) => a.name !== 'shell')) {
          health = await startHealthServer(config.healthPort, () => app.readiness(), '0.0.0.0', routes).catch(
            (error: unknown) => {
              throw new Error(
                `the health server could not listen on HEALTH_PORT ${config.healthPort} (${messageOf(error)}): ` +
                  'set HEALTH_PORT to a free port, or 0 to turn it off',
              );
            },
          );
          logger.info(
            { port: health.port },
            'health endpoint listening on /healthz and /readyz, quote pages on /q/<id>',
          );
        }
      })();
      // A signal while an adapter is still connecting must not wait for it: stop now (the caller exits).
      const startError = await Promise.race([
        starting.then(
          () => undefined,
          (error: unknown) => error ?? new Error('start failed'),
        ),
        finished.then(() => undefined),
      ]);
      if (startError !== undefined && !signalled) {
        io.stderr.write(`mingyan: cannot start: ${messageOf(startError)}\n`);
        await shutdown(app, health, logger);
        process.off('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
        return 1;
      }
      const code = await finished;
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      await shutdown(app, health, logger);
      return code;
    },
  };
}

async function shutdown(app: App, health: HealthServer | undefined, logger: Logger): Promise<void> {
  const timer = new Promise<void>((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref());
  const work = (async () => {
    await health?.close();
    await app.stop();
  })().catch((error: unknown) => logger.error({ err: error }, 'shutdown did not complete cleanly'));
  await Promise.race([work, timer]);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}
