// discord.js against the fake with its rate limits enforced: the fake's headers let discord.js pace a channel's
// bucket without a single 429, and its global 429 is waited out and the message sent once. Figures are scaled
// down (5 per 1 s per channel, 4 requests a second) so the test waits about a second, not Discord's real windows.
import { afterEach, describe, expect, it } from 'vitest';
import { createDiscordAdapter } from '../adapters/discord/index.js';
import type { Adapter } from '../src/adapter.js';
import type { Reply } from '../src/bot/reply.js';
import { silentLogger } from '../src/log.js';
import { createFixtureBot, QUOTES } from './fakes/discord-bot.js';
import { startFakeDiscord, type FakeDiscord } from './fakes/discord-fake.js';
import { TEST_TOKEN, testConfig } from './fakes/discord-harness.js';
import { IDS, testGuild } from './fakes/discord-interactions.js';
import type { DiscordLimitOptions } from './fakes/rate-limits.js';

const reply: Reply = { kind: 'quote', quote: QUOTES[0]!, lang: 'both', actions: [] };
let fake: FakeDiscord | undefined;
let adapter: Adapter | undefined;

async function start(limits: DiscordLimitOptions): Promise<{ fake: FakeDiscord; adapter: Adapter }> {
  fake = await startFakeDiscord({
    token: TEST_TOKEN,
    applicationId: IDS.app,
    guilds: [testGuild()],
    rateLimits: limits,
  });
  adapter = createDiscordAdapter({ config: testConfig(fake.apiUrl), logger: silentLogger });
  await adapter.start(createFixtureBot());
  return { fake, adapter };
}

afterEach(async () => {
  await adapter?.stop();
  await fake?.close();
  adapter = undefined;
  fake = undefined;
});

describe('discord.js against the enforced limits', () => {
  it("paces one channel by the bucket headers: 7 posts, no 429, each message once with its post's nonce", async () => {
    const { fake, adapter } = await start({ messagesPerChannel: 5, messagesWindowMs: 1_000 });
    const address = `discord:${IDS.guild}:${IDS.channel}`;
    const results = await Promise.all(
      Array.from({ length: 7 }, (_, i) => adapter.post(address, reply, { idempotencyKey: `mg${i + 1}` })),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    expect(fake.rateLimited).toEqual([]);
    const made = fake.created.get(IDS.channel) ?? [];
    expect(made.map((m) => m.nonce).sort()).toEqual(['mg1', 'mg2', 'mg3', 'mg4', 'mg5', 'mg6', 'mg7']);
  });

  it('waits out a global 429 and sends each message exactly once', async () => {
    const { fake, adapter } = await start({ globalPerSecond: 4 });
    const channels = Array.from({ length: 8 }, (_, i) => String(1_400_000_000_000_000_000n + BigInt(i)));
    const results = await Promise.all(
      channels.map((c, i) => adapter.post(`discord:${IDS.guild}:${c}`, reply, { idempotencyKey: `mg${i}` })),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    // discord.js keeps to 50 a second on its own, so this lower limit answers 429s, all of them global.
    expect(fake.rateLimited.length).toBeGreaterThan(0);
    expect(fake.rateLimited.every((l) => l.scope === 'global')).toBe(true);
    for (const [i, c] of channels.entries())
      expect(fake.created.get(c)?.map((m) => m.nonce)).toEqual([`mg${i}`]);
  });
});
