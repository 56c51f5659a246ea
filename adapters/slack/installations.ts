import { randomUUID } from 'node:crypto';
import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import { webApi } from '@slack/bolt';
import type { Clock } from '../../src/clock.js';
import type { Logger } from '../../src/log.js';
import type { InstallationKey, SlackInstallation, Store } from '../../src/store/index.js';

/** Why a team's subscriptions are paused while the app is not installed there; reinstalling resumes exactly these. */
export const NOT_INSTALLED_REASON =
  'slack app not installed in this workspace (uninstalled or token revoked): reinstall from /slack/install to resume';

/** A token is refreshed when it expires within this (Bolt's own check is 2 hours, so Bolt never gets to it). */
export const REFRESH_MARGIN_MS = 3 * 60 * 60 * 1000;
/** How long one instance may hold an installation's refresh lease (a refresh is one HTTP call). */
const REFRESH_LEASE_MS = 30_000;
/** How long another caller waits for the lease holder's refreshed token before using what it has. */
const REFRESH_WAIT_MS = 10_000;
const REFRESH_POLL_MS = 100;

/** The prefix of every channel address of a team (`slack:T1:C1`, `slack:T1:home:U1`). */
export const teamPrefix = (teamId: string): string => `slack:${teamId}:`;

/** What the installations need. */
export interface InstallationsDeps {
  /** The bot's database. */
  store: Store;
  /** Now. */
  clock: Clock;
  /** Adapter logger (never given a token). */
  logger: Logger;
  /** For token refreshes. */
  clientId: string;
  /** For token refreshes. Secret. */
  clientSecret: string;
  /** Refresh rotating tokens before they expire. */
  tokenRotation: boolean;
  /** Web API base (oauth.v2.access for refreshes). */
  apiUrl: string;
}

/** Installations of distribution mode: Bolt's InstallationStore over the Store, per-team tokens, uninstall. */
export interface Installations {
  /** Handed to Bolt (App `installationStore`). */
  readonly boltStore: InstallationStore;
  /** The (fresh) bot token serving a workspace, or undefined when the app is not installed there. */
  tokenForTeam(teamId: string): Promise<string | undefined>;
  /**
   * The app was uninstalled or its bot token revoked: deletes the installation and pauses the subscriptions of
   * its workspace (every known workspace of the org, for an org-wide install). Idempotent, so the two events may
   * arrive in either order.
   */
  remove(key: InstallationKey & { isEnterpriseInstall?: boolean }): Promise<void>;
}

/** Bolt's Installation (authVersion v2) from ours, without the refresh token: refreshing is ours alone. */
function toBolt(i: SlackInstallation): Installation<'v2', boolean> {
  return {
    team: i.teamId ? { id: i.teamId, name: i.teamName } : undefined,
    enterprise: i.enterpriseId ? { id: i.enterpriseId, name: i.enterpriseName } : undefined,
    isEnterpriseInstall: i.isEnterpriseInstall,
    enterpriseUrl: i.enterpriseUrl,
    appId: i.appId,
    authVersion: 'v2',
    user: { id: i.installerUserId ?? '', token: undefined, scopes: undefined },
    bot: { token: i.botToken, userId: i.botUserId, id: i.botId ?? '', scopes: i.botScopes },
  } as Installation<'v2', boolean>;
}

const keyName = (k: InstallationKey): string => `${k.enterpriseId ?? '-'}:${k.teamId ?? '-'}`;

