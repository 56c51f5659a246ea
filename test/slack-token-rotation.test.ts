// Slack token rotation (SLACK_TOKEN_ROTATION=1): two bot instances on one database refresh an expiring token once
// between them (a second refresh would invalidate the first one's token), for scheduled posts and handlers alike.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../adapters/slack/index.js';
import { REFRESH_MARGIN_MS } from '../adapters/slack/installations.js';
import type { Reply } from '../src/bot/reply.js';
import { createManualClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/log.js';
import { openStore, type Store } from '../src/store/index.js';
import { startFakeSlack, type FakeSlack } from './fakes/slack-api.js';
import { createRealBot } from './fakes/slack-bot.js';
import { sendSigned, slashCommandBody } from './fakes/slack-requests.js';

const SIGNING = 'rotation-signing-secret';
const clock = createManualClock(new Date());
const NOTE: Reply = { kind: 'notice', level: 'info', message: { zh: '测试', en: 'test' } };

let dir: string;
let fake: FakeSlack;
let store: Store;
let a: SlackAdapter;
let b: SlackAdapter;

const refreshes = () =>
  fake.callsOf('oauth.v2.access').filter((c) => c.params.grant_type === 'refresh_token');

function start(): SlackAdapter {
  const loaded = loadConfig({
    SLACK_CLIENT_ID: fake.oauth.clientId,
    SLACK_CLIENT_SECRET: fake.oauth.clientSecret,
    SLACK_STATE_SECRET: 'rotation-state-secret-0123456789',
    SLACK_SIGNING_SECRET: SIGNING,
    SLACK_API_URL: fake.apiUrl,
    SLACK_TOKEN_ROTATION: '1',
    PORT: '0',
  });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
  return createSlackAdapter({ config: loaded.value, logger: silentLogger }, { host: '127.0.0.1' });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mingyan-rotation-'));
  fake = await startFakeSlack();
  // One hour left on every token: inside the refresh margin from the start.
  fake.oauth.expiresIn = 3600;
  store = await openStore(join(dir, 'mingyan.db'));
  a = start();
  b = start();
  const bot = createRealBot();
  await a.start(bot, { store, clock });
  await b.start(bot, { store, clock });
  // The install starts on instance A and Slack sends the browser back to instance B (a load balancer): the
  // signed state needs nothing A kept.
  fake.oauth.redirectUrl = `http://127.0.0.1:${b.port()}/slack/oauth_redirect`;
  fake.oauth.nextWorkspace = { teamId: 'T1', teamName: 'Alpha' };
  const begin = await fetch(`http://127.0.0.1:${a.port()}/slack/install?direct=1`, { redirect: 'manual' });
  const cookie = (begin.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const approved = await fetch(begin.headers.get('location') ?? '', { redirect: 'manual' });
  const back = approved.headers.get('location') ?? '';
  expect(back).toContain(`:${b.port()}/slack/oauth_redirect`);
  const done = await fetch(back, { headers: { cookie } });
  expect(done.status).toBe(200);
  // Refreshed tokens last 12 hours, as on Slack.
  fake.oauth.expiresIn = 12 * 3600;
});

afterAll(async () => {
  await a.stop();
  await b.stop();
  await store.close();
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

// The installs made by the first steps are what the later steps use: they keep their order when the suite runs
// shuffled.
describe('Slack token rotation across instances', { shuffle: false }, () => {
  it('stores the refresh token and expiry oauth.v2.access returned', async () => {
    const installed = await store.getInstallation({ teamId: 'T1' });
    expect(installed?.botToken).toMatch(/^xoxe\.xoxb-/);
    expect(installed?.botRefreshToken).toMatch(/^xoxe-1-/);
    expect(new Date(installed?.botExpiresAt ?? 0).getTime()).toBeGreaterThan(clock.now().getTime());
  });

  it('two instances posting at once with an expiring token refresh it once and both post with the new token', async () => {
    const old = await store.getInstallation({ teamId: 'T1' });
    const results = await Promise.all([
      a.post('slack:T1:C1', NOTE),
      b.post('slack:T1:C2', NOTE),
      a.post('slack:T1:C3', NOTE),
      b.post('slack:T1:C4', NOTE),
    ]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(refreshes()).toHaveLength(1);
    expect(refreshes()[0]?.params.refresh_token).toBe(old?.botRefreshToken);
    const now = await store.getInstallation({ teamId: 'T1' });
    expect(now?.botToken).not.toBe(old?.botToken);
    expect(now?.botRefreshToken).not.toBe(old?.botRefreshToken);
    const posts = fake.callsOf('chat.postMessage');
    expect(posts).toHaveLength(4);
    expect(new Set(posts.map((p) => p.token))).toEqual(new Set([now?.botToken]));
  });

  it('a fresh token is not refreshed; one about to expire is, on a slash command too', async () => {
    await b.post('slack:T1:C5', NOTE);
    expect(refreshes()).toHaveLength(1);
    const before = await store.getInstallation({ teamId: 'T1' });
    // The refreshed token has 12 hours; move to a minute inside the refresh margin.
    clock.advance(12 * 3600 * 1000 - REFRESH_MARGIN_MS + 60_000);
    const body = slashCommandBody({ text: '贫穷', teamId: 'T1', responseUrl: fake.responseUrl('rot1') });
    const res = await sendSigned(
      `http://127.0.0.1:${b.port()}/slack/events`,
      body,
      'application/x-www-form-urlencoded',
      { secret: SIGNING },
    );
    expect(res.status).toBe(200);
    await expect.poll(() => fake.responses.some((r) => r.id === 'rot1')).toBe(true);
    expect(refreshes()).toHaveLength(2);
    expect(refreshes()[1]?.params.refresh_token).toBe(before?.botRefreshToken);
  });
});
