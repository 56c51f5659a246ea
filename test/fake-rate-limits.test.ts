// The fakes' rate-limit enforcement (used by `npm run bench:schedule -- --drain`): a burst over Discord's or
// Slack's documented limits is answered 429 with the headers the real services send; traffic under them is not.
// Off by default, so every other test sees the fakes as before. Clocks are frozen: nothing here waits. The real
// Slack adapter reads the enforced 429 as it reads Slack's.
import { afterEach, describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../adapters/slack/index.js';
import type { Reply } from '../src/bot/reply.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/log.js';
import { startFakeDiscord, type FakeDiscord } from './fakes/discord-fake.js';
import { createDiscordLimiter, createSlackLimiter, MESSAGES_BUCKET } from './fakes/rate-limits.js';
import { startFakeSlack, type FakeSlack } from './fakes/slack-api.js';
import { createSpyBot, FIXTURE_QUOTE } from './fakes/slack-bot.js';

const TOKEN = 'test-bot-token.for-the-loopback-fake.only';
const messages = (channel: string) => `/channels/${channel}/messages`;

describe('Discord limiter', () => {
  it('allows 50 requests in a second over all routes, then answers a global 429 until a token comes back', () => {
    const limiter = createDiscordLimiter();
    for (let i = 0; i < 50; i++) expect(limiter.check('POST', messages(String(1000 + i)), 0).ok).toBe(true);
    const over = limiter.check('POST', messages('2000'), 0);
    expect(over).toMatchObject({
      ok: false,
      scope: 'global',
      early: false,
      retryAfterMs: 20,
      body: { message: 'You are being rate limited.', retry_after: 0.02, global: true },
      headers: { 'retry-after': '1', 'x-ratelimit-scope': 'global', 'x-ratelimit-global': 'true' },
    });
    // Asking again inside the window it was told about is an invalid request.
    expect(limiter.check('GET', '/gateway/bot', 10)).toMatchObject({ ok: false, early: true });
    expect(limiter.check('POST', messages('2000'), 20).ok).toBe(true);
  });

  it('does not count interaction callbacks and follow-ups against the global limit', () => {
    const limiter = createDiscordLimiter({ globalPerSecond: 1 });
    expect(limiter.check('GET', '/gateway/bot', 0).ok).toBe(true);
    expect(limiter.check('POST', '/interactions/1/tok/callback', 0).ok).toBe(true);
    expect(limiter.check('POST', '/webhooks/1/tok', 0).ok).toBe(true);
    expect(limiter.check('GET', '/gateway/bot', 0).ok).toBe(false);
  });

  it('allows 5 messages per channel per 5 s with counting-down headers; the 6th is a per-route 429', () => {
    const limiter = createDiscordLimiter();
    const remaining: string[] = [];
    for (let i = 0; i < 5; i++) {
      const v = limiter.check('POST', messages('7'), 1_000 + i * 100);
      if (!v.ok) throw new Error('limited too early');
      expect(v.headers).toMatchObject({
        'x-ratelimit-limit': '5',
        'x-ratelimit-bucket': MESSAGES_BUCKET,
        'x-ratelimit-reset': '6.000',
      });
      remaining.push(v.headers['x-ratelimit-remaining'] ?? '');
    }
    expect(remaining).toEqual(['4', '3', '2', '1', '0']);
    expect(limiter.check('POST', messages('7'), 2_000)).toMatchObject({
      ok: false,
      scope: 'user',
      retryAfterMs: 4_000,
      body: { retry_after: 4, global: false },
      headers: {
        'retry-after': '4',
        'x-ratelimit-scope': 'user',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset-after': '4.000',
      },
    });
    // Another channel has its own bucket; the first one opens again when its window ends.
    expect(limiter.check('POST', messages('8'), 2_000).ok).toBe(true);
    expect(limiter.check('POST', messages('7'), 6_000)).toMatchObject({
      ok: true,
      headers: { 'x-ratelimit-remaining': '4' },
    });
  });
});

describe('Slack limiter', () => {
  it('allows one chat.postMessage per second per channel', () => {
    const limiter = createSlackLimiter();
    expect(limiter.check('T1', 'C1', 0).ok).toBe(true);
    expect(limiter.check('T1', 'C1', 500)).toEqual({
      ok: false,
      scope: 'channel',
      retryAfterSeconds: 1,
      early: false,
    });
    // Again before the Retry-After it was given has passed.
    expect(limiter.check('T1', 'C1', 700)).toMatchObject({ ok: false, early: true });
    expect(limiter.check('T1', 'C2', 500).ok).toBe(true);
    expect(limiter.check('T1', 'C1', 1_000).ok).toBe(true);
  });

  it('allows 300 messages per workspace in any minute by default; another workspace is not affected', () => {
    const limiter = createSlackLimiter();
    expect(limiter.workspacePerMinute).toBe(300);
    for (let i = 0; i < 300; i++) expect(limiter.check('T1', `C${i}`, i * 10).ok).toBe(true);
    expect(limiter.check('T1', 'C300', 3_000)).toEqual({
      ok: false,
      scope: 'workspace',
      retryAfterSeconds: 57,
      early: false,
    });
    expect(limiter.check('T2', 'C300', 3_000).ok).toBe(true);
    // The window slides: the first message leaves it at 60 s, making room for one more.
    expect(limiter.check('T1', 'C300', 60_000).ok).toBe(true);
    expect(limiter.check('T1', 'C301', 60_000).ok).toBe(false);
  });
});

describe('Slack limiter, per-second reading of the workspace figure', () => {
  it('allows a sixtieth of the minute figure in any second, then asks for a 1 s wait', () => {
    const limiter = createSlackLimiter({ workspaceWindow: 'second' });
    for (let i = 0; i < 5; i++) expect(limiter.check('T1', `C${i}`, i * 100).ok).toBe(true);
    expect(limiter.check('T1', 'C5', 500)).toEqual({
      ok: false,
      scope: 'workspace',
      retryAfterSeconds: 1,
      early: false,
    });
    expect(limiter.check('T1', 'C5', 1_000).ok).toBe(true);
  });
});

describe('the fakes enforce the limits only when asked', () => {
  let discord: FakeDiscord | undefined;
  let slack: FakeSlack | undefined;
  afterEach(async () => {
    await discord?.close();
    await slack?.close();
    discord = undefined;
    slack = undefined;
  });

  const postDiscord = (fake: FakeDiscord, channel: string) =>
    fetch(`${fake.apiUrl}/v10${messages(channel)}`, {
      method: 'POST',
      headers: { authorization: `Bot ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ content: 'hello' }),
    });

  it('Discord: a burst over the per-channel limit gets a 429 with the bucket headers; under it does not', async () => {
    discord = await startFakeDiscord({
      token: TOKEN,
      applicationId: '1',
      rateLimits: { messagesWindowMs: 60_000, now: () => 1_000 },
    });
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 6; i++) {
      last = await postDiscord(discord, '11');
      statuses.push(last.status);
      if (i === 0) expect(last.headers.get('x-ratelimit-remaining')).toBe('4');
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect(last?.headers.get('x-ratelimit-scope')).toBe('user');
    expect(last?.headers.get('x-ratelimit-bucket')).toBe(MESSAGES_BUCKET);
    expect(last?.headers.get('retry-after')).toBe('60');
    expect(await last?.json()).toMatchObject({ retry_after: 60, global: false });
    expect(discord.rateLimited).toEqual([{ path: messages('11'), early: false, scope: 'user' }]);
    expect(discord.created.get('11')).toHaveLength(5);
  });

  it('Discord: a burst over the global limit gets a global 429', async () => {
    discord = await startFakeDiscord({
      token: TOKEN,
      applicationId: '1',
      rateLimits: { globalPerSecond: 2, now: () => 1_000 },
    });
    const statuses = [];
    for (const channel of ['21', '22', '23']) statuses.push(await postDiscord(discord, channel));
    expect(statuses.map((r) => r.status)).toEqual([200, 200, 429]);
    expect(statuses[2]?.headers.get('x-ratelimit-global')).toBe('true');
    expect(statuses[2]?.headers.get('x-ratelimit-scope')).toBe('global');
    expect(await statuses[2]?.json()).toMatchObject({ retry_after: 0.5, global: true });
  });

  it('Discord without the option: the same burst is never limited', async () => {
    discord = await startFakeDiscord({ token: TOKEN, applicationId: '1' });
    for (let i = 0; i < 60; i++) expect((await postDiscord(discord, '31')).status).toBe(200);
    expect(discord.rateLimited).toEqual([]);
  });

  const postSlack = (fake: FakeSlack, token: string, channel: string) =>
    fetch(`${fake.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ channel, text: 'hello' }),
    });

  it('Slack: over the workspace limit gets 429 ratelimited with Retry-After; another workspace does not', async () => {
    slack = await startFakeSlack({ rateLimits: { workspacePerMinute: 2, now: () => 5_000 } });
    const first = await postSlack(slack, 'xoxb-team-one', 'C1');
    expect(await first.json()).toMatchObject({ ok: true });
    expect((await postSlack(slack, 'xoxb-team-one', 'C2')).status).toBe(200);
    const over = await postSlack(slack, 'xoxb-team-one', 'C3');
    expect(over.status).toBe(429);
    expect(over.headers.get('retry-after')).toBe('60');
    expect(await over.json()).toEqual({ ok: false, error: 'ratelimited' });
    expect((await postSlack(slack, 'xoxb-team-two', 'C3')).status).toBe(200);
    // A second message to one channel within the second is limited per channel.
    const again = await postSlack(slack, 'xoxb-team-two', 'C3');
    expect(again.status).toBe(429);
    expect(again.headers.get('retry-after')).toBe('1');
    expect(slack.rateLimited).toEqual([
      { channel: 'C3', workspace: 'xoxb-team-one', scope: 'workspace', early: false },
      { channel: 'C3', workspace: 'xoxb-team-two', scope: 'channel', early: false },
    ]);
  });

  it('Slack without the option: the same burst is never limited', async () => {
    slack = await startFakeSlack();
    for (let i = 0; i < 5; i++) expect((await postSlack(slack, 'xoxb-team-one', 'C1')).status).toBe(200);
    expect(slack.rateLimited).toEqual([]);
  });

  it("Slack: the real adapter reads the workspace 429 as a transient failure with the fake's Retry-After", async () => {
    slack = await startFakeSlack({ rateLimits: { workspacePerMinute: 1, now: () => 0 } });
    const loaded = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-limits-test-1',
      SLACK_SIGNING_SECRET: 'limits-signing-secret',
      SLACK_API_URL: slack.apiUrl,
      PORT: '0',
    });
    if (!loaded.ok) throw new Error('bad test config');
    const adapter = createSlackAdapter({ config: loaded.value, logger: silentLogger }, { host: '127.0.0.1' });
    await adapter.start(createSpyBot());
    try {
      const reply: Reply = { kind: 'quote', quote: FIXTURE_QUOTE, lang: 'both', actions: [] };
      expect((await adapter.post('slack:T1:C1', reply)).ok).toBe(true);
      expect(await adapter.post('slack:T1:C2', reply)).toEqual({
        ok: false,
        error: { kind: 'transient', reason: 'slack ratelimited', retryAfterMs: 60_000 },
      });
      expect(slack.rateLimited).toEqual([
        { channel: 'C2', workspace: 'xoxb-limits-test-1', scope: 'workspace', early: false },
      ]);
    } finally {
      await adapter.stop();
    }
  });
});
