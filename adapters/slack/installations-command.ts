import { errorLine, run } from '../../src/cli/common.js';
import { openConfiguredStore } from '../../src/cli/store.js';
import type { CliCommand, CliIO } from '../../src/cli/types.js';
import { formatConfigProblems, loadConfigIn } from '../../src/config.js';
import type { SlackInstallation, SubscriptionRecord } from '../../src/store/index.js';

const USAGE = 'slack-installations [--json]';

/** One installation as printed: every non-secret field, and what the bot does there. */
export interface InstallationEntry {
  /** Workspace id; absent for an org-wide install. */
  teamId?: string;
  /** Workspace name. */
  teamName?: string;
  /** Enterprise Grid org id. */
  enterpriseId?: string;
  /** Org name. */
  enterpriseName?: string;
  /** Installed org-wide: serves every workspace of the org. */
  orgWide: boolean;
  /** Bot user id. */
  botUserId: string;
  /** Scopes granted to the bot. */
  scopes: string[];
  /** Who installed the app. */
  installedBy?: string;
  /** First installed. */
  installedAt: string;
  /** Last written (a reinstall or a token refresh). */
  updatedAt: string;
  /** When the bot token expires, with token rotation on (it is refreshed before then). */
  tokenExpiresAt?: string;
  /** The workspace's channels subscribed (daily or weekly), running or paused. */
  subscriptions: { active: number; paused: number };
}

/** What `slack-installations` prints for each installation, without any token. */
export function installationEntries(
  installations: readonly SlackInstallation[],
  subscriptions: readonly SubscriptionRecord[],
): InstallationEntry[] {
  return installations.map((i) => {
    const own = i.teamId ? subscriptions.filter((s) => s.channel.startsWith(`slack:${i.teamId}:`)) : [];
    return {
      ...(i.teamId ? { teamId: i.teamId } : {}),
      ...(i.teamName ? { teamName: i.teamName } : {}),
      ...(i.enterpriseId ? { enterpriseId: i.enterpriseId } : {}),
      ...(i.enterpriseName ? { enterpriseName: i.enterpriseName } : {}),
      orgWide: i.isEnterpriseInstall,
      botUserId: i.botUserId,
      scopes: [...i.botScopes],
      ...(i.installerUserId ? { installedBy: i.installerUserId } : {}),
      installedAt: i.installedAt,
      updatedAt: i.updatedAt,
      ...(i.botExpiresAt ? { tokenExpiresAt: i.botExpiresAt } : {}),
      subscriptions: {
        active: own.filter((s) => s.pausedReason === undefined).length,
        paused: own.filter((s) => s.pausedReason !== undefined).length,
      },
    };
  });
}

/** Plain-text lines for people. */
export function formatInstallations(entries: readonly InstallationEntry[]): string[] {
  if (entries.length === 0)
    return ['no Slack installations yet: workspaces install the app at /slack/install (distribution mode)'];
  return entries.flatMap((e) => {
    const who = e.orgWide
      ? `org-wide ${e.enterpriseId ?? '?'}${e.enterpriseName ? ` (${e.enterpriseName})` : ''}: every workspace of the org`
      : `${e.teamId ?? '?'}${e.teamName ? ` (${e.teamName})` : ''}${e.enterpriseId ? ` in org ${e.enterpriseId}` : ''}`;
    const subs = e.orgWide
      ? ''
      : `; ${e.subscriptions.active} subscription${e.subscriptions.active === 1 ? '' : 's'} running` +
        (e.subscriptions.paused ? `, ${e.subscriptions.paused} paused` : '');
    return [
      who,
      `  installed ${e.installedAt}${e.installedBy ? ` by ${e.installedBy}` : ''}, updated ${e.updatedAt}${subs}`,
      `  bot ${e.botUserId}; scopes ${e.scopes.join(', ') || '(none)'}` +
        (e.tokenExpiresAt ? `; token rotates, expires ${e.tokenExpiresAt}` : ''),
    ];
  });
}

const fail = (io: CliIO, message: string, code = 2): number => {
  io.stderr.write(
    `${errorLine('slack-installations', message)}${code === 2 ? `usage: ${run(USAGE)}\n` : ''}`,
  );
  return code;
};

/**
 * `mingyan slack-installations [--json]`: the workspaces (and Grid orgs) that installed the app in distribution
 * mode, from the configured database, with what the bot does in each. Tokens and refresh tokens are never
 * printed.
 */
export const slackInstallationsCommand: CliCommand = {
  name: 'slack-installations',
  usage: USAGE,
  summary: 'list the Slack workspaces that installed the app (distribution mode), without tokens',
  async run(args: string[], io: CliIO): Promise<number> {
    if (args.includes('--help') || args.includes('-h')) {
      io.stdout.write(`usage: ${run(USAGE)}\n${this.summary}\n`);
      return 0;
    }
    const unknown = args.find((a) => a !== '--json');
    if (unknown !== undefined) return fail(io, `unknown argument "${unknown.slice(0, 50)}"`);
    const json = args.includes('--json');
    const loaded = loadConfigIn(io.cwd, io.env);
    if (!loaded.ok) return fail(io, `fix the configuration first:\n${formatConfigProblems(loaded.error)}`, 2);
    const config = loaded.value;
    const store = await openConfiguredStore(config, io, 'slack-installations', (target) =>
      io.stdout.write(
        json ? '[]\n' : `no database at ${target} yet: no Slack installations (MINGYAN_DB sets the file)\n`,
      ),
    );
    if (typeof store === 'number') return store;
    try {
      const entries = installationEntries(await store.listInstallations(), await store.listSubscriptions());
      if (json) io.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
      else {
        const lines = formatInstallations(entries);
        if (!config.slack.distribution && entries.length > 0)
          lines.push(
            '(distribution mode is off here: set SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET to serve them)',
          );
        io.stdout.write(`${lines.join('\n')}\n`);
      }
      return 0;
    } finally {
      await store.close();
    }
  },
};
