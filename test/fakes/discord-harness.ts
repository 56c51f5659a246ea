import { Writable } from 'node:stream';
import type { APIInteraction } from 'discord-api-types/v10';
import { expect } from 'vitest';
import { createDiscordAdapter, type DiscordAdapterOptions } from '../../adapters/discord/index.js';
import type { Adapter } from '../../src/adapter.js';
import type { Bot } from '../../src/bot/types.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger, type Logger } from '../../src/log.js';
import { startFakeDiscord, type FakeDiscord, type RecordedRequest } from './discord-fake.js';
import { IDS, testGuild } from './discord-interactions.js';

/** Looks like configuration, not like a real Discord token (the leak check must not fire on tests). */
export const TEST_TOKEN = 'test-bot-token.for-the-loopback-fake.only';

/** Config for the adapter against a fake at `apiUrl`, plus any extra variables. */
export function testConfig(apiUrl: string, token = TEST_TOKEN, extra: Record<string, string> = {}): Config {
  const loaded = loadConfig({
    DISCORD_TOKEN: token,
    DISCORD_APPLICATION_ID: IDS.app,
    DISCORD_API_URL: apiUrl,
    ...extra,
  });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
  return loaded.value;
}

/** A logger that keeps its lines in memory (secrets scrubbed, as in production). */
export function memoryLogger(secrets: string[]): { logger: Logger; text: () => string } {
  let text = '';
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  const logger = createLogger({
    level: 'debug',
    secrets,
    destination: { write: (s: string) => destination.write(s) },
  });
  return { logger, text: () => text };
}

/** Sends interactions to a running adapter and tells when it has finished with them. */
export interface Interactor {
  /**
   * Dispatches an interaction and resolves with its callback request (the first answer to it); rejects when
   * none came within Discord's 3 s.
   */
  interact(interaction: APIInteraction): Promise<RecordedRequest>;
  /** Resolves once the adapter has finished with an interaction (answered or failed), from its log. */
  settled(interactionId: string): Promise<void>;
  /** Resolves once every interaction dispatched so far is settled. */
  settleAll(): Promise<void>;
}

/** Interactions through `fake`, with completion read from the adapter's debug log. */
export function createInteractor(fake: FakeDiscord, logText: () => string): Interactor {
  const dispatched: string[] = [];
  const settled = async (interactionId: string) => {
    const done = new RegExp(
      `"interaction":"${interactionId}"[^\\n]*"msg":"discord: (answered|interaction failed)"`,
    );
    await expect.poll(() => done.test(logText()), { timeout: 10_000, interval: 10 }).toBe(true);
  };
  return {
    interact(interaction) {
      dispatched.push(interaction.id);
      fake.dispatchInteraction(interaction);
      return fake.waitForCallback(interaction.id);
    },
    settled,
    async settleAll() {
      for (const id of dispatched.splice(0)) await settled(id);
    },
  };
}

/** A started adapter wired to a loopback Discord. */
export interface DiscordHarness extends Interactor {
  fake: FakeDiscord;
  adapter: Adapter;
  config: Config;
  /** Every log line so far. */
  logs(): string;
  /** Stops the adapter (in-flight answers finish first), then the fake. */
  stop(): Promise<void>;
}

/** Starts the fake, then the real adapter (a real discord.js client) with `bot`. */
export async function startDiscordHarness(
  bot: Bot,
  options: DiscordAdapterOptions & { heartbeatIntervalMs?: number; productionDefer?: boolean } = {},
): Promise<DiscordHarness> {
  const fake = await startFakeDiscord({
    token: TEST_TOKEN,
    applicationId: IDS.app,
    guilds: [testGuild()],
    ...(options.heartbeatIntervalMs ? { heartbeatIntervalMs: options.heartbeatIntervalMs } : {}),
  });
  const config = testConfig(fake.apiUrl);
  const log = memoryLogger([TEST_TOKEN]);
  // Tests answer at once unless they hold the bot, so deferring is off unless asked for (or the default kept).
  const { productionDefer, heartbeatIntervalMs: _beat, ...adapterOptions } = options;
  const adapter = createDiscordAdapter(
    { config, logger: log.logger },
    productionDefer ? adapterOptions : { deferAfterMs: 10_000, ...adapterOptions },
  );
  await adapter.start(bot);
  let stopped = false;
  return {
    fake,
    adapter,
    config,
    logs: log.text,
    ...createInteractor(fake, log.text),
    async stop() {
      if (stopped) return;
      stopped = true;
      await adapter.stop();
      await fake.close();
    },
  };
}
