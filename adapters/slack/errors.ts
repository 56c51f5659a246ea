import { webApi } from '@slack/bolt';
import type { PostFailure } from '../../src/adapter.js';
import { redactText } from '../../src/log.js';

/** Slack error codes about this one channel: the subscription pauses until someone fixes the channel. */
export const PERMANENT_ERRORS: ReadonlySet<string> = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'channel_type_not_supported',
  'no_permission',
  'restricted_action',
  'restricted_action_read_only_channel',
  'restricted_action_thread_only_channel',
  'restricted_action_non_threadable_channel',
]);

/**
 * Codes about the bot's token or the app's installation, not a channel: every channel fails alike, so nothing
 * is paused (a bad token would otherwise pause every subscription); posts wait BAD_TOKEN_RETRY_MS and retry.
 */
export const CREDENTIAL_ERRORS: ReadonlySet<string> = new Set([
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'account_inactive',
  'missing_scope',
  'not_allowed_token_type',
  'team_disabled',
  'team_access_not_granted',
  'ekm_access_denied',
  'org_login_required',
  'two_factor_setup_required',
  'enterprise_is_restricted',
  'access_denied',
]);

/** Codes saying this request itself is wrong: the same post would fail again, so the day's post fails. */
const REJECTED_ERRORS: ReadonlySet<string> = new Set([
  'msg_too_long',
  'no_text',
  'invalid_blocks',
  'invalid_blocks_format',
  'too_many_attachments',
  'invalid_attachments',
  'invalid_arguments',
  'invalid_arg_name',
  'invalid_array_arg',
  'invalid_charset',
  'invalid_form_data',
  'invalid_post_type',
  'missing_post_type',
  'invalid_metadata_format',
  'invalid_metadata_schema',
  'metadata_too_large',
  'as_user_not_supported',
  'method_deprecated',
  'deprecated_endpoint',
  'not_implemented',
]);

/** Slack's words for these: "It's possible some aspect of the operation succeeded before the error was raised." */
const MAYBE_DONE_ERRORS: ReadonlySet<string> = new Set(['internal_error', 'fatal_error']);

/** Failures to connect at all: the request never left, so sending it again cannot post twice. */
const NOT_SENT_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/** How long posts wait after Slack refused the bot's token or scopes: fixing that takes a person. */
export const BAD_TOKEN_RETRY_MS = 60 * 60 * 1000;

/** Codes that mean the bot token itself is bad (start-up names SLACK_BOT_TOKEN). */
const BAD_TOKEN_ERRORS: ReadonlySet<string> = new Set([
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'account_inactive',
  'team_disabled',
  'not_allowed_token_type',
]);

/** The Slack error code of a Web API failure (`channel_not_found`), if it is one. */
export function slackErrorCode(error: unknown): string | undefined {
  return error instanceof webApi.WebAPIPlatformError ? String(error.data.error) : undefined;
}

const describe = (error: unknown): string =>
  redactText(error instanceof Error ? error.message : String(error)).slice(0, 200);

/** The network error code (ECONNREFUSED, UND_ERR_SOCKET...) of a fetch failure, from it or its causes. */
function networkCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^(E[A-Z_]+|UND_ERR_[A-Z_]+)$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Sorts a failed chat.postMessage for the scheduler. Slack has no idempotency key, so anything that may have
 * reached Slack is 'uncertain' and never re-sent: a timeout, a connection dropped after sending, an HTTP 5xx,
 * internal_error/fatal_error, or an error the client did not wrap (it can come from reading the answer).
 * Retried ('transient') is only what surely did not post: a rate limit (Slack refuses before posting),
 * connection failures before sending (ECONNREFUSED, ENOTFOUND, EAI_AGAIN), another ok:false answer or an
 * HTTP 4xx (proxies; Slack itself answers 200 or 429). A bad token or scope is transient with a long wait,
 * never a pause; only channel codes pause ('permanent'); a malformed request fails the day ('rejected').
 * Reasons never contain a token.
 */
export function classifyPostError(error: unknown): PostFailure {
  if (error instanceof webApi.WebAPIRateLimitedError)
    return { kind: 'transient', reason: 'slack ratelimited', retryAfterMs: error.retryAfter * 1000 };
  if (error instanceof webApi.WebAPIPlatformError) {
    const code = String(error.data.error);
    const reason = `slack ${code}`;
    if (PERMANENT_ERRORS.has(code)) return { kind: 'permanent', reason };
    if (CREDENTIAL_ERRORS.has(code))
      return { kind: 'transient', reason, retryAfterMs: BAD_TOKEN_RETRY_MS, credentials: true };
    if (REJECTED_ERRORS.has(code)) return { kind: 'rejected', reason };
    if (MAYBE_DONE_ERRORS.has(code)) return { kind: 'uncertain', reason };
    return { kind: 'transient', reason };
  }
  if (error instanceof webApi.WebAPIHTTPError) {
    const reason = `slack HTTP ${error.statusCode}`;
    return { kind: error.statusCode >= 500 ? 'uncertain' : 'transient', reason };
  }
  if (error instanceof webApi.WebAPIRequestError) {
    const code = networkCode(error.original);
    const reason = `slack network error: ${describe(error.original)}${code ? ` (${code})` : ''}`;
    return { kind: code && NOT_SENT_CODES.has(code) ? 'transient' : 'uncertain', reason };
  }
  return { kind: 'uncertain', reason: `slack error: ${describe(error)}` };
}

/** Which token a start-up call used, to name the right variable. */
export type TokenVariable = 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN';

/** A start-up failure as an Error whose message names the variable to fix (never its value). */
export function startError(error: unknown, variable: TokenVariable, apiUrl: string): Error {
  const code = slackErrorCode(error);
  if (code !== undefined) {
    if (BAD_TOKEN_ERRORS.has(code)) {
      const hint =
        variable === 'SLACK_APP_TOKEN'
          ? 'set the app-level token (xapp-...) with the connections:write scope'
          : 'set the Bot User OAuth Token (xoxb-...) from OAuth & Permissions, and reinstall the app if it was revoked';
      return new Error(`${variable} was rejected by Slack (${code}): ${hint}`);
    }
    return new Error(`Slack refused to start the app (${code}); check ${variable} and the app's settings`);
  }
  if (error instanceof webApi.WebAPIHTTPError)
    return new Error(`the Slack Web API at ${apiUrl} answered HTTP ${error.statusCode}: check SLACK_API_URL`);
  if (error instanceof webApi.WebAPIRequestError)
    return new Error(
      `could not reach the Slack Web API at ${apiUrl} (${describe(error.original)}): check SLACK_API_URL and the network`,
    );
  const errno = (error as NodeJS.ErrnoException | undefined)?.code;
  if (errno === 'EADDRINUSE') return new Error('PORT is already in use: set PORT to a free port');
  if (errno === 'EACCES') return new Error('PORT needs privileges to listen on: set PORT to 1024 or above');
  return new Error(`Slack failed to start: ${describe(error)}`);
}
