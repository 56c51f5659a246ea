import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { slackInstallationsCommand } from '../adapters/slack/installations-command.js';
import { openStore } from '../src/store/index.js';
import { tempDb } from './schedule-helpers.js';
import { captureIO, type CapturedIO } from './cli-io.js';

const NOW = new Date('2026-11-01T09:00:00Z');
const SECRETS = ['xoxb-1111-secret-bot', 'xoxe-1-secret-refresh', 'xoxb-2222-org-secret'];
let db: ReturnType<typeof tempDb>;
beforeEach(() => {
  db = tempDb();
});
afterEach(() => db.cleanup());

function io(env: Record<string, string> = {}): CapturedIO {
  return captureIO({ MINGYAN_DB: db.path, LOG_LEVEL: 'silent', ...env }, db.dir);
}

async function installTwo(): Promise<void> {
  const store = await openStore(db.path);
  try {
    await store.saveInstallation(
      {
        teamId: 'T1',
        teamName: 'Acme',
        isEnterpriseInstall: false,
        botToken: SECRETS[0]!,
        botRefreshToken: SECRETS[1]!,
        botExpiresAt: '2026-11-01T21:00:00.000Z',
        botUserId: 'UBOT1',
        botScopes: ['commands', 'chat:write'],
        installerUserId: 'UADMIN',
      },
      NOW,
    );
    await store.saveInstallation(
      {
        enterpriseId: 'E9',
        enterpriseName: 'Grid Co',
        isEnterpriseInstall: true,
        botToken: SECRETS[2]!,
        botUserId: 'UBOT9',
        botScopes: ['commands'],
      },
      NOW,
    );
    const sub = (channel: string) => ({
      channel,
      kind: 'daily' as const,
      time: '09:00',
      days: [1, 2, 3, 4, 5],
      timezone: 'Asia/Shanghai',
      lang: 'both' as const,
      createdBy: 'U1',
    });
    await store.upsertSubscription(sub('slack:T1:C1'), NOW);
    const paused = await store.upsertSubscription(sub('slack:T1:C2'), NOW);
    await store.pauseSubscription(paused.id, 'channel_not_found', NOW);
    await store.upsertSubscription(sub('slack:T2:C1'), NOW); // another workspace's channel
  } finally {
    await store.close();
  }
}

describe('mingyan slack-installations', () => {
  it('lists each installation with what the bot does there, and never a token', async () => {
    await installTwo();
    const t = io();
    expect(await slackInstallationsCommand.run([], t)).toBe(0);
    expect(t.out()).toContain('T1 (Acme)');
    expect(t.out()).toContain('installed 2026-11-01T09:00:00.000Z by UADMIN');
    expect(t.out()).toContain('1 subscription running, 1 paused');
    expect(t.out()).toContain(
      'bot UBOT1; scopes commands, chat:write; token rotates, expires 2026-11-01T21:00:00.000Z',
    );
    expect(t.out()).toContain('org-wide E9 (Grid Co): every workspace of the org');
    expect(t.out()).toContain('distribution mode is off here');
    for (const secret of SECRETS) expect(t.out()).not.toContain(secret);
    expect(t.err()).toBe('');
  });

  it('--json gives every non-secret field', async () => {
    await installTwo();
    const t = io();
    expect(await slackInstallationsCommand.run(['--json'], t)).toBe(0);
    const entries = JSON.parse(t.out()) as Record<string, unknown>[];
    expect(entries).toEqual([
      {
        teamId: 'T1',
        teamName: 'Acme',
        orgWide: false,
        botUserId: 'UBOT1',
        scopes: ['commands', 'chat:write'],
        installedBy: 'UADMIN',
        installedAt: '2026-11-01T09:00:00.000Z',
        updatedAt: '2026-11-01T09:00:00.000Z',
        tokenExpiresAt: '2026-11-01T21:00:00.000Z',
        subscriptions: { active: 1, paused: 1 },
      },
      expect.objectContaining({ enterpriseId: 'E9', orgWide: true, botUserId: 'UBOT9' }),
    ]);
    for (const secret of SECRETS) expect(t.out()).not.toContain(secret);
  });

  it('says so when there is no database or no installation yet', async () => {
    const none = io();
    expect(await slackInstallationsCommand.run([], none)).toBe(0);
    expect(none.out()).toMatch(/^no database at .* yet: no Slack installations/);
    await (await openStore(db.path)).close();
    const empty = io();
    expect(await slackInstallationsCommand.run([], empty)).toBe(0);
    expect(empty.out()).toMatch(
      /^no Slack installations yet: workspaces install the app at \/slack\/install/,
    );
  });

  it('refuses an unknown argument with the usage', async () => {
    const t = io();
    expect(await slackInstallationsCommand.run(['--tokens'], t)).toBe(2);
    expect(t.err()).toBe(
      'mingyan slack-installations: unknown argument "--tokens"\nusage: npm run -s mingyan -- slack-installations [--json]\n',
    );
  });
});
