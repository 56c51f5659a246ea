import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from './fakes/discord-fake.js';
import { chatInput, IDS, sub, testGuild } from './fakes/discord-interactions.js';
import { startFakeSlack, type FakeSlack } from './fakes/slack-api.js';
import { sendSigned, slashCommandBody } from './fakes/slack-requests.js';

/**
 * The whole bot, as `npm start` runs it, against loopback fakes of Slack and Discord, at debug level, with canary
 * secrets. Whatever any library logs, including errors, no canary may reach stdout or stderr.
 */
const root = join(import.meta.dirname, '..');
const tsxLoader = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;

const CANARY = {
  slackBot: 'xoxb-4242-4242-canaryBotToken0042',
  slackApp: 'xapp-1-ACANARY-4242-canaryapptoken0042',
  signing: 'canary0signing0secret0000000042',
  discord: 'canary-discord-token.MTIzNDU2.canaryDiscordSecretPart0042',
  interaction: 'aW50ZXJhY3Rpb246Y2FuYXJ5LWludGVyYWN0aW9uLXRva2VuLTAwNDI',
  clientSecret: 'canary0client0secret000000000042',
  stateSecret: 'canary-state-secret-0000000000042',
};

/** A running `mingyan start` with everything it printed. */
interface Bot {
  output(): string;
  stop(): Promise<number | null>;
}

