import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { App, SocketModeReceiver, webApi, type CustomRoute } from '@slack/bolt';
import type { HttpRoute } from '../../src/web/pages.js';
import type { Adapter, AdapterDeps, AdapterServices, PostFailure } from '../../src/adapter.js';
import type { Bot } from '../../src/bot/types.js';
import type { Reply } from '../../src/bot/reply.js';
import type { Result } from '../../src/result.js';
import { err, ok } from '../../src/result.js';
import { classifyPostError, startError } from './errors.js';
import { registerHandlers } from './handlers.js';
import { boltLevelOf, createBoltLogger } from './logger.js';
import { renderReply } from './render.js';
import { uploadCard } from './cards.js';
import {
  createInstallations,
  NOT_INSTALLED_REASON,
  teamPrefix,
  type Installations,
} from './installations.js';
import {
  classifyInstallError,
  sendFailurePage,
  sendInstallPage,
  sendSuccessPage,
  wantsDirect,
} from './install-pages.js';
import { botScopes, EVENTS_PATH, INSTALL_PATH, REDIRECT_PATH } from './manifest.js';

export { renderReply } from './render.js';
export type { RenderMode, RenderOptions, SlackMessage } from './render.js';
export { renderHome } from './home.js';
export { classifyPostError } from './errors.js';
export { slackManifestCommand } from './manifest-command.js';

/** Extra knobs for the Slack adapter; production passes none. */
export interface SlackAdapterOptions {
  /** Interface the HTTP receiver binds; all interfaces by default (tests pass 127.0.0.1). */
  host?: string;
  /** How long start() waits for Slack before giving up, in ms (default 30 s). */
  startTimeoutMs?: number;
  /**
   * Socket Mode: how long to wait for a pong, and before reconnecting after the socket closed, in ms
   * (the library's default, 5 s).
   */
  socketPingTimeoutMs?: number;
}

/** The Slack adapter, plus the port it listens on (HTTP mode). */
export interface SlackAdapter extends Adapter {
  /** Bound HTTP port once started in HTTP mode (PORT=0 picks a free one); undefined in Socket Mode. */
  port(): number | undefined;
}

/** Follow-up posted in a discussion prompt's thread so replies gather there. */
export const DISCUSSION_INVITE = '回复本帖讨论 · Reply in this thread';

const DEFAULT_API_URL = 'https://slack.com/api/';
const withSlash = (url: string): string => (url.endsWith('/') ? url : `${url}/`);

/** The workspace of a channel address (`slack:T1:C1` -> T1). */
function teamOf(channel: string): string | undefined {
  return /^slack:([A-Za-z0-9]+):/.exec(channel)?.[1];
}

/** Slack's authorize page next to its Web API (https://slack.com/api/ -> https://slack.com/oauth/v2/authorize). */
const authorizeUrlFor = (apiUrl: string): string => new URL('../oauth/v2/authorize', apiUrl).toString();

/** The quote pages as Bolt custom routes (GET and HEAD /q/<id> and /q/<id>.png). */
function pageRoutes(routes: HttpRoute): CustomRoute[] {
  const handler: CustomRoute['handler'] = (req, res) => {
    routes(req, res).then(
      (handled) => {
        if (handled) return;
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('not found\n');
      },
      () => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      },
    );
  };
  return [{ path: '/q/:page', method: ['GET', 'HEAD'], handler }];
}

/** Parses `slack:T:C` (or a home address `slack:T:home:U`) into the conversation to post to. */
function conversationOf(channel: string): string | undefined {
  const m = /^slack:[^:]+:(?:home:)?([A-Za-z0-9]+)$/.exec(channel);
  return m?.[1];
}

/**
 * Slack through Bolt: Socket Mode when SLACK_APP_TOKEN is set, else HTTP on PORT at /slack/events.
 * Outbound calls are never retried by the client (a retried chat.postMessage can post twice); post()
 * classifies failures so the scheduler decides.
 */
