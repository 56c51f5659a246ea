import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Store } from './store/index.js';
import type { Logger } from './log.js';
import type { Bot } from './bot/types.js';
import type { Reply } from './bot/reply.js';
import type { Result } from './result.js';
import type { HttpRoute } from './web/pages.js';

/**
 * Why a scheduled post failed, which decides what the scheduler does next:
 * - transient: surely not posted (or posted under an idempotency key the platform dedupes): retried with backoff.
 * - permanent: this channel cannot be posted to (gone, bot removed, no access): the subscription is paused.
 * - uncertain: the request may have been delivered (timeout, reset after sending, 5xx without an idempotency
 *   key): recorded as uncertain and never re-sent, since a second copy is worse than a missing one.
 * - rejected: the platform refused this very post (a bad request): the day's post fails, no pause, no retry.
 */
export interface PostFailure {
  /** See above; an adapter that cannot tell whether a request reached the platform says 'uncertain'. */
  kind: 'transient' | 'permanent' | 'uncertain' | 'rejected';
  /** Short reason shown in status, e.g. `discord 403 Missing Access`. Never contains a token. */
  reason: string;
  /** Server-provided (or adapter-chosen) wait before a retry, if any. */
  retryAfterMs?: number;
  /** The platform refused the bot's own credentials (bad or revoked token, missing scope): no channel is at fault. */
  credentials?: boolean;
}

/** Optional details of one post. */
export interface PostOptions {
  /**
   * The same key for every attempt at the same logical post (at most 25 characters). Adapters whose platform
   * dedupes by it (Discord's message nonce) send it, so a retried request never makes a second message.
   */
  idempotencyKey?: string;
}

/** A chat platform. Small on purpose: the core does the rest. */
export interface Adapter {
  /** Platform name; also the channel-address prefix (`slack:...`). */
  readonly name: 'shell' | 'slack' | 'discord';
  /** Connects and starts answering commands with `bot`. Rejects with a message naming the variable to fix. */
  start(bot: Bot, services?: AdapterServices): Promise<void>;
  /** Disconnects; in-flight replies finish first. */
  stop(): Promise<void>;
  /** Posts a scheduled reply to a channel address; a discussion reply opens a thread for answers. */
  post(
    channel: string,
    reply: Reply,
    options?: PostOptions,
  ): Promise<Result<{ messageId: string }, PostFailure>>;
  /** Connected and able to post (for /readyz). */
  isReady(): boolean;
}

/** The platform prefix of a channel address (`slack:T1:C1` -> `slack`). */
export function platformOf(channel: string): string {
  const i = channel.indexOf(':');
  return i < 0 ? channel : channel.slice(0, i);
}

/** What the running app lends an adapter that keeps state of its own (Slack's installations). */
export interface AdapterServices {
  /** The bot's database. */
  store: Store;
  /** Now. */
  clock: Clock;
}

/** What every adapter factory is given. */
export interface AdapterDeps {
  /** Validated configuration (tokens, URLs, ports). */
  config: Config;
  /** Scrubbing logger. */
  logger: Logger;
  /** The quote pages (/q/<id>), for an adapter that runs its own HTTP server (Slack over HTTP). */
  routes?: HttpRoute;
}
