import { DiscordAPIError } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordAdapter } from '../adapters/discord/index.js';
import { classifyPostError } from '../adapters/discord/errors.js';
import type { Reply } from '../src/bot/reply.js';
import { silentLogger } from '../src/log.js';
import { createFixtureBot, QUOTES } from './fakes/discord-bot.js';
import { startDiscordHarness, testConfig, type DiscordHarness } from './fakes/discord-harness.js';
import { IDS } from './fakes/discord-interactions.js';

const [quote] = QUOTES;
const quoteReply: Reply = {
  kind: 'quote',
  quote: quote ?? QUOTES[0]!,
  lang: 'both',
  note: "Today's insight",
  actions: [
    { kind: 'another', label: { zh: '换一条', en: 'Another' }, payload: 'r' },
    { kind: 'share', label: { zh: '分享', en: 'Share' }, payload: `s|${quote?.id}` },
  ],
};
const discussion: Reply = {
  kind: 'discussion',
  quote: QUOTES[1]!,
  lang: 'en',
  prompt: { zh: '我们该自己做什么?', en: 'What should we build ourselves?' },
  actions: [],
};
const address = `discord:${IDS.guild}:${IDS.channel}`;
const messagesPath = `/channels/${IDS.channel}/messages`;

let h: DiscordHarness;
beforeAll(async () => {
  h = await startDiscordHarness(createFixtureBot(), { maxRateLimitWaitMs: 5_000 });
});
afterAll(async () => h.stop());
afterEach(() => {
  h.fake.clearFailures();
  expect(h.fake.violations).toEqual([]);
});

describe('post (scheduled posts)', () => {
  it('sends the reply to the channel with the bot token, never pinging, without a Share button', async () => {
    const after = h.fake.requests.length;
    const result = await h.adapter.post(address, quoteReply);
    const sent = h.fake.requests.slice(after);
    expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual([`POST ${messagesPath}`]);
    const body = sent[0]?.body as {
      allowed_mentions: unknown;
      components: { components: { label: string }[] }[];
    };
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.components.flatMap((r) => r.components.map((c) => c.label))).toEqual(['换一条 · Another']);
    expect(sent[0]?.authorization).toMatch(/^Bot /);
    expect(result.ok && /^\d+$/.test(result.value.messageId)).toBe(true);
  });

  it('starts a thread on a discussion prompt', async () => {
    const after = h.fake.requests.length;
    const result = await h.adapter.post(address, discussion);
    const sent = h.fake.requests.slice(after);
    expect(sent).toHaveLength(2);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(sent[1]?.path).toBe(`/channels/${IDS.channel}/messages/${result.value.messageId}/threads`);
    expect(sent[1]?.body).toEqual({ name: 'What should we build ourselves?', auto_archive_duration: 1440 });
  });

  it('posts to a DM channel without a thread', async () => {
    const after = h.fake.requests.length;
    const result = await h.adapter.post(`discord:dm:${IDS.dm}`, discussion);
    expect(result.ok).toBe(true);
    expect(h.fake.requests.slice(after).map((r) => r.path)).toEqual([`/channels/${IDS.dm}/messages`]);
  });

  it('waits out a 429 (discord.js retries after retry_after) and then succeeds', async () => {
    h.fake.fail('POST', /\/messages$/, {
      status: 429,
      body: { message: 'You are being rate limited.', retry_after: 0.05, global: false },
      headers: { 'retry-after': '0.05', 'x-ratelimit-scope': 'user' },
    });
    const after = h.fake.requests.length;
    const result = await h.adapter.post(address, quoteReply);
    expect(result.ok).toBe(true);
    expect(h.fake.requests.slice(after).filter((r) => r.path === messagesPath)).toHaveLength(2);
  });

  it('returns a long rate limit as transient, with the wait, instead of blocking', async () => {
    h.fake.fail('POST', /\/messages$/, {
      status: 429,
      body: { message: 'You are being rate limited.', retry_after: 120, global: false },
      headers: { 'retry-after': '120' },
    });
    const result = await h.adapter.post(address, quoteReply);
    expect(result).toMatchObject({ ok: false, error: { kind: 'transient' } });
    if (!result.ok) expect(result.error.retryAfterMs).toBeGreaterThanOrEqual(120_000);
  });

  it('403 Missing Access is permanent, with a reason for /daily status', async () => {
    h.fake.fail('POST', /\/messages$/, { status: 403, body: { message: 'Missing Access', code: 50001 } });
    const result = await h.adapter.post(address, quoteReply);
    expect(result).toEqual({
      ok: false,
      error: { kind: 'permanent', reason: 'discord 403 Missing Access (50001)' },
    });
  });

  it('404 Unknown Channel is permanent', async () => {
    h.fake.fail('POST', /\/messages$/, { status: 404, body: { message: 'Unknown Channel', code: 10003 } });
    const result = await h.adapter.post(address, quoteReply);
    expect(result).toEqual({
      ok: false,
      error: { kind: 'permanent', reason: 'discord 404 Unknown Channel (10003)' },
    });
  });

  it('a 5xx that outlasts discord.js retries is transient: every attempt carried the same nonce, enforced', async () => {
    h.fake.fail('POST', /\/messages$/, { status: 502, body: { message: 'Bad Gateway', code: 0 } }, 10);
    const after = h.fake.requests.length;
    const result = await h.adapter.post(address, quoteReply, { idempotencyKey: 'mg42' });
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'transient', reason: expect.stringContaining('502') },
    });
    const attempts = h.fake.requests.slice(after).filter((r) => r.path === messagesPath);
    expect(attempts).toHaveLength(4); // the first try and @discordjs/rest's 3 retries
    for (const a of attempts) expect(a.body).toMatchObject({ nonce: 'mg42', enforce_nonce: true });
    // The scheduler's later attempt passes the same key, so Discord returns the message it may have made.
    h.fake.clearFailures();
    const again = await h.adapter.post(address, quoteReply, { idempotencyKey: 'mg42' });
    expect(again.ok).toBe(true);
    expect(h.fake.requests.at(-1)?.body).toMatchObject({ nonce: 'mg42', enforce_nonce: true });
  });

  it('without a key, discord.js retries of one post still share one random nonce', async () => {
    h.fake.fail('POST', /\/messages$/, { status: 500, body: { message: 'Internal', code: 0 } });
    const after = h.fake.requests.length;
    expect((await h.adapter.post(address, quoteReply)).ok).toBe(true);
    const bodies = h.fake.requests
      .slice(after)
      .filter((r) => r.path === messagesPath)
      .map((r) => r.body as { nonce?: string; enforce_nonce?: boolean });
    expect(bodies).toHaveLength(2);
    expect(bodies[0]?.nonce).toMatch(/^.{8,25}$/);
    expect(bodies[1]).toMatchObject({ nonce: bodies[0]?.nonce, enforce_nonce: true });
    await h.adapter.post(address, quoteReply);
    expect((h.fake.requests.at(-1)?.body as { nonce?: string }).nonce).not.toBe(bodies[0]?.nonce);
  });

  it('a key longer than Discord allows becomes a stable 25-character nonce', async () => {
    const key = 'mingyan-post-'.repeat(4);
    await h.adapter.post(address, quoteReply, { idempotencyKey: key });
    const first = (h.fake.requests.at(-1)?.body as { nonce?: string }).nonce;
    await h.adapter.post(address, quoteReply, { idempotencyKey: key });
    expect(first).toHaveLength(25);
    expect((h.fake.requests.at(-1)?.body as { nonce?: string }).nonce).toBe(first);
  });

  it('a 400 rejects that one post (no pause, no retry); another 403 or 404 is about the channel', async () => {
    h.fake.fail('POST', /\/messages$/, {
      status: 400,
      body: { message: 'Invalid Form Body', code: 50035 },
    });
    expect(await h.adapter.post(address, quoteReply)).toEqual({
      ok: false,
      error: { kind: 'rejected', reason: 'discord 400 Invalid Form Body (50035)' },
    });
    h.fake.fail('POST', /\/messages$/, {
      status: 403,
      body: { message: 'Missing Permissions', code: 50013 },
    });
    expect(await h.adapter.post(address, quoteReply)).toMatchObject({ error: { kind: 'permanent' } });
    h.fake.fail('POST', /\/messages$/, { status: 404, body: { message: 'Unknown Guild', code: 10004 } });
    expect(await h.adapter.post(address, quoteReply)).toMatchObject({ error: { kind: 'permanent' } });
  });

  it('a thread that cannot start does not turn a made post into a failure (no double post)', async () => {
    h.fake.fail('POST', /\/threads$/, { status: 403, body: { message: 'Missing Permissions', code: 50013 } });
    const result = await h.adapter.post(address, discussion);
    expect(result.ok).toBe(true);
  });

  it('refuses an address that is not a Discord channel', async () => {
    for (const bad of ['slack:T1:C1', 'discord:G1:C1', 'discord:1:2:3', 'discord:dm:'])
      expect((await h.adapter.post(bad, quoteReply)).ok).toBe(false);
    expect(await h.adapter.post('discord:1:x', quoteReply)).toMatchObject({ error: { kind: 'permanent' } });
  });
});

