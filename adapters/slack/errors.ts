import { webApi } from '@slack/bolt';
import type { PostFailure } from '../../src/adapter.js';
import { redactText } from '../../src/log.js';

/** Slack error codes after which posting to that channel will not work until a person fixes something. */
export const PERMANENT_ERRORS: ReadonlySet<string> = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'account_inactive',
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'missing_scope',
  'restricted_action',
  'restricted_action_read_only_channel',
  'restricted_action_thread_only_channel',
  'restricted_action_non_threadable_channel',
  'team_access_not_granted',
  'team_disabled',
  'ekm_access_denied',
  'no_permission',
]);

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

/**
 * Sorts a failed Web API call into transient (retry later: rate limits, 5xx, network) or permanent
 * (pause: channel gone, bot removed, token revoked, missing scope). Reasons never contain a token.
 */
export function classifyPostError(error: unknown): PostFailure {
  if (error instanceof webApi.WebAPIRateLimitedError)
    return { kind: 'transient', reason: 'slack ratelimited', retryAfterMs: error.retryAfter * 1000 };
  if (error instanceof webApi.WebAPIPlatformError) {
    const code = String(error.data.error);
    if (PERMANENT_ERRORS.has(code)) return { kind: 'permanent', reason: `slack ${code}` };
    return { kind: 'transient', reason: `slack ${code}` };
  }
  if (error instanceof webApi.WebAPIHTTPError) {
    const permanent = error.statusCode === 403 || error.statusCode === 404 || error.statusCode === 410;
    return { kind: permanent ? 'permanent' : 'transient', reason: `slack HTTP ${error.statusCode}` };
  }
  if (error instanceof webApi.WebAPIRequestError)
    return { kind: 'transient', reason: `slack network error: ${describe(error.original)}` };
  return { kind: 'transient', reason: `slack error: ${describe(error)}` };
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
