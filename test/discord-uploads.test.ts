// A bot running Slack and Discord in one process loads two undici majors: discord.js brings undici 6,
// @slack/socket-mode undici 7. Both keep the process-wide HTTP dispatcher under one global symbol, and whichever
// loads first installs its own Agent there. Discord's card uploads must work with either one installed.
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../src/bot/reply.js';
import { createFixtureBot, QUOTES } from './fakes/discord-bot.js';
import { startDiscordHarness, type DiscordHarness } from './fakes/discord-harness.js';
import { IDS } from './fakes/discord-interactions.js';

/** The part of undici used here. */
interface Undici {
  Agent: new () => { close(): Promise<void> };
  setGlobalDispatcher(agent: unknown): void;
}
/** undici as @slack/socket-mode loads it (its own major, whatever npm hoists). */
const slackUndici = createRequire(createRequire(import.meta.url).resolve('@slack/socket-mode'))(
  'undici',
) as Undici;

const LEGACY = Symbol.for('undici.globalDispatcher.1');
const CURRENT = Symbol.for('undici.globalDispatcher.2');
type Globals = Record<symbol, unknown>;

/** Runs `fn` with Slack's undici Agent as the process's global dispatcher, as when Slack loads first. */
async function withSlackDispatcher<T>(fn: () => Promise<T>): Promise<T> {
  const g = globalThis as unknown as Globals;
  const before = { legacy: g[LEGACY], current: g[CURRENT] };
  const agent = new slackUndici.Agent();
  slackUndici.setGlobalDispatcher(agent);
  try {
    return await fn();
  } finally {
    // Both properties are writable (undici defines them so): put back whatever was there.
    g[LEGACY] = before.legacy;
    g[CURRENT] = before.current;
    await agent.close();
  }
}

const cardReply: Reply = {
  kind: 'quote',
  quote: QUOTES[0]!,
  lang: 'both',
  actions: [],
  card: {
    png: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    filename: 'mingyan-test.png',
    width: 1200,
    height: 675,
    alt: QUOTES[0]!.text,
  },
};

let h: DiscordHarness;
beforeAll(async () => {
  h = await startDiscordHarness(createFixtureBot());
});
afterAll(async () => h.stop());

describe('Discord uploads next to Slack in one process', () => {
  it("a card post goes out as multipart while Slack's undici is the global dispatcher", async () => {
    expect(slackUndici.Agent).toBeTypeOf('function');
    const result = await withSlackDispatcher(() =>
      h.adapter.post(`discord:${IDS.guild}:${IDS.channel}`, cardReply, { idempotencyKey: 'undici7' }),
    );
    expect(result).toMatchObject({ ok: true });
    const sent = h.fake.requests.filter((r) => r.path === `/channels/${IDS.channel}/messages`).at(-1)!;
    expect(sent.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(sent.files?.map((f) => f.filename)).toEqual(['mingyan-test.png']);
    expect(sent.body).toMatchObject({ nonce: 'undici7' });
    expect(h.fake.violations).toEqual([]);
  });

  it('and as multipart with the default dispatcher', async () => {
    const result = await h.adapter.post(`discord:${IDS.guild}:${IDS.channel}`, cardReply);
    expect(result).toMatchObject({ ok: true });
    const sent = h.fake.requests.filter((r) => r.path === `/channels/${IDS.channel}/messages`).at(-1)!;
    expect(sent.files?.map((f) => f.filename)).toEqual(['mingyan-test.png']);
  });
});
