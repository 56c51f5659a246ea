import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LogLevel, webApi } from '@slack/bolt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { classifyPostError } from '../adapters/slack/errors.js';
import { createSlackAdapter, DISCUSSION_INVITE, type SlackAdapter } from '../adapters/slack/index.js';
import { loadConfig, type Config } from '../src/config.js';
import { silentLogger } from '../src/log.js';
import type { Reply } from '../src/bot/reply.js';
import { startFakeSlack, type FakeSlack } from './fakes/slack-api.js';
import { createSpyBot, FIXTURE_QUOTE } from './fakes/slack-bot.js';

let fake: FakeSlack;
let adapter: SlackAdapter;

const config = (apiUrl: string): Config => {
  const loaded = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-post-test-1',
    SLACK_SIGNING_SECRET: 's3cret-s3cret',
    SLACK_API_URL: apiUrl,
    PORT: '0',
  });
  if (!loaded.ok) throw new Error('bad test config');
  return loaded.value;
};

const daily: Reply = {
  kind: 'quote',
  quote: FIXTURE_QUOTE,
  lang: 'both',
  note: '2024-05-01',
  actions: [
    { kind: 'another', label: { zh: '换一句', en: 'Another' }, payload: 'r' },
    { kind: 'share', label: { zh: '分享', en: 'Share' }, payload: 's|x' },
    { kind: 'context', label: { zh: '上下文', en: 'Context' }, payload: 'c|x' },
  ],
};
const discussion: Reply = {
  kind: 'discussion',
  quote: FIXTURE_QUOTE,
  lang: 'zh',
  prompt: { zh: '资源不足时我们该放弃什么?', en: 'What do we give up when resources are short?' },
  actions: [],
};

const newAdapter = () =>
  createSlackAdapter({ config: config(fake.apiUrl), logger: silentLogger }, { host: '127.0.0.1' });

beforeAll(async () => {
  fake = await startFakeSlack();
  adapter = newAdapter();
  await adapter.start(createSpyBot());
});

afterAll(async () => {
  await adapter.stop();
  await fake.close();
});

// Nothing the adapter sent may be something Slack refuses (tokens, Block Kit limits, response_url uses, acks).
afterEach(() => {
  expect(fake.violations).toEqual([]);
});

