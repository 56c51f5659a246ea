// Slack distribution mode end to end: a browser installs the app into two workspaces through the real Bolt
// receiver and the loopback Slack fake (authorize page, oauth.v2.access); each workspace is then served with its
// own token (mentions, Share, daily posts); an uninstall pauses only that workspace; bad state and replayed codes
// are refused.
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../adapters/slack/index.js';
import { NOT_INSTALLED_REASON } from '../adapters/slack/installations.js';
import { botScopes } from '../adapters/slack/manifest.js';
import { platformOf } from '../src/adapter.js';
import { createBot } from '../src/bot/index.js';
import type { Bot } from '../src/bot/types.js';
import { createManualClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { createLogger, silentLogger } from '../src/log.js';
import { createScheduler, type Scheduler } from '../src/schedule/index.js';
import { createQuoteSearch } from '../src/search/index.js';
import { openStore, type Store } from '../src/store/index.js';
import { startFakeSlack, type FakeSlack, type FakeWorkspace } from './fakes/slack-api.js';
import { buttonPressBody, eventBody, sendSigned, slashCommandBody } from './fakes/slack-requests.js';
import { shippedCorpus } from './fakes/slack-bot.js';

const SIGNING = 'distribution-signing-secret';
const STATE_SECRET = 'distribution-state-secret-0123456789';
const FORM = 'application/x-www-form-urlencoded';
// Sunday 2025-06-01, 08:55 in Shanghai.
const clock = createManualClock('2025-06-01T00:55:00Z');

let dir: string;
let fake: FakeSlack;
let store: Store;
let scheduler: Scheduler;
let bot: Bot;
let adapter: SlackAdapter;
let base: string;
let n = 0;
/** Every line the adapter logged (JSON), to check what it says and that no token is in it. */
const logLines: string[] = [];
const logger = createLogger({
  level: 'debug',
  destination: { write: (line: string) => void logLines.push(line) },
});

function distributionConfig(extra: Record<string, string> = {}) {
  const loaded = loadConfig({
    SLACK_CLIENT_ID: fake.oauth.clientId,
    SLACK_CLIENT_SECRET: fake.oauth.clientSecret,
    SLACK_STATE_SECRET: STATE_SECRET,
    SLACK_SIGNING_SECRET: SIGNING,
    SLACK_API_URL: fake.apiUrl,
    PORT: '0',
    ...extra,
  });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
  return loaded.value;
}

/** What a browser does on /slack/install?direct=1: keeps the state cookie, follows Slack back to the app. */
async function startInstall(
  workspace: FakeWorkspace,
): Promise<{ callback: string; cookie: string; authorize: URL }> {
  fake.oauth.nextWorkspace = workspace;
  const start = await fetch(`${base}/slack/install?direct=1`, { redirect: 'manual' });
  expect(start.status).toBe(302);
  const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  expect(cookie).toMatch(/^slack-app-oauth-state=.+/);
  const authorize = new URL(start.headers.get('location') ?? '');
  const approved = await fetch(authorize, { redirect: 'manual' });
  expect(approved.status).toBe(302);
  return { callback: approved.headers.get('location') ?? '', cookie, authorize };
}

async function install(
  workspace: FakeWorkspace,
): Promise<{ status: number; html: string; callback: string; cookie: string }> {
  const { callback, cookie } = await startInstall(workspace);
  const done = await fetch(callback, { headers: { cookie }, redirect: 'manual' });
  return { status: done.status, html: await done.text(), callback, cookie };
}

const tokenOf = async (teamId: string): Promise<string> => {
  const found = await store.installationForTeam(teamId);
  if (!found) throw new Error(`no installation for ${teamId}`);
  return found.botToken;
};

async function slash(
  text: string,
  teamId: string,
  channelId: string,
  extra: Record<string, string> = {},
): Promise<{ status: number; body?: string }> {
  const id = `d${++n}`;
  const params = new URLSearchParams(
    slashCommandBody({ text, teamId, channelId, responseUrl: fake.responseUrl(id) }),
  );
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  const res = await sendSigned(`${base}/slack/events`, params.toString(), FORM, { secret: SIGNING });
  if (res.status !== 200) return { status: res.status };
  await expect.poll(() => fake.responses.some((r) => r.id === id)).toBe(true);
  return { status: 200, body: JSON.stringify(fake.responses.find((r) => r.id === id)?.body) };
}

async function event(payload: Record<string, unknown>, teamId: string, extra: Record<string, unknown> = {}) {
  const body = {
    ...(JSON.parse(eventBody(payload, `Ev${++n}`, teamId)) as Record<string, unknown>),
    ...extra,
  };
  return sendSigned(`${base}/slack/events`, JSON.stringify(body), 'application/json', { secret: SIGNING });
}

const postsTo = (channel: string) =>
  fake.callsOf('chat.postMessage').filter((c) => c.params.channel === channel);

/** A state value as Bolt's stateless store signs it (HS256 JWT), for forged and expired states. */
function jwt(payload: Record<string, unknown>, secret: string): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const head = `${enc({ alg: 'HS256', typ: 'JWT' })}.${enc(payload)}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mingyan-dist-'));
  fake = await startFakeSlack();
  store = await openStore(join(dir, 'mingyan.db'));
  const corpus = shippedCorpus();
  adapter = createSlackAdapter({ config: distributionConfig(), logger }, { host: '127.0.0.1' });
  scheduler = createScheduler({
    store,
    corpus,
    clock,
    logger: silentLogger,
    adapterFor: (channel) => (platformOf(channel) === 'slack' ? adapter : undefined),
    defaultTimeZone: 'Asia/Shanghai',
    missedWindowHours: 6,
  });
  bot = createBot({
    corpus,
    search: createQuoteSearch(corpus.quotes),
    settings: store,
    subscriptions: scheduler,
    clock,
    defaultTimeZone: 'Asia/Shanghai',
  });
  await adapter.start(bot, { store, clock });
  base = `http://127.0.0.1:${adapter.port()}`;
  fake.oauth.redirectUrl = `${base}/slack/oauth_redirect`;
});

