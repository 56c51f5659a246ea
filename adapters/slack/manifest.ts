import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, parseDocument } from 'yaml';
import type { Result } from '../../src/result.js';
import { err, ok } from '../../src/result.js';

/** Path the HTTP receiver listens on; the manifest's request URLs end with it. */
export const EVENTS_PATH = '/slack/events';
/** Distribution mode: the "Add to Slack" page. */
export const INSTALL_PATH = '/slack/install';
/** Distribution mode: where Slack sends the installer back (the manifest's redirect URL). */
export const REDIRECT_PATH = '/slack/oauth_redirect';
/** Bot scopes an install asks for: the manifest's oauth_config.scopes.bot, so the two never drift apart. */
export function botScopes(source: string = readFileSync(manifestPath(), 'utf8')): string[] {
  const scopes = (parse(source) as { oauth_config?: { scopes?: { bot?: unknown } } }).oauth_config?.scopes
    ?.bot;
  if (!Array.isArray(scopes) || scopes.length === 0)
    throw new Error(`the Slack manifest ${manifestPath()} lists no bot scopes (oauth_config.scopes.bot)`);
  return scopes.map(String);
}
/** Events distribution mode needs besides the ones in the manifest: cleanup when a workspace removes the app. */
export const UNINSTALL_EVENTS: readonly string[] = Object.freeze(['app_uninstalled', 'tokens_revoked']);

/** The shipped manifest file (next to this module; from the repo when running the compiled build). */
export function manifestPath(): string {
  const candidates = [
    new URL('./manifest.yml', import.meta.url),
    new URL('../../../adapters/slack/manifest.yml', import.meta.url),
  ].map((u) => fileURLToPath(u));
  return candidates.find((p) => existsSync(p)) ?? (candidates[0] as string);
}

/**
 * Checks a public base URL for HTTP mode: https (Slack refuses plain http), no query or fragment.
 * Returns the base without a trailing slash.
 */
export function parseBaseUrl(raw: string): Result<string, string> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return err(`--url must be an https URL such as https://quotes.example.com (got "${raw.slice(0, 100)}")`);
  }
  if (url.protocol !== 'https:')
    return err(`--url must use https: Slack only sends requests to https URLs (got "${raw.slice(0, 100)}")`);
  if (url.search || url.hash || url.username || url.password)
    return err(
      '--url must be a plain base URL without query, fragment or credentials, e.g. https://quotes.example.com',
    );
  return ok(`${url.origin}${url.pathname.replace(/\/+$/, '')}`);
}

/**
 * The manifest with its leading comment rewritten for HTTP mode: the general lines kept, the Socket Mode set-up
 * (from the first line naming Socket Mode) replaced, so the comment never contradicts `socket_mode_enabled`.
 */
function withHttpHeader(yaml: string, baseUrl: string): string {
  const lines = yaml.split('\n');
  const bodyStart = lines.findIndex((l) => !l.startsWith('#'));
  const header = bodyStart < 0 ? lines : lines.slice(0, bodyStart);
  const socket = header.findIndex((l) => /socket mode/i.test(l));
  const general = socket < 0 ? header : header.slice(0, socket);
  return [
    ...general,
    '# HTTP mode (Socket Mode off): Slack sends events, interactivity and /quote to',
    `# ${baseUrl}${EVENTS_PATH}. Set SLACK_BOT_TOKEN=xoxb-... and SLACK_SIGNING_SECRET=...`,
    '# (from "Basic Information"), leave SLACK_APP_TOKEN unset, and serve PORT at that URL over https.',
    '# To distribute to other workspaces instead, leave SLACK_BOT_TOKEN unset and set SLACK_CLIENT_ID,',
    '# SLACK_CLIENT_SECRET and SLACK_STATE_SECRET: people install from',
    `# ${baseUrl}${INSTALL_PATH} and Slack sends them back to ${baseUrl}${REDIRECT_PATH}.`,
    ...(bodyStart < 0 ? [] : lines.slice(bodyStart)),
  ].join('\n');
}

/**
 * The manifest as YAML. With a base URL: request URLs filled in (`<url>/slack/events` for events,
 * interactivity and /quote), Socket Mode off, and what distribution mode needs: the OAuth redirect URL
 * (`<url>/slack/oauth_redirect`) and the app_uninstalled and tokens_revoked events. Without: the file as shipped
 * (Socket Mode on).
 */
export function renderManifest(
  baseUrl?: string,
  source: string = readFileSync(manifestPath(), 'utf8'),
): string {
  if (baseUrl === undefined) return source;
  const doc = parseDocument(source);
  const requestUrl = `${baseUrl}${EVENTS_PATH}`;
  doc.setIn(['settings', 'event_subscriptions', 'request_url'], requestUrl);
  doc.setIn(['settings', 'interactivity', 'request_url'], requestUrl);
  doc.setIn(['settings', 'socket_mode_enabled'], false);
  // Distribution mode: where Slack sends an installer back, and the events that clean up after an uninstall.
  doc.setIn(['oauth_config', 'redirect_urls'], doc.createNode([`${baseUrl}${REDIRECT_PATH}`]));
  const events = (
    doc.getIn(['settings', 'event_subscriptions', 'bot_events']) as { items?: { value?: unknown }[] }
  )?.items?.map((i) => String(i.value ?? i));
  for (const name of UNINSTALL_EVENTS)
    if (!events?.includes(name)) doc.addIn(['settings', 'event_subscriptions', 'bot_events'], name);
  const commands = doc.getIn(['features', 'slash_commands']) as { items?: unknown[] } | undefined;
  (commands?.items ?? []).forEach((_, i) => doc.setIn(['features', 'slash_commands', i, 'url'], requestUrl));
  return withHttpHeader(doc.toString({ lineWidth: 0 }), baseUrl);
}
