import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createDiscordAdapter } from '../adapters/discord/index.js';
import { loadConfig } from '../src/config.js';
import { createFixtureBot } from './fakes/discord-bot.js';
import { startFakeDiscord, type FakeDiscord } from './fakes/discord-fake.js';
import { memoryLogger, startDiscordHarness, TEST_TOKEN, testConfig } from './fakes/discord-harness.js';
import { IDS } from './fakes/discord-interactions.js';

const WRONG = 'wrong-token.that-must-never-be-printed';
let fake: FakeDiscord | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function failedStart(
  configToken: string,
  fakeOptions: Partial<Parameters<typeof startFakeDiscord>[0]> = {},
  readyTimeoutMs?: number,
) {
  fake = await startFakeDiscord({ token: TEST_TOKEN, applicationId: IDS.app, ...fakeOptions });
  const log = memoryLogger([configToken]);
  const adapter = createDiscordAdapter(
    { config: testConfig(fake.apiUrl, configToken), logger: log.logger },
    { destroyTimeoutMs: 200, ...(readyTimeoutMs ? { readyTimeoutMs } : {}) },
  );
  const error = await adapter.start(createFixtureBot()).then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  expect(adapter.isReady()).toBe(false);
  return { message: error?.message ?? 'started', logs: log.text() };
}

describe('start', () => {
  it('says DISCORD_TOKEN was rejected when Discord answers 401, without printing the token', async () => {
    const { message, logs } = await failedStart(WRONG);
    expect(message).toContain('DISCORD_TOKEN was rejected by Discord');
    expect(message).not.toContain(WRONG);
    expect(logs).not.toContain(WRONG);
  });

  it('says DISCORD_TOKEN was rejected when the gateway closes with 4004', async () => {
    const { message } = await failedStart(TEST_TOKEN, { gatewayToken: 'another-token' });
    expect(message).toContain('DISCORD_TOKEN was rejected by Discord');
    expect(message).not.toContain(TEST_TOKEN);
  });

  it('names DISCORD_TOKEN when it is not set', async () => {
    const loaded = loadConfig({ MINGYAN_ADAPTERS: 'shell', DISCORD_APPLICATION_ID: IDS.app });
    if (!loaded.ok) throw new Error('config');
    const adapter = createDiscordAdapter({ config: loaded.value, logger: memoryLogger([]).logger });
    await expect(adapter.start(createFixtureBot())).rejects.toThrow(/^DISCORD_TOKEN is not set/);
  });

  it('names DISCORD_API_URL when nothing answers there', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const adapter = createDiscordAdapter({
      config: testConfig(`http://127.0.0.1:${port}/api`),
      logger: memoryLogger([]).logger,
    });
    const error = (await adapter.start(createFixtureBot()).catch((e: unknown) => e)) as Error;
    expect(error.message).toContain(`could not reach Discord at http://127.0.0.1:${port}/api`);
    expect(error.message).toContain('DISCORD_API_URL');
  });

  it('gives up when the gateway never becomes ready', async () => {
    const { message } = await failedStart(TEST_TOKEN, { hangAtIdentify: true }, 300);
    expect(message).toContain('not ready');
    expect(message).toContain('DISCORD_TOKEN');
  });

  it('keeps the session alive: every heartbeat is acknowledged and no second IDENTIFY happens', async () => {
    const h = await startDiscordHarness(createFixtureBot(), { heartbeatIntervalMs: 100 });
    try {
      await expect.poll(() => h.fake.heartbeats, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
      expect(h.fake.identifies).toHaveLength(1);
      expect(h.adapter.isReady()).toBe(true);
    } finally {
      await h.stop();
    }
  });

  it('stops, and can start again', async () => {
    // The second IDENTIFY would otherwise wait out Discord's 5 s between IDENTIFYs.
    const h = await startDiscordHarness(createFixtureBot(), { identifyGapMs: 100 });
    try {
      await h.adapter.stop();
      expect(h.adapter.isReady()).toBe(false);
      await h.adapter.start(createFixtureBot());
      expect(h.adapter.isReady()).toBe(true);
      expect(h.fake.identifies).toHaveLength(2);
    } finally {
      await h.stop();
    }
  });
});
