import {
  DiscordAPIError,
  DiscordjsErrorCodes,
  GatewayCloseCodes,
  HTTPError,
  RateLimitError,
} from 'discord.js';
import type { PostFailure } from '../../src/adapter.js';
import { redactText } from '../../src/log.js';

/** The network error code of an error or of its cause (undici puts it on either). */
function networkCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError'))
    return 'timeout';
  return undefined;
}

/** First line of Discord's error message, e.g. `Missing Access`. */
const firstLine = (error: Error): string => error.message.split('\n')[0]?.trim() ?? '';

/** How long posts wait after Discord refused the bot's token: fixing it takes a person (and a restart). */
export const BAD_TOKEN_RETRY_MS = 60 * 60 * 1000;

/** Thrown by @discordjs/rest for every request after a 401, which makes it forget the token. */
const TOKEN_CLEARED = /Expected token to be set/;

/**
 * Why a post failed, for the scheduler:
 * - permanent (pause): only what is about this channel: any 403 (50001 Missing Access, 50013 Missing
 *   Permissions, ...) or 404 (10003 Unknown Channel, ...).
 * - transient with a long wait and `credentials`: a 401, the bot's token; no channel is at fault.
 * - rejected (fail the day, no pause, no retry): a 400 or another 4xx; the same body would fail again.
 * - transient: rate limits, 5xx and network trouble. Posts carry a nonce with enforce_nonce, so a request
 *   that did reach Discord is not posted twice by a retry (see index.ts).
 */
export function classifyPostError(error: unknown): PostFailure {
  if (error instanceof RateLimitError)
    return {
      kind: 'transient',
      reason: 'discord 429 rate limited',
      retryAfterMs: Math.ceil(error.retryAfter),
    };
  if (error instanceof DiscordAPIError) {
    const reason = `discord ${error.status} ${firstLine(error)}${typeof error.code === 'number' && error.code ? ` (${error.code})` : ''}`;
    if (error.status === 429 || error.status >= 500) return { kind: 'transient', reason };
    if (error.status === 401)
      return { kind: 'transient', reason, retryAfterMs: BAD_TOKEN_RETRY_MS, credentials: true };
    if (error.status === 403 || error.status === 404) return { kind: 'permanent', reason };
    return { kind: 'rejected', reason };
  }
  if (error instanceof HTTPError)
    return { kind: 'transient', reason: `discord ${error.status} ${error.message}` };
  if (error instanceof Error && TOKEN_CLEARED.test(error.message))
    return {
      kind: 'transient',
      reason: 'discord 401: the token was refused earlier; restart with a valid DISCORD_TOKEN',
      retryAfterMs: BAD_TOKEN_RETRY_MS,
      credentials: true,
    };
  const code = networkCode(error);
  if (code) return { kind: 'transient', reason: `discord network error ${code}` };
  return {
    kind: 'transient',
    reason: `discord error: ${error instanceof Error ? firstLine(error) : String(error)}`,
  };
}

/** A start-up failure as a sentence that names the variable to fix (never the token itself). */
export function startErrorMessage(error: unknown, apiUrl: string | undefined, token: string): string {
  const where = apiUrl ?? 'https://discord.com/api';
  const code = (error as { code?: unknown } | null)?.code;
  let message: string;
  if (code === DiscordjsErrorCodes.TokenInvalid || code === GatewayCloseCodes.AuthenticationFailed)
    message =
      'DISCORD_TOKEN was rejected by Discord: copy the bot token again (Developer Portal → Bot → Reset Token) and set DISCORD_TOKEN';
  else if (code === GatewayCloseCodes.DisallowedIntents || code === GatewayCloseCodes.InvalidIntents)
    message = 'Discord refused the gateway intents: check that DISCORD_TOKEN belongs to this bot';
  else if (error instanceof DiscordAPIError)
    message = `Discord refused the connection (${error.status} ${firstLine(error)}): check DISCORD_TOKEN${apiUrl ? ' and DISCORD_API_URL' : ''}`;
  else if (networkCode(error))
    message = `could not reach Discord at ${where} (${networkCode(error)}): check the network${apiUrl ? ', or DISCORD_API_URL' : ''}`;
  else
    message = `Discord did not start: ${error instanceof Error ? firstLine(error) : String(error)}; check DISCORD_TOKEN${apiUrl ? ' and DISCORD_API_URL' : ''}`;
  return redactText(message, [token]);
}
