import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { createSlackLimiter, type SlackLimiter, type SlackLimitOptions } from './rate-limits.js';

/** One recorded Web API call. */
export interface ApiCall {
  /** Method name, e.g. `chat.postMessage`. */
  method: string;
  /** Parameters, with JSON-valued form fields (blocks, view) parsed. */
  params: Record<string, unknown>;
  /** Bearer token the call used. */
  token: string | undefined;
}

/** One POST to a response_url. */
export interface ResponseCall {
  /** The response_url id (`/response/<id>`). */
  id: string;
  /** The JSON body. */
  body: Record<string, unknown>;
}

/** One file uploaded to the fake's upload URL (step 2 of files.uploadV2), parsed from its multipart form. */
export interface FileUpload {
  /** The file id the upload URL was issued for. */
  fileId: string;
  /** The request's content type (multipart/form-data with a boundary). */
  contentType: string;
  /** Every part of the form: name, file name (for file parts) and bytes. */
  parts: { name: string; filename?: string; bytes: Buffer }[];
}

/** What each Web API method needs, as Slack documents it (only the methods the bot calls are listed). */
export const METHOD_SCOPES: Readonly<Record<string, string>> = Object.freeze({
  'chat.postMessage': 'chat:write',
  'files.getUploadURLExternal': 'files:write',
  'files.completeUploadExternal': 'files:write',
  'users.info': 'users:read',
});

/** A scripted failure for the next call of a method. */
export type Failure =
  { error: string } | { status: 429; retryAfter: number } | { status: number; body?: string };

/** A workspace the fake can install the app into (what the person picks on Slack's authorize page). */
export interface FakeWorkspace {
  /** T... */
  teamId: string;
  /** Workspace name. */
  teamName?: string;
  /** E... when in an Enterprise Grid org. */
  enterpriseId?: string;
  /** Install org-wide: the grant covers the org, not one workspace. */
  orgWide?: boolean;
  /** Who approves the install. */
  installerId?: string;
}

/** One bot token the fake issued. */
export interface IssuedToken {
  /** The token. */
  token: string;
  /** Its workspace (absent for an org-wide install). */
  teamId?: string;
  /** Its org. */
  enterpriseId?: string;
  /** Bot user id. */
  botUserId: string;
}

/** Distribution-mode side of the fake: Slack's authorize page and oauth.v2.access. */
export interface FakeOAuth {
  /** The app's client id and secret that oauth.v2.access accepts. */
  clientId: string;
  clientSecret: string;
  /** Where the authorize page sends the person back (the app's /slack/oauth_redirect). */
  redirectUrl: string;
  /** Workspace the next person approving on the authorize page picks. */
  nextWorkspace: FakeWorkspace;
  /** Issue rotating tokens: expires_in seconds and a refresh token (undefined: long-lived tokens). */
  expiresIn?: number;
  /** Every bot token issued, by token. */
  readonly tokens: Map<string, IssuedToken>;
  /** Query strings the authorize page was opened with. */
  readonly authorizeRequests: URLSearchParams[];
  /** Every refresh token issued (token rotation), for secret checks. */
  readonly refreshTokensIssued: string[];
}

/** Something Slack would have refused or punished, recorded so tests can assert there was none. */
export interface SlackViolation {
  /** Web API method, `response_url` or `socket`. */
  where: string;
  /** What was wrong. */
  errors: string[];
}

/** Options for the fake. */
export interface FakeSlackOptions {
  /** The bot token's granted scopes (e.g. the manifest's): a method needing another answers missing_scope. */
  scopes?: readonly string[];
  /** The only bot token (xoxb-) Web API methods accept; by default any xoxb- token not in rejectedTokens. */
  botToken?: string;
  /** The only app token (xapp-) apps.connections.open accepts; by default any xapp- token. */
  appToken?: string;
  /** Enforce chat.postMessage's per-channel and per-workspace limits (see rate-limits.ts); off by default. */
  rateLimits?: SlackLimitOptions | true;
}

/** Slack's documented ceilings, checked on every message and view body. */
export const SLACK_LIMITS = Object.freeze({
  messageBlocks: 50,
  homeBlocks: 100,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  contextText: 3000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  url: 3000,
  messageText: 40_000,
  responseUrlUses: 5,
  responseUrlLifetimeMs: 30 * 60_000,
  ackMs: 3000,
});