afterAll(async () => {
  await scheduler.stop();
  await adapter.stop();
  await store.close();
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

// The installs made by the first steps are what the later steps use: they keep their order when the suite runs
// shuffled.
describe('Slack distribution mode ("Add to Slack")', { shuffle: false }, () => {
  it('serves a bilingual Add to Slack page whose button goes straight to Slack with the state cookie', async () => {
    const page = await fetch(`${base}/slack/install`, { redirect: 'manual' });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('添加到 Slack');
    expect(html).toContain('Add to Slack');
    expect(html).toContain('href="?direct=1"');
    expect(page.headers.get('set-cookie')).toBeNull();
    const { authorize } = await startInstall({ teamId: 'T9' });
    expect(authorize.origin).toBe(fake.url);
    expect(authorize.pathname).toBe('/oauth/v2/authorize');
    expect(authorize.searchParams.get('client_id')).toBe(fake.oauth.clientId);
    expect(authorize.searchParams.get('scope')?.split(',')).toEqual(botScopes());
    expect(botScopes()).toEqual(expect.arrayContaining(['commands', 'chat:write', 'users:read']));
  });

  it('installs into two workspaces, each with its own token, and says what to do next', async () => {
    const one = await install({ teamId: 'T1', teamName: 'Alpha & Co' });
    expect(one.status).toBe(200);
    expect(one.html).toContain('mingyan 已安装到 Alpha &amp; Co');
    expect(one.html).toContain('/quote daily 09:00');
    const two = await install({ teamId: 'T2', teamName: 'Beta' });
    expect(two.status).toBe(200);
    const [i1, i2] = [
      await store.getInstallation({ teamId: 'T1' }),
      await store.getInstallation({ teamId: 'T2' }),
    ];
    expect(i1).toMatchObject({
      teamId: 'T1',
      botUserId: 'UBOTT1',
      installerUserId: 'UINSTALLER',
      isEnterpriseInstall: false,
    });
    expect(i1?.botScopes).toContain('chat:write');
    expect(i1?.botToken).not.toBe(i2?.botToken);
    expect(
      fake.callsOf('oauth.v2.access').every((c) => c.params.client_secret === fake.oauth.clientSecret),
    ).toBe(true);
  });

  it('answers a signed slash command from each installed workspace; one without an installation is ignored with a warning', async () => {
    expect((await slash('贫穷', 'T1', 'C1')).body).toContain('贫穷限制');
    expect((await slash('贫穷', 'T2', 'C2')).body).toContain('贫穷限制');
    const stranger = slashCommandBody({
      text: '贫穷',
      teamId: 'T3',
      channelId: 'C3',
      responseUrl: fake.responseUrl('stranger'),
    });
    expect((await sendSigned(`${base}/slack/events`, stranger, FORM, { secret: SIGNING })).status).toBe(200);
    await expect
      .poll(() =>
        logLines.some(
          (l) => l.includes('ignored a request from a workspace without an installation') && l.includes('T3'),
        ),
      )
      .toBe(true);
    expect(fake.responses.some((r) => r.id === 'stranger')).toBe(false);
  });

  it('answers a mention and posts a shared quote with the token of the workspace it came from', async () => {
    expect(
      (
        await event(
          { type: 'app_mention', user: 'U1', text: '<@UBOTT1> 贫穷', ts: '1.1', channel: 'C11' },
          'T1',
        )
      ).status,
    ).toBe(200);
    expect(
      (
        await event(
          { type: 'app_mention', user: 'U2', text: '<@UBOTT2> 贫穷', ts: '1.2', channel: 'C12' },
          'T2',
        )
      ).status,
    ).toBe(200);
    await expect.poll(() => postsTo('C11').length + postsTo('C12').length).toBe(2);
    expect(postsTo('C11')[0]?.token).toBe(await tokenOf('T1'));
    expect(postsTo('C12')[0]?.token).toBe(await tokenOf('T2'));

    const answer = JSON.parse((await slash('贫穷', 'T2', 'C22')).body ?? '{}') as {
      blocks: { elements?: { action_id?: string; value?: string }[] }[];
    };
    const share = answer.blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'mingyan_share');
    const pressed = await sendSigned(
      `${base}/slack/events`,
      buttonPressBody({
        actionId: 'mingyan_share',
        value: share?.value ?? '',
        responseUrl: fake.responseUrl(`s${++n}`),
        teamId: 'T2',
        channelId: 'C22',
      }),
      FORM,
      { secret: SIGNING },
    );
    expect(pressed.status).toBe(200);
    await expect.poll(() => postsTo('C22').length).toBe(1);
    expect(postsTo('C22')[0]?.token).toBe(await tokenOf('T2'));
    expect(fake.callsOf('users.info').at(-1)?.token).toBe(await tokenOf('T2'));
  });

  it("posts each team's daily quote with that team's own token", async () => {
    expect((await slash('daily 09:00 Asia/Shanghai', 'T1', 'C31')).body).toContain('Subscribed');
    expect((await slash('daily 09:00 Asia/Shanghai', 'T2', 'C32')).body).toContain('Subscribed');
    clock.set('2025-06-01T01:05:00Z');
    const report = await scheduler.tick();
    expect(report.posted.map((p) => p.channel).sort()).toEqual(['slack:T1:C31', 'slack:T2:C32']);
    expect(postsTo('C31')[0]?.token).toBe(await tokenOf('T1'));
    expect(postsTo('C32')[0]?.token).toBe(await tokenOf('T2'));
  });

  it('uninstalling one workspace (either event first) deletes its installation and pauses only its subscriptions; reinstalling resumes them', async () => {
    expect((await event({ type: 'tokens_revoked', tokens: { bot: ['UBOTT1'] } }, 'T1')).status).toBe(200);
    await expect.poll(() => store.getInstallation({ teamId: 'T1' })).toBeUndefined();
    expect((await event({ type: 'app_uninstalled' }, 'T1')).status).toBe(200);
    await expect
      .poll(async () => (await store.getSubscription('slack:T1:C31', 'daily'))?.pausedReason)
      .toBe(NOT_INSTALLED_REASON);
    expect((await store.getSubscription('slack:T2:C32', 'daily'))?.pausedReason).toBeUndefined();
    expect(await store.getInstallation({ teamId: 'T2' })).toBeDefined();

    clock.set('2025-06-02T01:05:00Z'); // Monday 09:05: only T2 posts
    const before = fake.callsOf('chat.postMessage').length;
    const report = await scheduler.tick();
    expect(report.posted.map((p) => p.channel)).toEqual(['slack:T2:C32']);
    expect(fake.callsOf('chat.postMessage').length).toBe(before + 1);

    expect((await install({ teamId: 'T1', teamName: 'Alpha & Co' })).status).toBe(200);
    expect((await store.getSubscription('slack:T1:C31', 'daily'))?.pausedReason).toBeUndefined();
    clock.set('2025-06-03T01:05:00Z');
    const resumed = await scheduler.tick();
    expect(resumed.posted.map((p) => p.channel).sort()).toEqual(['slack:T1:C31', 'slack:T2:C32']);
    expect(postsTo('C31').at(-1)?.token).toBe(await tokenOf('T1'));
  });

  it('the App Home of each workspace is published with that workspace token', async () => {
    const before = fake.callsOf('views.publish').length;
    expect(
      (await event({ type: 'app_home_opened', user: 'U7', tab: 'home', channel: 'D7' }, 'T2')).status,
    ).toBe(200);
    await expect.poll(() => fake.callsOf('views.publish').length).toBe(before + 1);
    expect(fake.callsOf('views.publish').at(-1)?.token).toBe(await tokenOf('T2'));
  });

  it('app_uninstalled first, then tokens_revoked: removed once, paused, and the second event changes nothing', async () => {
    expect((await install({ teamId: 'T8', teamName: 'Eta' })).status).toBe(200);
    expect((await slash('daily 09:00 Asia/Shanghai', 'T8', 'C81')).body).toContain('Subscribed');
    expect((await event({ type: 'app_uninstalled' }, 'T8')).status).toBe(200);
    await expect
      .poll(async () => (await store.getSubscription('slack:T8:C81', 'daily'))?.pausedReason)
      .toBe(NOT_INSTALLED_REASON);
    expect(await store.getInstallation({ teamId: 'T8' })).toBeUndefined();
    const removals = () => logLines.filter((l) => l.includes('Slack app removed') && l.includes('T8')).length;
    await expect.poll(removals).toBe(1);
    expect((await event({ type: 'tokens_revoked', tokens: { bot: ['UBOTT8'] } }, 'T8')).status).toBe(200);
    await expect.poll(removals).toBe(2);
    expect(logLines.filter((l) => l.includes('Slack app removed') && l.includes('T8')).at(-1)).toContain(
      '"deleted":false',
    );
    expect((await store.getSubscription('slack:T8:C81', 'daily'))?.pausedReason).toBe(NOT_INSTALLED_REASON);
  });

  it('a team whose installation is missing at post time is paused once with the reason, not failed every minute', async () => {
    await store.deleteInstallation({ teamId: 'T2' });
    clock.set('2025-06-04T01:05:00Z');
    const report = await scheduler.tick();
    expect(report.paused).toEqual(
      [
        {
          channel: 'slack:T2:C32',
          kind: 'daily',
          reason: NOT_INSTALLED_REASON,
          subscriptionId: expect.any(Number),
        },
      ].map((p) => expect.objectContaining({ channel: p.channel, reason: p.reason })),
    );
    const calls = fake.callsOf('chat.postMessage').length;
    clock.advance(60_000);
    expect((await scheduler.tick()).failed).toEqual([]);
    expect(fake.callsOf('chat.postMessage').length).toBe(calls);
    expect((await install({ teamId: 'T2', teamName: 'Beta' })).status).toBe(200);
    expect((await store.getSubscription('slack:T2:C32', 'daily'))?.pausedReason).toBeUndefined();
  });

  it('refuses a forged state, an expired state and a state without its cookie, and exchanges no code', async () => {
    const exchanges = fake.callsOf('oauth.v2.access').length;
    const forged = jwt(
      { installOptions: { scopes: ['commands'] }, now: new Date().toJSON() },
      'not-the-state-secret-000',
    );
    const expired = jwt(
      { installOptions: { scopes: ['commands'] }, now: new Date(Date.now() - 11 * 60_000).toJSON() },
      STATE_SECRET,
    );
    for (const state of [forged, expired]) {
      const res = await fetch(`${base}/slack/oauth_redirect?code=anything&state=${state}`, {
        headers: { cookie: `slack-app-oauth-state=${state}` },
      });
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toContain('安装链接已过期');
      expect(html).toContain('Start again');
    }
    const { callback } = await startInstall({ teamId: 'T4' });
    const noCookie = await fetch(callback);
    expect(noCookie.status).toBe(400);
    expect(fake.callsOf('oauth.v2.access').length).toBe(exchanges);
    expect(await store.getInstallation({ teamId: 'T4' })).toBeUndefined();
  });

  it('refuses a replayed code and keeps the installation as it was', async () => {
    const first = await install({ teamId: 'T5', teamName: 'Gamma' });
    expect(first.status).toBe(200);
    const token = await tokenOf('T5');
    const replay = await fetch(first.callback, { headers: { cookie: first.cookie } });
    expect(replay.status).toBe(502);
    const html = await replay.text();
    expect(html).toContain('invalid_code');
    expect(html).toContain('Slack 未完成安装');
    expect(await tokenOf('T5')).toBe(token);
  });

  it('never logs a token or the client secret', () => {
    const secrets = [...fake.oauth.tokens.keys(), fake.oauth.clientSecret, STATE_SECRET];
    expect(secrets.length).toBeGreaterThan(4);
    expect(logLines.some((l) => l.includes('Slack app installed'))).toBe(true);
    for (const secret of secrets)
      expect(logLines.filter((l) => l.includes(secret)).map((l) => l.slice(0, 600))).toEqual([]);
  });

  it('SLACK_DIRECT_INSTALL=1 sends /slack/install straight to Slack', async () => {
    const direct = createSlackAdapter(
      { config: distributionConfig({ SLACK_DIRECT_INSTALL: '1' }), logger: silentLogger },
      { host: '127.0.0.1' },
    );
    await direct.start(bot, { store, clock });
    try {
      const res = await fetch(`http://127.0.0.1:${direct.port()}/slack/install`, { redirect: 'manual' });
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toContain('/oauth/v2/authorize?');
      expect(res.headers.get('set-cookie')).toMatch(/^slack-app-oauth-state=/);
    } finally {
      await direct.stop();
    }
  });

  it('a cancelled install says nothing was installed', async () => {
    const res = await fetch(`${base}/slack/oauth_redirect?error=access_denied&state=x`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('安装已取消');
  });

  it('an Enterprise Grid org-wide install serves each workspace of the org, and its uninstall pauses them all', async () => {
    expect((await install({ teamId: 'T61', enterpriseId: 'E6', orgWide: true })).status).toBe(200);
    const org = await store.getInstallation({ enterpriseId: 'E6' });
    expect(org).toMatchObject({ isEnterpriseInstall: true, teamId: undefined });
    const grid = { enterprise_id: 'E6', is_enterprise_install: 'true' };
    expect((await slash('daily 09:00 Asia/Shanghai', 'T61', 'C61', grid)).body).toContain('Subscribed');
    expect((await slash('daily 09:00 Asia/Shanghai', 'T62', 'C62', grid)).body).toContain('Subscribed');
    clock.set('2025-06-05T01:05:00Z');
    const report = await scheduler.tick();
    expect(report.posted.map((p) => p.channel)).toEqual(
      expect.arrayContaining(['slack:T61:C61', 'slack:T62:C62']),
    );
    expect(postsTo('C61')[0]?.token).toBe(org?.botToken);
    expect(postsTo('C62')[0]?.token).toBe(org?.botToken);

    const orgAuth = {
      enterprise_id: 'E6',
      authorizations: [{ enterprise_id: 'E6', team_id: null, is_enterprise_install: true }],
    };
    expect((await event({ type: 'app_uninstalled' }, 'T61', orgAuth)).status).toBe(200);
    await expect.poll(() => store.getInstallation({ enterpriseId: 'E6' })).toBeUndefined();
    for (const channel of ['slack:T61:C61', 'slack:T62:C62'])
      expect((await store.getSubscription(channel, 'daily'))?.pausedReason).toBe(NOT_INSTALLED_REASON);
    expect((await store.getSubscription('slack:T1:C31', 'daily'))?.pausedReason).toBeUndefined();
  });
});
