import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from './fakes/discord-fake.js';
import { chatInput, IDS, sub, testGuild } from './fakes/discord-interactions.js';
import { startFakeSlack, type FakeSlack } from './fakes/slack-api.js';

/**
 * The whole bot, as `npm start` runs it, with Slack (Socket Mode) and Discord against loopback fakes, at debug
 * level, with canary secrets. Whatever any library logs, including errors, no canary may reach stdout or stderr.
 */
const root = join(import.meta.dirname, '..');
const tsxLoader = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;

const CANARY = {
  slackBot: 'xoxb-4242-4242-canaryBotToken0042',
  slackApp: 'xapp-1-ACANARY-4242-canaryapptoken0042',
  signing: 'canary0signing0secret0000000042',
  discord: 'canary-discord-token.MTIzNDU2.canaryDiscordSecretPart0042',
  interaction: 'aW50ZXJhY3Rpb246Y2FuYXJ5LWludGVyYWN0aW9uLXRva2VuLTAwNDI',
};

let slack: FakeSlack;
let discord: FakeDiscord;
let child: ChildProcess;
let output = '';
let exit: Promise<number | null>;

/** Polls until `what` holds (usable in hooks, where expect.poll is not). */
async function waitFor(what: () => boolean, label: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!what()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${label}\n${output.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  slack = await startFakeSlack();
  discord = await startFakeDiscord({ token: CANARY.discord, applicationId: IDS.app, guilds: [testGuild()] });
  const dir = mkdtempSync(join(tmpdir(), 'mingyan-canary-'));
  child = spawn(process.execPath, ['--import', tsxLoader, join(root, 'bin/mingyan.ts'), 'start'], {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      MINGYAN_ADAPTERS: 'slack,discord',
      SLACK_BOT_TOKEN: CANARY.slackBot,
      SLACK_APP_TOKEN: CANARY.slackApp,
      SLACK_SIGNING_SECRET: CANARY.signing,
      SLACK_API_URL: slack.apiUrl,
      DISCORD_TOKEN: CANARY.discord,
      DISCORD_APPLICATION_ID: IDS.app,
      DISCORD_API_URL: discord.apiUrl,
      MINGYAN_DB: join(dir, 'bot.db'),
      HEALTH_PORT: '0',
      LOG_LEVEL: 'debug',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  exit = new Promise((resolve) => child.on('close', (code) => resolve(code)));
  await waitFor(() => (output.match(/adapter started/g) ?? []).length >= 2, 'both adapters started');
}, 60_000);

afterAll(async () => {
  if (child.exitCode === null) child.kill('SIGKILL');
  await discord?.close();
  await slack?.close();
});

describe('no secret reaches any log line', () => {
  it('answers on both platforms, fails on purpose, shuts down, and never prints a canary', async () => {
    slack.sendEnvelope({
      envelope_id: 'env-canary',
      type: 'slash_commands',
      accepts_response_payload: true,
      payload: {
        team_id: 'T1',
        channel_id: 'C1',
        user_id: 'U1',
        user_name: 'ann',
        command: '/quote',
        text: '贫穷',
        api_app_id: 'A1',
        response_url: slack.responseUrl('canary-response'),
        trigger_id: '1.2.3',
      },
    });
    await waitFor(() => slack.responses.some((r) => r.id === 'canary-response'), 'slack answered');

    discord.dispatchInteraction({ ...chatInput('quote', [sub('random')]), token: CANARY.interaction });
    await waitFor(() => discord.requests.some((r) => r.path.includes('/callback')), 'discord answered');

    // A failing callback makes discord.js throw an error that carries the interaction URL (and token).
    discord.fail('POST', /\/callback$/, { status: 500, body: { message: 'boom', code: 0 } }, 5);
    const before = discord.requests.length;
    discord.dispatchInteraction({ ...chatInput('quote', [sub('random')]), token: CANARY.interaction });
    await waitFor(() => discord.requests.length > before, 'discord tried again');
    await new Promise((r) => setTimeout(r, 500));

    child.kill('SIGTERM');
    expect(await exit).toBe(0);

    expect(output).toMatch(/"level":20/); // debug lines were really written
    for (const [name, secret] of Object.entries(CANARY)) {
      expect(output.includes(secret), `${name} leaked into the logs`).toBe(false);
    }
  }, 60_000);
});