/** Creates the installations of distribution mode. */
export function createInstallations(deps: InstallationsDeps): Installations {
  const { store, clock, logger } = deps;
  // Who holds a refresh lease: this process. Calls within it share one refresh through `refreshing`.
  const holder = randomUUID();
  const refreshing = new Map<string, Promise<SlackInstallation | undefined>>();
  const seenOrgTeams = new Set<string>();
  const client = new webApi.WebClient(undefined, {
    slackApiUrl: deps.apiUrl,
    retryConfig: { retries: 0 },
    timeout: 15_000,
    logLevel: webApi.LogLevel.ERROR,
  });

  const expiring = (i: SlackInstallation): boolean =>
    deps.tokenRotation &&
    i.botRefreshToken !== undefined &&
    i.botExpiresAt !== undefined &&
    new Date(i.botExpiresAt).getTime() - clock.now().getTime() <= REFRESH_MARGIN_MS;

  /**
   * Refreshes under a database lease, so of all instances one calls oauth.v2.access for an installation at a time
   * (a second refresh with the same refresh token would invalidate the first one's token). The others wait for
   * the holder's new token.
   */
  async function refresh(i: SlackInstallation): Promise<SlackInstallation | undefined> {
    const key: InstallationKey = { enterpriseId: i.enterpriseId, teamId: i.teamId };
    const lease = `slack-token-refresh:${keyName(key)}`;
    const deadline = Date.now() + REFRESH_WAIT_MS;
    for (;;) {
      if (await store.acquireLease(lease, holder, clock.now(), REFRESH_LEASE_MS)) break;
      if (Date.now() > deadline) {
        logger.warn(
          { installation: keyName(key) },
          'another instance holds the token refresh; using the current token',
        );
        return store.getInstallation(key);
      }
      await new Promise((r) => setTimeout(r, REFRESH_POLL_MS));
      const now = await store.getInstallation(key);
      if (!now || !expiring(now)) return now;
    }
    try {
      // Re-read under the lease: another instance may have refreshed it a moment ago.
      const current = await store.getInstallation(key);
      if (!current || !expiring(current) || !current.botRefreshToken) return current;
      const res = await client.oauth.v2.access({
        client_id: deps.clientId,
        client_secret: deps.clientSecret,
        grant_type: 'refresh_token',
        refresh_token: current.botRefreshToken,
      });
      if (!res.access_token || !res.refresh_token || res.expires_in === undefined)
        throw new Error('oauth.v2.access returned no rotated token');
      const updated: SlackInstallation = {
        ...current,
        botToken: res.access_token,
        botRefreshToken: res.refresh_token,
        botExpiresAt: new Date(clock.now().getTime() + res.expires_in * 1000).toISOString(),
      };
      await store.saveInstallation(updated, clock.now());
      logger.info(
        { installation: keyName(key), expiresAt: updated.botExpiresAt },
        'Slack bot token refreshed',
      );
      return updated;
    } catch (error) {
      const code = (error as { data?: { error?: string } }).data?.error;
      logger.error(
        { installation: keyName(key), code: code ?? (error instanceof Error ? error.message : 'unknown') },
        'refreshing the Slack bot token failed; using the current one until it expires',
      );
      return store.getInstallation(key);
    } finally {
      await store.releaseLease(lease, holder).catch(() => undefined);
    }
  }

  /** The installation with a token good for a while yet (refreshed first if it is about to expire). */
  async function fresh(i: SlackInstallation | undefined): Promise<SlackInstallation | undefined> {
    if (!i || !expiring(i)) return i;
    const name = keyName(i);
    let pending = refreshing.get(name);
    if (!pending) {
      pending = refresh(i).finally(() => refreshing.delete(name));
      refreshing.set(name, pending);
    }
    return pending;
  }

  async function find(query: InstallationQuery<boolean>): Promise<SlackInstallation | undefined> {
    const { enterpriseId, teamId } = query;
    if (query.isEnterpriseInstall && enterpriseId) {
      // A workspace of an org-wide install: remember it, so its scheduled posts (which know only the team id)
      // find the org's token, and an org uninstall pauses it too.
      if (teamId && !seenOrgTeams.has(`${enterpriseId}:${teamId}`)) {
        await store.rememberEnterpriseTeam(teamId, enterpriseId, clock.now());
        seenOrgTeams.add(`${enterpriseId}:${teamId}`);
      }
      return store.getInstallation({ enterpriseId });
    }
    return (
      (await store.getInstallation({ enterpriseId, teamId })) ??
      (enterpriseId ? await store.getInstallation({ enterpriseId }) : undefined)
    );
  }

  async function teamsOf(key: InstallationKey & { isEnterpriseInstall?: boolean }): Promise<string[]> {
    if (key.teamId && !key.isEnterpriseInstall) return [key.teamId];
    if (key.enterpriseId) return store.teamsOfEnterprise(key.enterpriseId);
    return [];
  }

  const boltStore: InstallationStore = {
    async storeInstallation(installation) {
      const bot = installation.bot;
      if (!bot) throw new Error('the installation has no bot token: the app must request bot scopes');
      const isEnterpriseInstall = installation.isEnterpriseInstall === true;
      const record: Omit<SlackInstallation, 'installedAt' | 'updatedAt'> = {
        enterpriseId: installation.enterprise?.id,
        teamId: isEnterpriseInstall ? undefined : installation.team?.id,
        teamName: installation.team?.name,
        enterpriseName: installation.enterprise?.name,
        enterpriseUrl: installation.enterpriseUrl,
        isEnterpriseInstall,
        appId: installation.appId,
        botToken: bot.token,
        botId: bot.id,
        botUserId: bot.userId,
        botScopes: bot.scopes ?? [],
        botRefreshToken: bot.refreshToken,
        botExpiresAt: bot.expiresAt === undefined ? undefined : new Date(bot.expiresAt * 1000).toISOString(),
        installerUserId: installation.user?.id,
      };
      const now = clock.now();
      await store.saveInstallation(record, now);
      let resumed = 0;
      for (const team of await teamsOf({ ...record, isEnterpriseInstall }))
        resumed += await store.resumeChannels(teamPrefix(team), NOT_INSTALLED_REASON, now);
      logger.info(
        { team: record.teamId, enterprise: record.enterpriseId, orgWide: isEnterpriseInstall, resumed },
        'Slack app installed',
      );
    },
    async fetchInstallation(query) {
      const found = await fresh(await find(query));
      if (!found)
        throw new Error(
          `the app is not installed in ${query.isEnterpriseInstall ? `org ${query.enterpriseId}` : `workspace ${query.teamId}`}`,
        );
      return toBolt(found);
    },
    async deleteInstallation(query) {
      await remove({
        enterpriseId: query.enterpriseId,
        teamId: query.teamId,
        isEnterpriseInstall: query.isEnterpriseInstall,
      });
    },
  };

  async function remove(key: InstallationKey & { isEnterpriseInstall?: boolean }): Promise<void> {
    const now = clock.now();
    const deleted = key.isEnterpriseInstall
      ? await store.deleteInstallation({ enterpriseId: key.enterpriseId })
      : await store.deleteInstallation({ enterpriseId: key.enterpriseId, teamId: key.teamId });
    let paused = 0;
    for (const team of await teamsOf(key)) {
      // A workspace with its own install inside the org keeps working when only the org install goes.
      if (
        key.isEnterpriseInstall &&
        (await store.getInstallation({ enterpriseId: key.enterpriseId, teamId: team }))
      )
        continue;
      paused += await store.pauseChannels(teamPrefix(team), NOT_INSTALLED_REASON, now);
    }
    logger.info(
      {
        team: key.teamId,
        enterprise: key.enterpriseId,
        orgWide: key.isEnterpriseInstall === true,
        deleted,
        paused,
      },
      'Slack app removed from a workspace; its subscriptions are paused until it is installed again',
    );
  }

  return {
    boltStore,
    async tokenForTeam(teamId) {
      const found = await fresh(await store.installationForTeam(teamId));
      return found?.botToken;
    },
    remove,
  };
}
