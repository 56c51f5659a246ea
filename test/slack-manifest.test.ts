import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { slackManifestCommand } from '../adapters/slack/manifest-command.js';
import { botScopes, manifestPath } from '../adapters/slack/manifest.js';
import type { CliIO } from '../src/cli/types.js';

interface Manifest {
  display_information: { name: string; description: string };
  features: {
    app_home: { home_tab_enabled: boolean };
    bot_user: { display_name: string };
    slash_commands: { command: string; usage_hint: string; url?: string; should_escape: boolean }[];
  };
  oauth_config: { scopes: { bot: string[] }; redirect_urls?: string[] };
  settings: {
    event_subscriptions: { bot_events: string[]; request_url?: string };
    interactivity: { is_enabled: boolean; request_url?: string };
    socket_mode_enabled: boolean;
  };
}

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const io: CliIO = { stdout, stderr, stdin: new PassThrough(), env: {}, cwd: process.cwd() };
  const code = await slackManifestCommand.run(args, io);
  return { code, out, err };
}

describe('adapters/slack/manifest.yml', () => {
  const manifest = parse(readFileSync(manifestPath(), 'utf8')) as Manifest;

  it('declares /quote with a usage hint, App Home, interactivity and Socket Mode', () => {
    expect(manifest.features.slash_commands).toEqual([
      expect.objectContaining({
        command: '/quote',
        usage_hint: expect.stringContaining('topic'),
        should_escape: false,
      }),
    ]);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.display_information.description.length).toBeLessThanOrEqual(140);
  });

  it('asks for exactly the scopes and events the adapter uses', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(
      [
        'app_mentions:read',
        'chat:write',
        'chat:write.public',
        'commands',
        'files:write',
        'users:read',
      ].sort(),
    );
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([
      'app_home_opened',
      'app_mention',
    ]);
  });
});

describe('mingyan slack-manifest', () => {
  it('prints the manifest as shipped without --url', async () => {
    const { code, out } = await run([]);
    expect(code).toBe(0);
    expect(out).toBe(readFileSync(manifestPath(), 'utf8'));
  });

  it('fills in the request URLs and turns Socket Mode off with --url', async () => {
    const { code, out } = await run(['--url', 'https://quotes.example.com/']);
    expect(code).toBe(0);
    const m = parse(out) as Manifest;
    const url = 'https://quotes.example.com/slack/events';
    expect(m.settings.event_subscriptions.request_url).toBe(url);
    expect(m.settings.interactivity.request_url).toBe(url);
    expect(m.features.slash_commands[0]?.url).toBe(url);
    expect(m.settings.socket_mode_enabled).toBe(false);
    expect(out).toContain('# Slack app manifest for mingyan'); // comments survive
  });

  it('with --url adds the OAuth redirect URL and the uninstall events distribution mode needs', async () => {
    const { out } = await run(['--url', 'https://quotes.example.com']);
    const m = parse(out) as Manifest;
    expect(m.oauth_config.redirect_urls).toEqual(['https://quotes.example.com/slack/oauth_redirect']);
    expect([...m.settings.event_subscriptions.bot_events].sort()).toEqual([
      'app_home_opened',
      'app_mention',
      'app_uninstalled',
      'tokens_revoked',
    ]);
    expect(out).toContain('https://quotes.example.com/slack/install');
    // Without --url (Socket Mode, one workspace) none of it is there.
    const shipped = parse((await run([])).out) as Manifest;
    expect(shipped.oauth_config.redirect_urls).toBeUndefined();
  });

  it('asks an install for exactly the bot scopes of the manifest', () => {
    const shipped = parse(readFileSync(manifestPath(), 'utf8')) as Manifest;
    expect(botScopes()).toEqual(shipped.oauth_config.scopes.bot);
    expect(() => botScopes('display_information: {name: x}\n')).toThrow(/lists no bot scopes/);
  });

  it('with --url the header comment describes HTTP mode, not Socket Mode as the default', async () => {
    const { out } = await run(['--url', 'https://quotes.example.com']);
    const header = out.slice(0, out.indexOf('\ndisplay_information:'));
    expect(header.split('\n').every((l) => l.startsWith('#'))).toBe(true);
    expect(header).not.toMatch(/Socket Mode \(the default here\)|SLACK_APP_TOKEN=xapp/);
    expect(header).toContain('HTTP mode (Socket Mode off)');
    expect(header).toContain('https://quotes.example.com/slack/events');
    expect(header).toContain('SLACK_SIGNING_SECRET');
    expect(header).toContain('# "Create New App" -> "From a manifest"');
  });

  it('keeps a path prefix (--url=https://host/bots/mingyan)', async () => {
    const { out } = await run(['--url=https://host.example/bots/mingyan']);
    expect((parse(out) as Manifest).settings.interactivity.request_url).toBe(
      'https://host.example/bots/mingyan/slack/events',
    );
  });

  it.each([
    [['--url', 'not a url'], /--url must be an https URL/],
    [['--url', 'http://quotes.example.com'], /must use https/],
    [['--url', 'https://quotes.example.com/?a=1'], /without query/],
    [['--url'], /--url needs a value/],
    [['--nope'], /unknown argument "--nope"/],
  ])('exits 2 with a message for %j', async (args, message) => {
    const { code, out, err } = await run(args);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(message);
    expect(err).toContain('usage: npm run -s mingyan -- slack-manifest');
  });
});