async function waitFor(what: () => boolean, label: string, bot?: Bot, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!what()) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting: ${label}\n${bot?.output().slice(-3000) ?? ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function startBot(env: Record<string, string>, adapters: number): Promise<Bot> {
  const dir = mkdtempSync(join(tmpdir(), 'mingyan-canary-'));
  const child = spawn(process.execPath, ['--import', tsxLoader, join(root, 'bin/mingyan.ts'), 'start'], {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      MINGYAN_DB: join(dir, 'bot.db'),
      HEALTH_PORT: '0',
      LOG_LEVEL: 'debug',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const bot: Bot = {
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exit;
    },
  };
  running.push(bot);
  await waitFor(() => (output.match(/adapter started/g) ?? []).length >= adapters, 'adapters started', bot);
  return bot;
}

function expectNoCanary(output: string, issued: readonly string[] = []): void {
  expect(output).toMatch(/"level":20/); // debug lines were really written
  for (const [name, secret] of Object.entries({
    ...CANARY,
    ...Object.fromEntries(issued.map((t, i) => [`issued token ${i}`, t])),
  })) {
    expect(output.includes(secret), `${name} leaked into the logs`).toBe(false);
  }
}

/** The port a bot started with PORT=0 reports in its "listening" log line. */
function listeningPort(bot: Bot): number {
  const found = /"port":(\d+)[^\n]*Slack distribution mode listening/.exec(bot.output());
  if (!found) throw new Error(`no listening port logged\n${bot.output().slice(-2000)}`);
  return Number(found[1]);
}

let slack: FakeSlack;
let discord: FakeDiscord;
const running: Bot[] = [];

beforeAll(async () => {
  slack = await startFakeSlack();
  discord = await startFakeDiscord({ token: CANARY.discord, applicationId: IDS.app, guilds: [testGuild()] });
});

afterAll(async () => {
  await Promise.all(running.map((b) => b.stop()));
  await discord?.close();
  await slack?.close();
});

describe('no secret reaches any log line', () => {
  // One process for every check (each `mingyan start` costs seconds): Slack in Socket Mode with all three
  // Slack secrets set, and Discord. The HTTP receiver's forged-signature path is checked in process
  // (test/slack-start.test.ts), with a debug logger, as here.
  it('Slack and Discord answer, fail on purpose, shut down, and never print a canary', async () => {
    const bot = await startBot(
      {
        MINGYAN_ADAPTERS: 'slack,discord',
        SLACK_BOT_TOKEN: CANARY.slackBot,
        SLACK_APP_TOKEN: CANARY.slackApp,
        SLACK_SIGNING_SECRET: CANARY.signing,
        SLACK_API_URL: slack.apiUrl,
        DISCORD_TOKEN: CANARY.discord,
        DISCORD_APPLICATION_ID: IDS.app,
        DISCORD_API_URL: discord.apiUrl,
      },
      2,
    );
    const slash = (id: string, text: string) =>
      slack.sendEnvelope({
        envelope_id: `env-${id}`,
        type: 'slash_commands',
        accepts_response_payload: true,
        payload: {
          team_id: 'T1',
          channel_id: 'C1',
          user_id: 'U1',
          user_name: 'ann',
          command: '/quote',
          text,
          api_app_id: 'A1',
          response_url: slack.responseUrl(id),
          trigger_id: '1.2.3',
        },
      });
    slash('canary-socket', '贫穷');
    await waitFor(() => slack.responses.some((r) => r.id === 'canary-socket'), 'slack answered', bot);

    // A Web API error surfaces through the Slack client's own logging and our error handling.
    slack.failNext('chat.postMessage', { error: 'invalid_auth' });
    slack.sendEnvelope({
      envelope_id: 'env-mention',
      type: 'events_api',
      accepts_response_payload: false,
      retry_attempt: 0,
      retry_reason: '',
      payload: {
        team_id: 'T1',
        api_app_id: 'A1',
        type: 'event_callback',
        event_id: 'EvCanary1',
        event_time: 1,
        event: { type: 'app_mention', user: 'U1', text: '<@UBOT> 2B', ts: '1700000000.1', channel: 'C1' },
      },
    });
    await waitFor(() => slack.callsOf('chat.postMessage').length > 0, 'mention answered (and failed)', bot);
    // Handled in order on one socket: once a later command is answered, the failure has been logged.
    slash('canary-after', '公司要活下来');
    await waitFor(() => slack.responses.some((r) => r.id === 'canary-after'), 'slack answered again', bot);

    discord.dispatchInteraction({ ...chatInput('quote', [sub('random')]), token: CANARY.interaction });
    await waitFor(() => discord.requests.some((r) => r.path.includes('/callback')), 'discord answered', bot);

    // A failing callback makes discord.js throw an error that carries the interaction URL (and token).
    discord.fail('POST', /\/callback$/, { status: 500, body: { message: 'boom', code: 0 } }, 5);
    const failing = { ...chatInput('quote', [sub('random')]), token: CANARY.interaction };
    discord.dispatchInteraction(failing);
    // The adapter's debug log says when it has finished with an interaction, answered or failed.
    await waitFor(
      () => new RegExp(`"interaction":"${failing.id}"[^\\n]*discord: interaction failed`).test(bot.output()),
      'discord failure logged',
      bot,
    );

    expect(await bot.stop()).toBe(0);
    expectNoCanary(bot.output());
  }, 60_000);

  it('Slack distribution mode: installs, a token refresh, a replayed code, a failing call and an uninstall never print a token or secret', async () => {
    slack.oauth.clientSecret = CANARY.clientSecret;
    slack.oauth.nextWorkspace = { teamId: 'T1', teamName: 'Canary' };
    // Tokens with an hour left: the first request refreshes one.
    slack.oauth.expiresIn = 3600;
    const bot = await startBot(
      {
        MINGYAN_ADAPTERS: 'slack',
        SLACK_CLIENT_ID: slack.oauth.clientId,
        SLACK_CLIENT_SECRET: CANARY.clientSecret,
        SLACK_STATE_SECRET: CANARY.stateSecret,
        SLACK_SIGNING_SECRET: CANARY.signing,
        SLACK_TOKEN_ROTATION: '1',
        SLACK_API_URL: slack.apiUrl,
        PORT: '0',
      },
      1,
    );
    // The bot binds port 0 and says which port it got; the app's redirect URL (set at Slack) points there.
    const base = `http://127.0.0.1:${listeningPort(bot)}`;
    slack.oauth.redirectUrl = `${base}/slack/oauth_redirect`;
    const begin = await fetch(`${base}/slack/install?direct=1`, { redirect: 'manual' });
    const cookie = (begin.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const approved = await fetch(begin.headers.get('location') ?? '', { redirect: 'manual' });
    const callback = approved.headers.get('location') ?? '';
    expect((await fetch(callback, { headers: { cookie } })).status).toBe(200);
    // The same code again: Slack refuses it, and the failure is logged.
    expect((await fetch(callback, { headers: { cookie } })).status).toBe(502);

    const url = `${base}/slack/events`;
    const form = 'application/x-www-form-urlencoded';
    const answered = await sendSigned(
      url,
      slashCommandBody({ text: '贫穷', responseUrl: slack.responseUrl('canary-dist') }),
      form,
      { secret: CANARY.signing },
    );
    expect(answered.status).toBe(200);
    await waitFor(
      () => slack.responses.some((r) => r.id === 'canary-dist'),
      'slack answered in distribution mode',
      bot,
    );
    expect(slack.callsOf('oauth.v2.access').some((c) => c.params.grant_type === 'refresh_token')).toBe(true);

    slack.failNext('chat.postMessage', { error: 'invalid_auth' });
    const envelope = (event: Record<string, unknown>, id: string) =>
      JSON.stringify({
        token: 'legacy',
        team_id: 'T1',
        api_app_id: 'A1',
        type: 'event_callback',
        event_id: id,
        event_time: 1,
        event,
      });
    const before = slack.callsOf('chat.postMessage').length;
    const mention = envelope(
      { type: 'app_mention', user: 'U1', text: '<@UBOT> 2B', ts: '1700000000.1', channel: 'C1' },
      'EvDist1',
    );
    expect((await sendSigned(url, mention, 'application/json', { secret: CANARY.signing })).status).toBe(200);
    await waitFor(
      () => slack.callsOf('chat.postMessage').length > before,
      'mention answered (and failed)',
      bot,
    );
    const gone = envelope({ type: 'app_uninstalled' }, 'EvDist2');
    expect((await sendSigned(url, gone, 'application/json', { secret: CANARY.signing })).status).toBe(200);
    await waitFor(() => bot.output().includes('Slack app removed'), 'uninstall handled', bot);

    expect(await bot.stop()).toBe(0);
    const issued = [...slack.oauth.tokens.keys(), ...slack.oauth.refreshTokensIssued];
    expect(issued.length).toBeGreaterThanOrEqual(4);
    expectNoCanary(bot.output(), issued);
  }, 60_000);
});