describe('post before start', () => {
  it('is a transient failure', async () => {
    const adapter = createDiscordAdapter({
      config: testConfig('http://127.0.0.1:9/api'),
      logger: silentLogger,
    });
    expect(await adapter.post(address, quoteReply)).toMatchObject({
      ok: false,
      error: { kind: 'transient' },
    });
    expect(adapter.isReady()).toBe(false);
  });
});

const apiError = (status: number, code: number, message: string) =>
  new DiscordAPIError({ message, code }, code, status, 'POST', 'https://discord.test/api/v10/x', {});

describe('classifyPostError', () => {
  it('a 401 is the bot token, not the channel: transient with an hour’s wait, flagged, no pause', () => {
    expect(classifyPostError(apiError(401, 0, '401: Unauthorized'))).toEqual({
      kind: 'transient',
      reason: 'discord 401 401: Unauthorized',
      retryAfterMs: 3_600_000,
      credentials: true,
    });
    // After a 401 @discordjs/rest forgets the token and fails every later request before sending it.
    const cleared = new Error('Expected token to be set for this request, but none was present');
    expect(classifyPostError(cleared)).toMatchObject({ kind: 'transient', credentials: true });
  });

  it('pauses only on 403 and 404', () => {
    expect(classifyPostError(apiError(403, 50013, 'Missing Permissions')).kind).toBe('permanent');
    expect(classifyPostError(apiError(404, 10003, 'Unknown Channel')).kind).toBe('permanent');
    expect(classifyPostError(apiError(400, 50035, 'Invalid Form Body')).kind).toBe('rejected');
    expect(classifyPostError(apiError(413, 40005, 'Request entity too large')).kind).toBe('rejected');
  });

  it('treats network errors as transient', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(classifyPostError(refused)).toEqual({
      kind: 'transient',
      reason: 'discord network error ECONNREFUSED',
    });
    const wrapped = new TypeError('fetch failed', { cause: { code: 'UND_ERR_SOCKET' } });
    expect(classifyPostError(wrapped).kind).toBe('transient');
  });
});