type Obj = Record<string, unknown>;
const textOf = (t: unknown): string | undefined =>
  t && typeof t === 'object' && typeof (t as Obj).text === 'string' ? ((t as Obj).text as string) : undefined;

/** Block Kit problems in a message or view body, as Slack's invalid_blocks would list them. */
export function blockKitViolations(body: Obj, surface: 'message' | 'home' | 'modal' = 'message'): string[] {
  const errors: string[] = [];
  const L = SLACK_LIMITS;
  if (typeof body.text === 'string' && body.text.length > L.messageText)
    errors.push(`text is ${body.text.length} characters > ${L.messageText}`);
  const blocks = body.blocks;
  if (blocks === undefined) return errors;
  if (!Array.isArray(blocks)) return [...errors, 'blocks is not an array'];
  const max = surface === 'message' ? L.messageBlocks : L.homeBlocks;
  if (blocks.length > max) errors.push(`${blocks.length} blocks > ${max}`);
  const actionIds = new Set<string>();
  const checkText = (where: string, t: unknown, limit: number) => {
    const text = textOf(t);
    if (text === undefined) return;
    if (text.length === 0) errors.push(`${where} text is empty`);
    if (text.length > limit) errors.push(`${where} text is ${text.length} characters > ${limit}`);
  };
  const checkElement = (where: string, e: Obj) => {
    if (typeof e.action_id === 'string') {
      if (e.action_id.length > L.actionId) errors.push(`${where} action_id longer than ${L.actionId}`);
      if (actionIds.has(e.action_id)) errors.push(`${where} repeats action_id ${e.action_id}`);
      actionIds.add(e.action_id);
    }
    if (e.type === 'button') {
      checkText(`${where} button`, e.text, L.buttonText);
      if (typeof e.value === 'string' && e.value.length > L.buttonValue)
        errors.push(`${where} button value is ${e.value.length} characters > ${L.buttonValue}`);
      if (typeof e.url === 'string' && e.url.length > L.url) errors.push(`${where} button url too long`);
    }
  };
  blocks.forEach((raw, i) => {
    const b = (raw ?? {}) as Obj;
    const where = `blocks[${i}] (${String(b.type)})`;
    if (typeof b.block_id === 'string' && b.block_id.length > L.blockId)
      errors.push(`${where} block_id longer than ${L.blockId}`);
    switch (b.type) {
      case 'section': {
        checkText(where, b.text, L.sectionText);
        const fields = Array.isArray(b.fields) ? (b.fields as unknown[]) : [];
        if (fields.length > L.sectionFields)
          errors.push(`${where} has ${fields.length} fields > ${L.sectionFields}`);
        fields.forEach((f, j) => checkText(`${where} fields[${j}]`, f, L.fieldText));
        if (b.text === undefined && fields.length === 0) errors.push(`${where} needs text or fields`);
        if (b.accessory) checkElement(`${where} accessory`, b.accessory as Obj);
        break;
      }
      case 'header':
        checkText(where, b.text, L.headerText);
        break;
      case 'context': {
        const elements = Array.isArray(b.elements) ? (b.elements as Obj[]) : [];
        if (elements.length > L.contextElements)
          errors.push(`${where} has ${elements.length} elements > ${L.contextElements}`);
        elements.forEach((e, j) => checkText(`${where} elements[${j}]`, e, L.contextText));
        break;
      }
      case 'actions': {
        const elements = Array.isArray(b.elements) ? (b.elements as Obj[]) : [];
        if (elements.length === 0 || elements.length > L.actionsElements)
          errors.push(`${where} has ${elements.length} elements (1 to ${L.actionsElements})`);
        elements.forEach((e, j) => checkElement(`${where} elements[${j}]`, e));
        break;
      }
      case 'divider':
      case 'image':
      case 'rich_text':
        break;
      default:
        errors.push(`${where} is not a block type this bot should send`);
    }
  });
  return errors;
}

