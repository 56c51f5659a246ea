/**
 * Rate-limit enforcement for the loopback fakes, modelled on what Discord and Slack document. Off unless a test
 * or bench passes the option (`rateLimits` on startFakeDiscord / startFakeSlack), so other tests see no change.
 * The limiters are pure (they take `now`), so their arithmetic is tested without waiting.
 *
 * Discord (https://docs.discord.com/developers/topics/rate-limits; support article "My Bot is Being Rate
 * Limited"): "Global Rate Limits — Limit: 50 requests per second across most endpoints — Scope: Applies to your
 * entire application — Identification: Look for X-RateLimit-Scope: global", and interaction endpoints "are not
 * bound to" it. Per route, "per-route rate limits often account for top-level resources within the path using an
 * identifier" (channel_id): POST /channels/{id}/messages is commonly observed at 5 per 5 s per channel. Clients
 * must "parse response headers to prevent hitting the limit" (X-RateLimit-Limit, -Remaining, -Reset,
 * -Reset-After, -Bucket on every response of the route; a 429 adds Retry-After and X-RateLimit-Scope, and a
 * global one X-RateLimit-Global), and discord.js does.
 *
 * Slack (https://docs.slack.dev/apis/web-api/rate-limits): limits apply "per API method per app per
 * workspace"; "chat.postMessage generally allows posting one message per second per channel, while also
 * maintaining a workspace-wide limit" ("Posting messages: 1 per second. Short bursts >1 allowed"), and "Rate
 * limit windows are per minute". The workspace figure is not published beyond "several hundred messages per
 * minute"; we take 300/min, the low end, as the default and make it an option. A refusal is HTTP 429 with a
 * Retry-After header in whole seconds and `{ ok: false, error: 'ratelimited' }`.
 */

/** Discord limits to enforce; each defaults to the documented (or commonly observed) figure. */
export interface DiscordLimitOptions {
  /** Requests per second per bot over every route but interaction callbacks (Discord: 50). */
  globalPerSecond?: number;
  /** POST /channels/{id}/messages per channel per window (commonly observed: 5). */
  messagesPerChannel?: number;
  /** That window in ms (commonly observed: 5000). */
  messagesWindowMs?: number;
  /** The fake's clock for these limits (Date.now by default; tests freeze it). */
  now?: () => number;
}

/** What the limiter decided about one request. */
export type DiscordVerdict =
  | { ok: true; headers: Record<string, string> }
  | {
      ok: false;
      scope: 'global' | 'user';
      /** A request in a window the client had already been told about (counts as an invalid request). */
      early: boolean;
      retryAfterMs: number;
      headers: Record<string, string>;
      body: { message: string; retry_after: number; global: boolean };
    };

/** Discord's limits over one bot token. */
export interface DiscordLimiter {
  /** Counts a request and says whether it is allowed, with the headers to send. */
  check(method: string, path: string, now: number): DiscordVerdict;
}

/** The bucket id Discord would name for POST /channels/{id}/messages (per channel through the major parameter). */
export const MESSAGES_BUCKET = 'fake0c0ffee0messages';

const seconds = (ms: number): string => (ms / 1000).toFixed(3);

/** Creates Discord's global and per-channel message limits. */
export function createDiscordLimiter(options: DiscordLimitOptions = {}): DiscordLimiter {
  const perSecond = options.globalPerSecond ?? 50;
  const limit = options.messagesPerChannel ?? 5;
  const windowMs = options.messagesWindowMs ?? 5_000;
  // Global: a token bucket of one second's worth, refilled continuously (50 in any second, never 100 in 1.01 s).
  let tokens = perSecond;
  let last: number | undefined;
  let globalToldUntil = 0;
  const channels = new Map<string, { count: number; resetAt: number; toldUntil: number }>();

  const limited = (
    scope: 'global' | 'user',
    early: boolean,
    retryAfterMs: number,
    headers: Record<string, string>,
  ): DiscordVerdict => ({
    ok: false,
    scope,
    early,
    retryAfterMs,
    headers: {
      'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))),
      'x-ratelimit-scope': scope,
      ...(scope === 'global' ? { 'x-ratelimit-global': 'true' } : {}),
      ...headers,
    },
    body: {
      message: 'You are being rate limited.',
      retry_after: Number((retryAfterMs / 1000).toFixed(3)),
      global: scope === 'global',
    },
  });

  return {
    check(method, path, now) {
      // "Interaction endpoints are not bound to the bot's Global Rate Limit."
      const global = !/^\/(interactions|webhooks)\//.test(path);
      if (global) {
        tokens = Math.min(perSecond, tokens + ((now - (last ?? now)) * perSecond) / 1000);
        last = now;
        if (tokens < 1) {
          const wait = ((1 - tokens) * 1000) / perSecond;
          const early = now < globalToldUntil;
          globalToldUntil = Math.max(globalToldUntil, now + wait);
          return limited('global', early, wait, {});
        }
        tokens -= 1;
      }
      const m = /^\/channels\/(\d+)\/messages$/.exec(path);
      if (!m || method !== 'POST') return { ok: true, headers: {} };
      const channel = m[1] ?? '';
      let state = channels.get(channel);
      if (!state || now >= state.resetAt) {
        state = { count: 0, resetAt: now + windowMs, toldUntil: state?.toldUntil ?? 0 };
        channels.set(channel, state);
      }
      const headers = {
        'x-ratelimit-limit': String(limit),
        'x-ratelimit-reset': seconds(state.resetAt),
        'x-ratelimit-reset-after': seconds(state.resetAt - now),
        'x-ratelimit-bucket': MESSAGES_BUCKET,
      };
      if (state.count >= limit) {
        const early = now < state.toldUntil;
        state.toldUntil = state.resetAt;
        return limited('user', early, state.resetAt - now, { ...headers, 'x-ratelimit-remaining': '0' });
      }
      state.count += 1;
      return { ok: true, headers: { ...headers, 'x-ratelimit-remaining': String(limit - state.count) } };
    },
  };
}

