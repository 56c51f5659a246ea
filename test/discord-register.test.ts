import { PassThrough } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  discordInviteUrl,
  discordRegisterCommand,
  INVITE_PERMISSIONS,
} from '../adapters/discord/register-command.js';
import type { CliIO } from '../src/cli/types.js';
import { startFakeDiscord, type FakeDiscord } from './fakes/discord-fake.js';
import { TEST_TOKEN } from './fakes/discord-harness.js';
import { IDS } from './fakes/discord-interactions.js';

function io(env: Record<string, string | undefined>) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let errText = '';
  stdout.on('data', (c: Buffer) => (out += String(c)));
  stderr.on('data', (c: Buffer) => (errText += String(c)));
  const cli: CliIO = { stdout, stderr, stdin: new PassThrough(), env, cwd: process.cwd() };
  return { cli, out: () => out, err: () => errText };
}

let fake: FakeDiscord;
beforeAll(async () => {
  fake = await startFakeDiscord({ token: TEST_TOKEN, applicationId: IDS.app });
});
afterAll(async () => fake.close());
afterEach(() => expect(fake.violations).toEqual([]));

const env = () => ({
  DISCORD_TOKEN: TEST_TOKEN,
  DISCORD_APPLICATION_ID: IDS.app,
  DISCORD_API_URL: fake.apiUrl,
});

describe('discord-register', () => {
  it('bulk-overwrites the global commands with a body Discord accepts, then prints the invite URL', async () => {
    const t = io(env());
    const after = fake.requests.length;
    expect(await discordRegisterCommand.run([], t.cli)).toBe(0);
    const [put] = fake.requests.slice(after);
    expect(put?.method).toBe('PUT');
    expect(put?.template).toBe('/applications/{application_id}/commands');
    expect(put?.path).toBe(`/applications/${IDS.app}/commands`);
    expect(put?.authorization).toBe(`Bot ${TEST_TOKEN}`);
    const body = put?.body as { name: string; description_localizations: Record<string, string> }[];
    expect(body.map((c) => c.name)).toEqual(['quote', 'discuss', 'daily', 'weekly', 'help']);
    // Localised for simplified and traditional Chinese and English.
    expect(body.find((c) => c.name === 'daily')?.description_localizations).toEqual({
      'zh-CN': '本频道的每日一句(需要“管理频道”权限)',
      'zh-TW': '本頻道的每日一句(需要“管理頻道”權限)',
      'en-US': "This channel's daily insight (Manage Channels)",
    });
    expect(JSON.stringify(body)).toContain('"zh-TW":"話題"');
    expect(t.out()).toContain('Registered 5 commands globally: /quote, /discuss, /daily, /weekly, /help');
    expect(t.out()).toContain(discordInviteUrl(IDS.app));
    expect(t.out() + t.err()).not.toContain(TEST_TOKEN);
  });

  it('registers in one server with --guild', async () => {
    const t = io(env());
    const after = fake.requests.length;
    expect(await discordRegisterCommand.run(['--guild', IDS.guild], t.cli)).toBe(0);
    expect(fake.requests.slice(after).map((r) => `${r.method} ${r.path}`)).toEqual([
      `PUT /applications/${IDS.app}/guilds/${IDS.guild}/commands`,
    ]);
    expect(t.out()).toContain(`in server ${IDS.guild}`);
  });

  it('exits 2 naming the missing variable, without calling Discord', async () => {
    const after = fake.requests.length;
    const noToken = io({ DISCORD_APPLICATION_ID: IDS.app, DISCORD_API_URL: fake.apiUrl });
    expect(await discordRegisterCommand.run([], noToken.cli)).toBe(2);
    expect(noToken.err()).toContain('DISCORD_TOKEN');
    const noApp = io({ DISCORD_TOKEN: TEST_TOKEN, SLACK_BOT_TOKEN: 'xoxb-half-configured-slack' });
    expect(await discordRegisterCommand.run([], noApp.cli)).toBe(2);
    expect(noApp.err()).toContain('DISCORD_APPLICATION_ID');
    expect(noApp.err()).not.toContain('SLACK');
    expect(fake.requests.length).toBe(after);
  });

  it('exits 2 on a bad --guild or an unknown argument', async () => {
    for (const args of [['--guild'], ['--guild', 'general'], ['--global']]) {
      const t = io(env());
      expect(await discordRegisterCommand.run(args, t.cli)).toBe(2);
      expect(t.err()).toContain('usage: npm run -s mingyan -- discord-register [--guild ID]');
    }
  });

  it('says DISCORD_TOKEN was rejected on 401, without printing it', async () => {
    const wrong = 'not-the-right-token.really-not';
    const t = io({ ...env(), DISCORD_TOKEN: wrong });
    expect(await discordRegisterCommand.run([], t.cli)).toBe(1);
    expect(t.err()).toContain('DISCORD_TOKEN was rejected by Discord');
    expect(t.err() + t.out()).not.toContain(wrong);
  });

  it('explains a 403 in a server the bot is not in', async () => {
    fake.fail('PUT', /\/guilds\//, { status: 403, body: { message: 'Missing Access', code: 50001 } });
    const t = io(env());
    expect(await discordRegisterCommand.run(['--guild', IDS.guild], t.cli)).toBe(1);
    expect(t.err()).toContain(`is the bot in server ${IDS.guild}`);
  });
});

describe('invite URL', () => {
  it('asks for bot + applications.commands and exactly the permissions the bot uses', () => {
    const url = new URL(discordInviteUrl(IDS.app));
    expect(url.origin + url.pathname).toBe('https://discord.com/oauth2/authorize');
    expect(url.searchParams.get('client_id')).toBe(IDS.app);
    expect(url.searchParams.get('scope')).toBe('bot applications.commands');
    // View Channel 1024, Send Messages 2048, Embed Links 16384, Read Message History 65536,
    // Create Public Threads 2^35, Send Messages in Threads 2^38.
    const expected = 1024n + 2048n + 16384n + 65536n + 2n ** 35n + 2n ** 38n;
    expect(INVITE_PERMISSIONS).toBe(expected);
    expect(url.searchParams.get('permissions')).toBe(String(expected));
  });
});
