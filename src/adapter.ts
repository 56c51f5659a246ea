import type { Config } from './config.js';
import type { Logger } from './log.js';
import type { Bot } from './bot/types.js';
import type { Reply } from './bot/reply.js';
import type { Result } from './result.js';

/** Why a scheduled post failed: transient ones are retried with backoff, permanent ones pause the subscription. */
export interface PostFailure {
  /** transient: 429, 5xx, network; permanent: channel gone, bot removed, 403/404, not_in_channel. */
  kind: 'transient' | 'permanent';
  /** Short reason shown in status, e.g. `discord 403 Missing Access`. Never contains a token. */
  reason: string;
  /** Server-provided wait before a retry, if any. */
  retryAfterMs?: number;
}

/** A chat platform. Small on purpose: the core does the rest. */
export interface Adapter {
  /** Platform name; also the channel-address prefix (`slack:...`). */
  readonly name: 'shell' | 'slack' | 'discord';
  /** Connects and starts answering commands with `bot`. Rejects with a message naming the variable to fix. */
  start(bot: Bot): Promise<void>;
  /** Disconnects; in-flight replies finish first. */
  stop(): Promise<void>;
  /** Posts a scheduled reply to a channel address; a discussion reply opens a thread for answers. */
  post(channel: string, reply: Reply): Promise<Result<{ messageId: string }, PostFailure>>;
  /** Connected and able to post (for /readyz). */
  isReady(): boolean;
}

/** The platform prefix of a channel address (`slack:T1:C1` -> `slack`). */
export function platformOf(channel: string): string {
  const i = channel.indexOf(':');
  return i < 0 ? channel : channel.slice(0, i);
}

/** What every adapter factory is given. */
export interface AdapterDeps {
  /** Validated configuration (tokens, URLs, ports). */
  config: Config;
  /** Scrubbing logger. */
  logger: Logger;
}