/** Slack limits to enforce on chat.postMessage. */
export interface SlackLimitOptions {
  /**
   * Messages per channel per second (Slack: 1; its "short bursts >1" are not modelled, the strict reading).
   */
  perChannelPerSecond?: number;
  /** Messages per workspace in any minute (Slack: "several hundred"; default 300, the low end). */
  workspacePerMinute?: number;
  /**
   * How the workspace figure is counted: `minute` (default), at most that many in any 60 s, as "rate limit
   * windows are per minute" reads; `second`, a sixtieth of it in any second, i.e. the same rate with bursts
   * of one second's worth (closer to the `Retry-After: 1` reported for chat.postMessage in practice).
   */
  workspaceWindow?: 'minute' | 'second';
  /** The fake's clock for these limits (Date.now by default; tests freeze it). */
  now?: () => number;
}

/** What the Slack limiter decided. */
export type SlackVerdict =
  | { ok: true }
  | {
      ok: false;
      scope: 'channel' | 'workspace';
      retryAfterSeconds: number;
      /** It came before an earlier 429's Retry-After had passed (or was already in flight when that was sent). */
      early: boolean;
    };

/** Slack's chat.postMessage limits over every workspace of the app. */
export interface SlackLimiter {
  /** The figures in force. */
  readonly perChannelPerSecond: number;
  readonly workspacePerMinute: number;
  readonly workspaceWindow: 'minute' | 'second';
  /** Counts a chat.postMessage to `channel` of `workspace` and says whether it is allowed. */
  check(workspace: string, channel: string, now: number): SlackVerdict;
}

/** Sliding windows: what was accepted in the last `windowMs`, oldest first. */
function slidingWindow(cap: number, windowMs: number) {
  const logs = new Map<string, number[]>();
  return {
    /** ms until `key` may send again (0: now). */
    wait(key: string, now: number): number {
      const log = logs.get(key) ?? [];
      while (log.length > 0 && (log[0] ?? 0) <= now - windowMs) log.shift();
      logs.set(key, log);
      return log.length < cap ? 0 : (log[log.length - cap] ?? now) + windowMs - now;
    },
    take(key: string, now: number): void {
      logs.get(key)?.push(now);
    },
  };
}

/** Creates Slack's per-channel and per-workspace limits for chat.postMessage. */
export function createSlackLimiter(options: SlackLimitOptions = {}): SlackLimiter {
  const perChannelPerSecond = options.perChannelPerSecond ?? 1;
  const workspacePerMinute = options.workspacePerMinute ?? 300;
  const channels = slidingWindow(perChannelPerSecond, 1_000);
  const workspaceWindow = options.workspaceWindow ?? 'minute';
  const workspaces =
    workspaceWindow === 'minute'
      ? slidingWindow(workspacePerMinute, 60_000)
      : slidingWindow(Math.max(1, Math.round(workspacePerMinute / 60)), 1_000);
  const told = new Map<string, number>(); // workspace or channel -> until when a 429 asked it to wait
  return {
    perChannelPerSecond,
    workspacePerMinute,
    workspaceWindow,
    check(workspace, channel, now) {
      const key = `${workspace}/${channel}`;
      const team = workspaces.wait(workspace, now);
      const own = channels.wait(key, now);
      if (team > 0 || own > 0) {
        // Retry-After is in whole seconds; rounding up never invites a request that would be refused again.
        const ms = Math.max(team, own);
        const retryAfterSeconds = Math.max(1, Math.ceil(ms / 1000));
        const scope = team >= own ? 'workspace' : 'channel';
        const early = now < (told.get(workspace) ?? 0) || now < (told.get(key) ?? 0);
        const which = scope === 'workspace' ? workspace : key;
        told.set(which, Math.max(told.get(which) ?? 0, now + retryAfterSeconds * 1000));
        return { ok: false, scope, retryAfterSeconds, early };
      }
      workspaces.take(workspace, now);
      channels.take(key, now);
      return { ok: true };
    },
  };
}