describe('post() for scheduled posts', () => {
  it('is a transient failure before start, and posts nothing', async () => {
    const unstarted = newAdapter();
    const before = fake.calls.length;
    expect(unstarted.isReady()).toBe(false);
    const result = await unstarted.post('slack:T1:C1', daily);
    expect(result).toEqual({ ok: false, error: { kind: 'transient', reason: 'slack adapter not started' } });
    expect(fake.calls.length).toBe(before);
  });

  it('posts with chat.postMessage, unfurls off, and returns the message ts', async () => {
    const before = fake.callsOf('chat.postMessage').length;
    const result = await adapter.post('slack:T1:C9', daily);
    const calls = fake.callsOf('chat.postMessage').slice(before);
    expect(calls).toHaveLength(1);
    expect(result).toEqual({ ok: true, value: { messageId: expect.stringMatching(/^\d+\.\d+$/) } });
    const params = calls[0]?.params ?? {};
    expect(params).toMatchObject({ channel: 'C9', unfurl_links: false, unfurl_media: false });
    expect(calls[0]?.token).toBe('xoxb-post-test-1');
    const blocks = JSON.stringify(params.blocks);
    expect(blocks).toContain('贫穷限制了我们的想象力');
    // "Share" and "Another" make no sense on a post everyone sees; "Context" stays.
    expect(blocks).not.toContain('mingyan_share');
    expect(blocks).not.toContain('mingyan_another');
    expect(blocks).toContain('mingyan_context');
    expect(String(params.text)).toContain('贫穷限制了我们的想象力');
  });

  it('invites answers in the thread of a discussion prompt', async () => {
    const before = fake.callsOf('chat.postMessage').length;
    const result = await adapter.post('slack:T1:C9', discussion);
    expect(result.ok).toBe(true);
    const calls = fake.callsOf('chat.postMessage').slice(before);
    expect(calls).toHaveLength(2);
    expect(JSON.stringify(calls[0]?.params.blocks)).toContain('资源不足时我们该放弃什么');
    expect(calls[1]?.params).toMatchObject({
      channel: 'C9',
      thread_ts: result.ok ? result.value.messageId : '',
      text: DISCUSSION_INVITE,
    });
  });

  it('reports channel_not_found as a permanent failure', async () => {
    fake.failNext('chat.postMessage', { error: 'channel_not_found' });
    expect(await adapter.post('slack:T1:CGONE', daily)).toEqual({
      ok: false,
      error: { kind: 'permanent', reason: 'slack channel_not_found' },
    });
  });

  it('reports a rate limit as transient with Retry-After, without retrying (no double post)', async () => {
    const before = fake.callsOf('chat.postMessage').length;
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 7 });
    const result = await adapter.post('slack:T1:C9', daily);
    expect(result).toEqual({
      ok: false,
      error: { kind: 'transient', reason: 'slack ratelimited', retryAfterMs: 7000 },
    });
    expect(fake.callsOf('chat.postMessage').length).toBe(before + 1);
  });

  it('reports a 5xx as uncertain (Slack may have posted it), tried once', async () => {
    const before = fake.callsOf('chat.postMessage').length;
    fake.failNext('chat.postMessage', { status: 503 });
    expect(await adapter.post('slack:T1:C9', daily)).toEqual({
      ok: false,
      error: { kind: 'uncertain', reason: 'slack HTTP 503' },
    });
    expect(fake.callsOf('chat.postMessage').length).toBe(before + 1);
  });

  it('sorts ok:false answers: channel codes pause, token codes wait an hour, bad requests fail the day', async () => {
    const cases: [string, unknown][] = [
      ['not_in_channel', { kind: 'permanent', reason: 'slack not_in_channel' }],
      ['is_archived', { kind: 'permanent', reason: 'slack is_archived' }],
      [
        'invalid_auth',
        { kind: 'transient', reason: 'slack invalid_auth', retryAfterMs: 3_600_000, credentials: true },
      ],
      ['token_revoked', { kind: 'transient', credentials: true }],
      ['account_inactive', { kind: 'transient', credentials: true }],
      ['missing_scope', { kind: 'transient', credentials: true }],
      ['msg_too_long', { kind: 'rejected', reason: 'slack msg_too_long' }],
      ['internal_error', { kind: 'uncertain', reason: 'slack internal_error' }],
      ['service_unavailable', { kind: 'transient', reason: 'slack service_unavailable' }],
    ];
    for (const [code, expected] of cases) {
      fake.failNext('chat.postMessage', { error: code });
      const result = await adapter.post('slack:T1:C9', daily);
      expect(result.ok ? undefined : result.error, code).toMatchObject(expected as object);
    }
  });

  it('posts a home address to the user, and refuses an address that is not Slack', async () => {
    const before = fake.callsOf('chat.postMessage').length;
    expect((await adapter.post('slack:T1:home:U4', daily)).ok).toBe(true);
    expect(fake.callsOf('chat.postMessage')[before]?.params.channel).toBe('U4');
    const bad = await adapter.post('discord:G1:C1', daily);
    expect(bad).toMatchObject({ ok: false, error: { kind: 'permanent' } });
    expect(fake.callsOf('chat.postMessage').length).toBe(before + 1);
  });

  it('is not ready after stop', async () => {
    const own = newAdapter();
    await own.start(createSpyBot());
    expect(own.isReady()).toBe(true);
    await own.stop();
    expect(own.isReady()).toBe(false);
    expect(own.port()).toBeUndefined();
  });
});

describe('what the Web API client throws, sorted by whether the message may exist', () => {
  let server: Server;
  let base = '';
  beforeAll(async () => {
    // /hang/ reads the request and never answers; /reset/ drops the connection once the request is in.
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (req.url?.startsWith('/reset/')) req.socket.destroy();
        else if (!req.url?.startsWith('/hang/')) res.writeHead(404).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const failureOf = async (slackApiUrl: string, timeout = 0) => {
    const client = new webApi.WebClient('xoxb-classify-1', {
      slackApiUrl,
      timeout,
      retryConfig: { retries: 0 },
      logLevel: LogLevel.ERROR,
    });
    try {
      await client.chat.postMessage({ channel: 'C1', text: 'x' });
    } catch (error) {
      return classifyPostError(error);
    }
    throw new Error('the post did not fail');
  };

  it('a timeout after sending is uncertain', async () => {
    expect(await failureOf(`${base}/hang/`, 200)).toMatchObject({ kind: 'uncertain', reason: /timeout/ });
  });

  it('a connection reset after sending is uncertain', async () => {
    expect(await failureOf(`${base}/reset/`)).toMatchObject({
      kind: 'uncertain',
      reason: /UND_ERR_SOCKET|ECONNRESET/,
    });
  });

  it('a refused connection never sent anything: transient', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(await failureOf(`http://127.0.0.1:${port}/api/`)).toMatchObject({
      kind: 'transient',
      reason: /ECONNREFUSED/,
    });
  });

  it('a failed DNS lookup is transient; an error the client did not wrap is uncertain', () => {
    const dns = new webApi.WebAPIRequestError(
      new TypeError('fetch failed', {
        cause: Object.assign(new Error('getaddrinfo EAI_AGAIN slack.com'), { code: 'EAI_AGAIN' }),
      }),
    );
    expect(classifyPostError(dns).kind).toBe('transient');
    expect(classifyPostError(new SyntaxError('Unexpected end of JSON input')).kind).toBe('uncertain');
  });
});