/** A fake Slack Web API (+ response_url and Socket Mode endpoints) on 127.0.0.1. */
export interface FakeSlack {
  /** http://127.0.0.1:P */
  readonly url: string;
  /** Base for SLACK_API_URL: http://127.0.0.1:P/api/ */
  readonly apiUrl: string;
  /** Every Web API call, in order. */
  readonly calls: ApiCall[];
  /** Every response_url POST, in order. */
  readonly responses: ResponseCall[];
  /** Frames the Socket Mode client sent (acks), parsed. */
  readonly socketFrames: Record<string, unknown>[];
  /** Calls of one method. */
  callsOf(method: string): ApiCall[];
  /** A response_url pointing at this fake. */
  responseUrl(id: string): string;
  /** Makes the next call of `method` fail as described. */
  failNext(method: string, failure: Failure): void;
  /** Tokens that auth.test / apps.connections.open reject with invalid_auth. */
  readonly rejectedTokens: Set<string>;
  /** Display names users.info returns, by user id. */
  readonly displayNames: Map<string, string>;
  /** Files uploaded through files.uploadV2, in order. */
  readonly uploads: FileUpload[];
  /** Sends a Socket Mode envelope to the connected client (its ack must come within 3 s). */
  sendEnvelope(envelope: Record<string, unknown>): void;
  /** OAuth: the authorize page and oauth.v2.access. */
  readonly oauth: FakeOAuth;
  /** What Slack would have refused: tokens, Block Kit limits, response_url overuse, late acks. */
  readonly violations: SlackViolation[];
  /** Ack times of Socket Mode envelopes, in ms, by envelope_id. */
  readonly ackTimes: Map<string, number>;
  /** Tells the Socket Mode client to reconnect, as Slack does before recycling a server (`disconnect`). */
  sendDisconnect(reason?: string): void;
  /** Holds apps.connections.open answers until `release()` (a reconnect in progress). */
  holdConnections(): { release(): void };
  /** The limits enforced (`rateLimits` option), if any. */
  readonly limiter?: SlackLimiter;
  /** chat.postMessage calls answered 429 by the enforced limits (their workspace is the token's team, or the token). */
  readonly rateLimited: {
    channel: string;
    workspace: string;
    scope: 'channel' | 'workspace';
    /** Sent before an earlier 429's Retry-After had passed (or already in flight when that 429 was sent). */
    early: boolean;
  }[];
  /** Stops the WebSocket server, then the HTTP server. */
  close(): Promise<void>;
}

async function readBytes(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Parses a multipart/form-data body with the platform's own parser (undici's Response.formData). */
async function parseMultipart(bytes: Buffer, contentType: string): Promise<FileUpload['parts']> {
  const form = await new Response(bytes, { headers: { 'content-type': contentType } }).formData();
  const parts: FileUpload['parts'] = [];
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') parts.push({ name, bytes: Buffer.from(value) });
    else parts.push({ name, filename: value.name, bytes: Buffer.from(await value.arrayBuffer()) });
  }
  return parts;
}

