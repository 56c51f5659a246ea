import type { Server } from 'node:http';
import { App, SocketModeReceiver, type CustomRoute } from '@slack/bolt';
import type { HttpRoute } from '../../src/web/pages.js';
import type { Adapter, AdapterDeps, PostFailure } from '../../src/adapter.js';
import type { Bot } from '../../src/bot/types.js';
import type { Reply } from '../../src/bot/reply.js';
import type { Result } from '../../src/result.js';
import { err, ok } from '../../src/result.js';
import { classifyPostError, startError } from './errors.js';
import { registerHandlers } from './handlers.js';
import { boltLevelOf, createBoltLogger } from './logger.js';
import { renderReply } from './render.js';
import { uploadCard } from './cards.js';

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

  async function start(bot: Bot): Promise<void> {
    if (app) throw new Error('the Slack adapter is already started');
    const { botToken, appToken, signingSecret } = config.slack;
    if (!botToken) throw new Error('SLACK_BOT_TOKEN is not set: set the Bot User OAuth Token (xoxb-...)');
    if (!appToken && !signingSecret)
      throw new Error(
        'SLACK_SIGNING_SECRET is not set: set the app Signing Secret, or SLACK_APP_TOKEN (xapp-...) for Socket Mode',
      );
    const boltLogger = createBoltLogger(logger);
    const logLevel = boltLevelOf(logger.level);
    const clientOptions = {
      slackApiUrl: apiUrl,
      // No automatic retries: a chat.postMessage that timed out may have posted; retrying doubles it.
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: 15_000,
    };
    const receiver = appToken
      ? new SocketModeReceiver({
          appToken,
          logger: boltLogger,
          logLevel,
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
            endpoints: '/slack/events',
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
      try {
        server = await created.start({ port: config.slack.port, host: options.host });
      } catch (error) {
        throw startError(error, 'SLACK_BOT_TOKEN', apiUrl);
      }
      const address = server.address();
      logger.info(
        { port: typeof address === 'object' && address ? address.port : config.slack.port },
        'Slack HTTP receiver listening on /slack/events',
      );
    }
    app = created;
    ready = true;
  }

  async function stop(): Promise<void> {
    const current = app;
    app = undefined;
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
    const client = app.client;
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