export function createSlackAdapter(deps: AdapterDeps, options: SlackAdapterOptions = {}): SlackAdapter {
  const { config } = deps;
  const logger = deps.logger.child({ adapter: 'slack' });
  const apiUrl = withSlash(config.slack.apiUrl ?? DEFAULT_API_URL);
  let app: App | undefined;
  let server: Server | undefined;
  let ready = false;
  const inFlight = new Set<Promise<unknown>>();

  /** Starts Bolt's HTTP receiver on PORT (a failure names SLACK_BOT_TOKEN's setup) and logs the port it got. */
  const listen = async (created: App, message: string): Promise<void> => {
    try {
      server = await created.start({ port: config.slack.port, host: options.host });
    } catch (error) {
      throw startError(error, 'SLACK_BOT_TOKEN', apiUrl);
    }
    const address = server.address();
    logger.info({ port: typeof address === 'object' && address ? address.port : config.slack.port }, message);
  };

  const track = <T>(work: () => Promise<T>): Promise<T> => {
    const p = work();
    inFlight.add(p);
    const forget = (): void => void inFlight.delete(p);
    p.then(forget, forget);
    return p;
  };

  const withTimeout = async <T>(p: Promise<T>, what: string): Promise<T> => {
    const ms = options.startTimeoutMs ?? 30_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(what)), ms);
    });
    try {
      return await Promise.race([p, timeout]);
    } finally {
      clearTimeout(timer);
    }
  };

  let installations: Installations | undefined;
  let services: AdapterServices | undefined;

  /** Web API client options for every outbound call. */
  const outboundOptions = () => ({
    slackApiUrl: apiUrl,
    // No automatic retries: a chat.postMessage that timed out may have posted; retrying doubles it.
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 15_000,
  });

  async function start(bot: Bot, lent?: AdapterServices): Promise<void> {
    if (app) throw new Error('the Slack adapter is already started');
    services = lent;
    if (config.slack.distribution) return startDistribution(bot);
    const { botToken, appToken, signingSecret } = config.slack;
    if (!botToken) throw new Error('SLACK_BOT_TOKEN is not set: set the Bot User OAuth Token (xoxb-...)');
    if (!appToken && !signingSecret)
      throw new Error(
        'SLACK_SIGNING_SECRET is not set: set the app Signing Secret, or SLACK_APP_TOKEN (xapp-...) for Socket Mode',
      );
    const boltLogger = createBoltLogger(logger);
    const logLevel = boltLevelOf(logger.level);
    const clientOptions = outboundOptions();
    const receiver = appToken
      ? new SocketModeReceiver({
          appToken,
          logger: boltLogger,
          logLevel,
          ...(options.socketPingTimeoutMs ? { clientPingTimeout: options.socketPingTimeoutMs } : {}),
          // apps.connections.open is safe to retry, so the socket client keeps its own retrying client.
          installerOptions: { clientOptions: { slackApiUrl: apiUrl } },
        })
      : undefined;
    const created = new App({
      token: botToken,
      ...(receiver
        ? { receiver }
        : {
            signingSecret,
            endpoints: EVENTS_PATH,
            // The quote pages, so PUBLIC_URL can point at the one port Slack already reaches.
            ...(deps.routes ? { customRoutes: pageRoutes(deps.routes) } : {}),
          }),
      logger: boltLogger,
      logLevel,
      clientOptions,
      convoStore: false,
      deferInitialization: true,
    });
    registerHandlers(created, { bot, logger, track });
    try {
      await withTimeout(
        created.init(),
        `the Slack Web API at ${apiUrl} did not answer: check SLACK_API_URL and the network`,
      );
    } catch (error) {
      throw startError(error, 'SLACK_BOT_TOKEN', apiUrl);
    }
    if (receiver) {
      receiver.client.on('connected', () => void (ready = true));
      // The socket closed: nothing arrives until the client has reconnected (it waits first, then says
      // 'reconnecting'), so the adapter is not ready from the close on.
      receiver.client.on('close', () => void (ready = false));
      receiver.client.on('reconnecting', () => void (ready = false));
      receiver.client.on('disconnected', () => void (ready = false));
      try {
        await withTimeout(
          created.start(),
          'Slack Socket Mode did not connect in time: check SLACK_APP_TOKEN and the network',
        );
      } catch (error) {
        await created.stop().catch(() => undefined);
        throw startError(error, 'SLACK_APP_TOKEN', apiUrl);
      }
    } else {
      await listen(created, 'Slack HTTP receiver listening on /slack/events');
    }
    app = created;
    ready = true;
  }

  /**
   * Distribution mode: Bolt's HTTP receiver with its OAuth installer on PORT: GET /slack/install, GET
   * /slack/oauth_redirect and POST /slack/events. Each request is authorized with its workspace's token from the
   * database; state is a JWT signed with SLACK_STATE_SECRET (plus Bolt's browser cookie), so any instance can
   * finish an install another one started.
   */
  async function startDistribution(bot: Bot): Promise<void> {
    const dist = config.slack.distribution;
    const { signingSecret } = config.slack;
    if (!dist || !signingSecret)
      throw new Error('SLACK_SIGNING_SECRET is not set: distribution mode needs the app Signing Secret');
    if (!services) throw new Error('the Slack adapter needs the bot database to keep installations');
    const found = createInstallations({
      store: services.store,
      clock: services.clock,
      logger,
      clientId: dist.clientId,
      clientSecret: dist.clientSecret,
      tokenRotation: dist.tokenRotation,
      apiUrl,
    });
    installations = found;
    const boltLogger = createBoltLogger(logger);
    const logLevel = boltLevelOf(logger.level);
    const created = new App({
      signingSecret,
      clientId: dist.clientId,
      clientSecret: dist.clientSecret,
      stateSecret: dist.stateSecret,
      scopes: botScopes(),
      installationStore: found.boltStore,
      installerOptions: {
        // Bolt's installer always redirects; our page (below) is shown first unless asked not to.
        directInstall: true,
        installPath: INSTALL_PATH,
        redirectUriPath: REDIRECT_PATH,
        authorizationUrl: authorizeUrlFor(apiUrl),
        clientOptions: { slackApiUrl: apiUrl, retryConfig: { retries: 0 }, timeout: 15_000 },
        installPathOptions: {
          beforeRedirection: async (req: IncomingMessage, res: ServerResponse) => {
            if (dist.directInstall || wantsDirect(req)) return true;
            sendInstallPage(res);
            return false;
          },
        },
        callbackOptions: {
          success: (installation, _options, _req, res) =>
            sendSuccessPage(res, {
              teamId: installation.team?.id,
              teamName: installation.team?.name,
              orgName: installation.enterprise?.name,
            }),
          failure: (error, _options, _req, res) => {
            const { kind, detail } = classifyInstallError(error);
            logger.warn({ kind, detail }, 'a Slack install did not complete');
            sendFailurePage(res, kind, detail);
          },
        },
      },
      endpoints: EVENTS_PATH,
      // The quote pages, so PUBLIC_URL can point at the one port Slack already reaches.
      ...(deps.routes ? { customRoutes: pageRoutes(deps.routes) } : {}),
      logger: boltLogger,
      logLevel,
      clientOptions: outboundOptions(),
      convoStore: false,
    });
    registerHandlers(created, { bot, logger, track, installations: found });
    await listen(
      created,
      `Slack distribution mode listening: ${INSTALL_PATH}, ${REDIRECT_PATH}, ${EVENTS_PATH}`,
    );
    app = created;
    ready = true;
  }

  /**
   * A Web API client for one workspace's token (distribution mode), so every call of a post (a message, a card
   * upload, a thread invite) uses it. Kept per token; a refreshed token gets a new one.
   */
  const clients = new Map<string, webApi.WebClient>();
  function clientWith(token: string): webApi.WebClient {
    let found = clients.get(token);
    if (!found) {
      if (clients.size >= 1000) clients.clear();
      found = new webApi.WebClient(token, {
        ...outboundOptions(),
        logger: createBoltLogger(logger),
        logLevel: boltLevelOf(logger.level),
      });
      clients.set(token, found);
    }
    return found;
  }

  /** The token to post to a channel with: the workspace's own in distribution mode, else the app's. */
  async function tokenFor(channel: string): Promise<Result<string | undefined, PostFailure>> {
    if (!installations) return ok(undefined);
    const team = teamOf(channel);
    if (!team)
      return err({ kind: 'permanent', reason: `not a Slack channel address: ${channel.slice(0, 80)}` });
    let token: string | undefined;
    try {
      token = await installations.tokenForTeam(team);
    } catch (error) {
      return err({
        kind: 'transient',
        reason: `installation lookup failed: ${error instanceof Error ? error.message : 'unknown'}`,
      });
    }
    if (token) return ok(token);
    // Not installed there (any more): pause the whole team once, rather than fail every channel every minute.
    if (services)
      await services.store.pauseChannels(teamPrefix(team), NOT_INSTALLED_REASON, services.clock.now());
    return err({ kind: 'permanent', reason: NOT_INSTALLED_REASON });
  }

  async function stop(): Promise<void> {
    const current = app;
    app = undefined;
    installations = undefined;
    ready = false;
    if (!current) return;
    await current
      .stop()
      .catch((error: unknown) => logger.warn({ err: error }, 'stopping the Slack receiver failed'));
    server = undefined;
    await Promise.allSettled([...inFlight]);
  }

  async function post(channel: string, reply: Reply): Promise<Result<{ messageId: string }, PostFailure>> {
    if (!app) return err({ kind: 'transient', reason: 'slack adapter not started' });
    const conversation = conversationOf(channel);
    if (!conversation)
      return err({ kind: 'permanent', reason: `not a Slack channel address: ${channel.slice(0, 80)}` });
    const chosen = await tokenFor(channel);
    if (!chosen.ok) {
      logger.warn({ channel, failure: chosen.error }, 'scheduled Slack post has no workspace token');
      return err(chosen.error);
    }
    const client = chosen.value === undefined ? app.client : clientWith(chosen.value);
    let ts: string;
    try {
      // A card subscription: the day's card as a picture (files:write), the quote text as its comment.
      if (reply.kind === 'quote' && reply.card)
        return ok({ messageId: await uploadCard(client, conversation, reply) });
      const res = await client.chat.postMessage({
        channel: conversation,
        ...renderReply(reply, 'both', { mode: 'public' }),
        unfurl_links: false,
        unfurl_media: false,
      });
      ts = String(res.ts ?? '');
    } catch (error) {
      const failure = classifyPostError(error);
      logger.warn({ channel, failure }, 'scheduled Slack post failed');
      return err(failure);
    }
    if (reply.kind === 'discussion') {
      // The post itself succeeded: a failed invitation is logged, never reported (that would repost).
      await client.chat
        .postMessage({ channel: conversation, thread_ts: ts, text: DISCUSSION_INVITE })
        .catch((error: unknown) =>
          logger.warn({ channel, failure: classifyPostError(error) }, 'discussion thread invite failed'),
        );
    }
    return ok({ messageId: ts });
  }

  return {
    name: 'slack',
    start,
    stop,
    post,
    isReady: () => ready && app !== undefined,
    port: () => {
      const address = server?.address();
      return typeof address === 'object' && address ? address.port : undefined;
    },
  };
}