function parseParams(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    // The Web API client JSON-encodes nested values (blocks, view) inside the form.
    out[k] = /^[[{]/.test(v) ? safeJson(v) : v === 'true' ? true : v === 'false' ? false : v;
  }
  return out;
}

function safeJson(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

const json = (
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

/**
 * Starts the fake on 127.0.0.1 with a free port. With `scopes` (the bot token's granted scopes, e.g. the
 * manifest's), a method whose scope is missing answers `missing_scope` as Slack does.
 */
export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const violations: SlackViolation[] = [];
  const ackTimes = new Map<string, number>();
  const envelopesSent = new Map<string, number>();
  const responseUses = new Map<string, { uses: number; first: number }>();
  let held: (() => void)[] | undefined;
  const calls: ApiCall[] = [];
  const uploads: FileUpload[] = [];
  let files = 0;
  const responses: ResponseCall[] = [];
  const socketFrames: Record<string, unknown>[] = [];
  const failures = new Map<string, Failure[]>();
  const rejectedTokens = new Set<string>();
  const displayNames = new Map<string, string>();
  const limitOptions = options.rateLimits === true ? {} : options.rateLimits;
  const limiter = limitOptions ? createSlackLimiter(limitOptions) : undefined;
  const rateLimited: FakeSlack['rateLimited'] = [];
  let ts = 1_700_000_000;
  let base = '';
  let socket: WebSocket | undefined;
  let issued = 0;
  const oauth: FakeOAuth = {
    clientId: '1111.2222',
    clientSecret: 'fake-client-secret',
    redirectUrl: '',
    nextWorkspace: { teamId: 'T1' },
    tokens: new Map(),
    authorizeRequests: [],
    refreshTokensIssued: [],
  };
  /** Codes from the authorize page, each good for one exchange, as on Slack. */
  const codes = new Map<string, FakeWorkspace & { scope: string }>();
  /** Refresh token -> the installation it refreshes; a refresh token is good once (the new one replaces it). */
  const refreshTokens = new Map<string, { workspace: FakeWorkspace; botUserId: string }>();

  const issue = (workspace: FakeWorkspace, botUserId: string): Record<string, unknown> => {
    issued += 1;
    const prefix = oauth.expiresIn === undefined ? 'xoxb' : 'xoxe.xoxb';
    const token = `${prefix}-${issued}-${workspace.orgWide ? workspace.enterpriseId : workspace.teamId}-faketoken${issued}`;
    oauth.tokens.set(token, {
      token,
      teamId: workspace.orgWide ? undefined : workspace.teamId,
      enterpriseId: workspace.enterpriseId,
      botUserId,
    });
    if (oauth.expiresIn === undefined) return { access_token: token };
    const refresh = `xoxe-1-fakerefresh${issued}`;
    refreshTokens.set(refresh, { workspace, botUserId });
    oauth.refreshTokensIssued.push(refresh);
    return { access_token: token, refresh_token: refresh, expires_in: oauth.expiresIn };
  };

  const exchange = (params: Record<string, unknown>): unknown => {
    if (params.client_id !== oauth.clientId) return { ok: false, error: 'invalid_client_id' };
    if (params.client_secret !== oauth.clientSecret) return { ok: false, error: 'bad_client_secret' };
    if (params.grant_type === 'refresh_token') {
      const found = refreshTokens.get(String(params.refresh_token));
      if (!found) return { ok: false, error: 'invalid_refresh_token' };
      refreshTokens.delete(String(params.refresh_token));
      return { ok: true, token_type: 'bot', ...issue(found.workspace, found.botUserId) };
    }
    const workspace = codes.get(String(params.code));
    // A code is single-use: a replayed one is refused, as Slack does.
    if (!workspace) return { ok: false, error: 'invalid_code' };
    codes.delete(String(params.code));
    const botUserId = `UBOT${workspace.orgWide ? workspace.enterpriseId : workspace.teamId}`;
    return {
      ok: true,
      app_id: 'A1',
      authed_user: { id: workspace.installerId ?? 'UINSTALLER' },
      scope: workspace.scope,
      token_type: 'bot',
      bot_user_id: botUserId,
      team: workspace.orgWide ? null : { id: workspace.teamId, name: workspace.teamName ?? workspace.teamId },
      enterprise: workspace.enterpriseId
        ? { id: workspace.enterpriseId, name: `Org ${workspace.enterpriseId}` }
        : null,
      is_enterprise_install: workspace.orgWide === true,
      ...issue(workspace, botUserId),
    };
  };

  const answer = (method: string, params: Record<string, unknown>, token: string | undefined): unknown => {
    switch (method) {
      case 'oauth.v2.access':
        return exchange(params);
      case 'auth.test': {
        if (token && rejectedTokens.has(token)) return { ok: false, error: 'invalid_auth' };
        const own = token ? oauth.tokens.get(token) : undefined;
        if (own)
          return {
            ok: true,
            url: `https://${own.teamId ?? own.enterpriseId}.slack.com/`,
            team: own.teamId ?? '',
            user: 'mingyan',
            team_id: own.teamId ?? '',
            user_id: own.botUserId,
            bot_id: `B${own.botUserId}`,
            enterprise_id: own.enterpriseId,
            is_enterprise_install: own.teamId === undefined,
          };
        return {
          ok: true,
          url: 'https://test.slack.com/',
          team: 'Test',
          user: 'mingyan',
          team_id: 'T1',
          user_id: 'UBOT',
          bot_id: 'BBOT',
        };
      }
      case 'apps.connections.open':
        return token && rejectedTokens.has(token)
          ? { ok: false, error: 'invalid_auth' }
          : { ok: true, url: `${base.replace('http:', 'ws:')}/link` };
      case 'chat.postMessage':
      case 'chat.postEphemeral':
        ts += 1;
        return { ok: true, channel: params.channel, ts: `${ts}.000100`, message: { text: params.text } };
      case 'views.publish':
        return { ok: true, view: { id: 'V1' } };
      case 'files.getUploadURLExternal': {
        if (!params.filename || !Number(params.length)) return { ok: false, error: 'invalid_arguments' };
        files += 1;
        const id = `F${files}`;
        return { ok: true, upload_url: `${base}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        const list = (Array.isArray(params.files) ? params.files : []) as { id: string; title?: string }[];
        if (list.some((f) => !uploads.some((u) => u.fileId === f.id)))
          return { ok: false, error: 'file_not_found' };
        return { ok: true, files: list.map((f) => ({ id: f.id, title: f.title ?? '' })) };
      }
      case 'users.info': {
        const id = String(params.user);
        const name = displayNames.get(id);
        return {
          ok: true,
          user: { id, name: `user-${id}`, real_name: name ?? '', profile: { display_name: name ?? '' } },
        };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  };

  /** Every method checks its token: the app token opens sockets, the bot token does everything else. */
  const checkToken = (method: string, token: string | undefined): Obj | undefined => {
    const refuse = (error: string, why: string): Obj => {
      violations.push({ where: method, errors: [why] });
      return { ok: false, error };
    };
    // oauth.v2.access authenticates the app by client id and secret (checked in `exchange`), not by a token.
    if (method === 'oauth.v2.access') return undefined;
    if (!token) return refuse('not_authed', 'no token');
    if (rejectedTokens.has(token)) return { ok: false, error: 'invalid_auth' };
    if (method === 'apps.connections.open') {
      if (!token.startsWith('xapp-')) return refuse('not_allowed_token_type', 'needs an app-level token');
      if (options.appToken && token !== options.appToken) return refuse('invalid_auth', 'not the app token');
      return undefined;
    }
    // A rotating bot token is `xoxe.xoxb-…`.
    if (!/^(xoxe\.)?xoxb-/.test(token))
      return refuse('not_allowed_token_type', `${method} needs the bot token`);
    if (options.botToken && token !== options.botToken) return refuse('invalid_auth', 'not the bot token');
    return undefined;
  };

  const checkBody = (method: string, params: Obj): Obj | undefined => {
    let errors: string[] = [];
    if (method.startsWith('chat.')) errors = blockKitViolations(params);
    if (method === 'views.publish') {
      const view = (params.view ?? {}) as Obj;
      errors = blockKitViolations(view, view.type === 'home' ? 'home' : 'modal');
    }
    if (!errors.length) return undefined;
    violations.push({ where: method, errors });
    return { ok: false, error: 'invalid_blocks', errors };
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const bytes = await readBytes(req);
      const raw = bytes.toString('utf8');
      const url = new URL(req.url ?? '/', 'http://x');
      const path = url.pathname;
      if (path === '/oauth/v2/authorize') {
        // Slack's authorize page, as if the person picked oauth.nextWorkspace and pressed Allow.
        oauth.authorizeRequests.push(url.searchParams);
        const code = `code-${oauth.authorizeRequests.length}-${oauth.nextWorkspace.teamId}`;
        // Slack grants the scopes the authorize URL asked for.
        codes.set(code, { ...oauth.nextWorkspace, scope: url.searchParams.get('scope') ?? '' });
        const back = new URL(url.searchParams.get('redirect_uri') ?? oauth.redirectUrl);
        back.searchParams.set('code', code);
        back.searchParams.set('state', url.searchParams.get('state') ?? '');
        res.writeHead(302, { location: back.toString() });
        res.end();
        return;
      }
      if (path.startsWith('/upload/')) {
        const contentType = req.headers['content-type'] ?? '';
        const parts = contentType.startsWith('multipart/form-data')
          ? await parseMultipart(bytes, contentType)
          : [{ name: 'raw', bytes }];
        uploads.push({ fileId: path.slice('/upload/'.length), contentType, parts });
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(`OK - ${bytes.length}`);
        return;
      }
      if (path.startsWith('/response/')) {
        const id = path.slice('/response/'.length);
        const body = JSON.parse(raw || '{}') as Record<string, unknown>;
        // Slack: a response_url works up to five times within 30 minutes.
        const use = responseUses.get(id) ?? { uses: 0, first: Date.now() };
        responseUses.set(id, use);
        use.uses += 1;
        const refused =
          use.uses > SLACK_LIMITS.responseUrlUses
            ? 'used_url'
            : Date.now() - use.first > SLACK_LIMITS.responseUrlLifetimeMs
              ? 'expired_url'
              : undefined;
        const blockErrors = blockKitViolations(body);
        if (refused || blockErrors.length) {
          violations.push({ where: 'response_url', errors: refused ? [refused] : blockErrors });
          res.writeHead(refused ? 404 : 400, { 'content-type': 'text/plain' });
          res.end(refused ?? 'invalid_blocks');
          return;
        }
        responses.push({ id, body });
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('ok');
        return;
      }
      if (!path.startsWith('/api/')) {
        res.writeHead(404);
        res.end();
        return;
      }
      const method = path.slice('/api/'.length);
      const params = parseParams(raw, req.headers['content-type']);
      const auth = req.headers.authorization;
      const token = auth?.startsWith('Bearer ') ? auth.slice(7) : (params.token as string | undefined);
      calls.push({ method, params, token });
      const refusal = checkToken(method, token) ?? checkBody(method, params);
      if (refusal) return json(res, 200, refusal);
      const needed = METHOD_SCOPES[method];
      if (options.scopes && needed && !options.scopes.includes(needed))
        return json(res, 200, {
          ok: false,
          error: 'missing_scope',
          needed,
          provided: options.scopes.join(','),
        });
      if (method === 'apps.connections.open' && held) {
        held.push(() => json(res, 200, answer(method, params, token)));
        return;
      }
      if (limiter && method === 'chat.postMessage') {
        // Limits are per app per workspace: a token the fake issued names its team; another stands for one.
        const workspace = (token && oauth.tokens.get(token)?.teamId) ?? token ?? '';
        const channel = String(params.channel);
        const verdict = limiter.check(workspace, channel, (limitOptions?.now ?? Date.now)());
        if (!verdict.ok) {
          rateLimited.push({ channel, workspace, scope: verdict.scope, early: verdict.early });
          return json(
            res,
            429,
            { ok: false, error: 'ratelimited' },
            { 'retry-after': String(verdict.retryAfterSeconds) },
          );
        }
      }
      const failure = failures.get(method)?.shift();
      if (failure) {
        if ('error' in failure) return json(res, 200, { ok: false, error: failure.error });
        if (failure.status === 429 && 'retryAfter' in failure)
          return json(
            res,
            429,
            { ok: false, error: 'ratelimited' },
            { 'retry-after': String(failure.retryAfter) },
          );
        res.writeHead(failure.status, { 'content-type': 'text/plain' });
        res.end('body' in failure && failure.body ? failure.body : 'upstream trouble');
        return;
      }
      json(res, 200, answer(method, params, token));
    })();
  });
  const wss = new WebSocketServer({ server, path: '/link' });
  wss.on('connection', (ws) => {
    socket = ws;
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as Record<string, unknown>;
      socketFrames.push(frame);
      const id = typeof frame.envelope_id === 'string' ? frame.envelope_id : undefined;
      const sent = id ? envelopesSent.get(id) : undefined;
      if (id && sent !== undefined) {
        const ms = performance.now() - sent;
        ackTimes.set(id, ms);
        if (ms > SLACK_LIMITS.ackMs)
          violations.push({
            where: 'socket',
            errors: [`envelope ${id} acked after ${Math.round(ms)} ms > 3000`],
          });
      }
    });
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: 1,
        connection_info: { app_id: 'A1' },
        debug_info: { host: 'fake' },
      }),
    );
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    apiUrl: `${base}/api/`,
    calls,
    responses,
    socketFrames,
    rejectedTokens,
    displayNames,
    oauth,
    violations,
    ackTimes,
    uploads,
    ...(limiter ? { limiter } : {}),
    rateLimited,
    callsOf: (method) => calls.filter((c) => c.method === method),
    responseUrl: (id) => `${base}/response/${id}`,
    failNext(method, failure) {
      failures.set(method, [...(failures.get(method) ?? []), failure]);
    },
    sendEnvelope(envelope) {
      if (!socket) throw new Error('no Socket Mode client is connected');
      if (typeof envelope.envelope_id === 'string')
        envelopesSent.set(envelope.envelope_id, performance.now());
      socket.send(JSON.stringify(envelope));
    },
    sendDisconnect(reason = 'refresh_requested') {
      if (!socket) throw new Error('no Socket Mode client is connected');
      socket.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'fake' } }));
    },
    holdConnections() {
      const queue: (() => void)[] = [];
      held = queue;
      return {
        release() {
          if (held === queue) held = undefined;
          for (const answer of queue.splice(0)) answer();
        },
      };
    },
    async close() {
      held = undefined;
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
