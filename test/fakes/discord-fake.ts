import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  GatewayDispatchEvents,
  GatewayOpcodes,
  InteractionResponseType,
  MessageFlags,
  type APIApplicationCommand,
  type APIEmbed,
  type APIInteraction,
  type APIMessage,
  type GatewayIdentify,
  type GatewayReadyDispatchData,
} from 'discord-api-types/v10';
import { WebSocketServer, type WebSocket } from 'ws';
import { createSpecValidator, loadCompiledSpecValidator, type SpecValidator } from './discord-spec.js';
import { createDiscordLimiter, type DiscordLimitOptions } from './rate-limits.js';

/** A request the bot made to the fake's REST API. */
export interface RecordedRequest {
  /** HTTP method. */
  method: string;
  /** Path below /api/v10, e.g. `/channels/1/messages`. */
  path: string;
  /** Query string. */
  query: URLSearchParams;
  /** Parsed JSON body, if any. */
  body: unknown;
  /** The spec's path template it matched. */
  template?: string;
  /** The Authorization header (tests check it is absent on interaction callbacks). */
  authorization?: string;
  /** Files of a multipart/form-data request (its JSON is `payload_json`, recorded as `body`). */
  files?: { field: string; filename: string; contentType: string; bytes: Buffer }[];
  /** The request's content type. */
  contentType?: string;
}

/** A canned failure for the next matching request(s). */
export interface Failure {
  /** HTTP status. */
  status: number;
  /** JSON body; for 429 a `retry_after` in seconds. */
  body?: unknown;
  /** Extra response headers. */
  headers?: Record<string, string>;
  /** Carry out the request first, then answer with the failure (the client cannot tell it worked). */
  afterEffect?: boolean;
}

/** A request body that did not match Discord's spec or its documented limits. */
export interface Violation {
  method: string;
  path: string;
  errors: string[];
}

/** A guild as GUILD_CREATE delivers it: its channels and active threads fill discord.js's cache. */
export interface GuildFixture {
  /** Guild id. */
  id: string;
  /** Channel objects. */
  channels: unknown[];
  /** Active thread objects. */
  threads: unknown[];
}

/** Options for the fake. */
export interface FakeDiscordOptions {
  /** The only token the fake accepts. */
  token: string;
  /** The bot's application id (and user id). */
  applicationId: string;
  /** Gateway heartbeat interval in ms (default 45000). */
  heartbeatIntervalMs?: number;
  /** The token the gateway accepts at IDENTIFY (default `token`); a mismatch closes with 4004. */
  gatewayToken?: string;
  /** Guilds the bot is in: listed unavailable in READY, then sent as GUILD_CREATE (as the Guilds intent does). */
  guilds?: readonly GuildFixture[];
  /** Never answer IDENTIFY (a gateway that hangs). */
  hangAtIdentify?: boolean;
  /** Shared validator (compiling schemas is slow; share one per test file). */
  validator?: SpecValidator;
  /** The shard count GET /gateway/bot recommends (default 1). */
  recommendedShards?: number;
  /** How long an interaction accepts its initial callback (Discord: 3 s). */
  interactionDeadlineMs?: number;
  /** How long an interaction token accepts webhook calls (Discord: 15 min). */
  tokenLifetimeMs?: number;
  /** Enforce Discord's global and per-channel message limits (see rate-limits.ts); off by default. */
  rateLimits?: DiscordLimitOptions | true;
}

/** A rate limit the fake enforces on matching requests until it has lasted `retryAfter` seconds. */
export interface RateLimit {
  /** Seconds, as Discord sends them (fractions allowed). */
  retryAfter: number;
  /** `user` (default), `global` or `shared`. */
  scope?: 'user' | 'global' | 'shared';
}

/** One session of the gateway, as the fake sees it. */
export interface GatewaySession {
  /** session_id handed out in READY. */
  id: string;
  /** Last sequence number dispatched. */
  sequence: number;
}

/** A loopback Discord: REST under /api/v10 and a JSON gateway on the same port. */
export interface FakeDiscord {
  /** What to set as DISCORD_API_URL. */
  readonly apiUrl: string;
  /** Every REST request, in order. */
  readonly requests: RecordedRequest[];
  /** Spec violations seen; tests assert this stays empty. */
  readonly violations: Violation[];
  /** IDENTIFY payloads received. */
  readonly identifies: GatewayIdentify['d'][];
  /** Heartbeats received (each was acknowledged). */
  heartbeats: number;
  /** RESUMEs that were accepted (after op 7, a dropped connection or a resumable op 9). */
  resumes: number;
  /** Messages created per channel (with their nonces), after nonce de-duplication. */
  readonly created: Map<string, { id: string; nonce?: string }[]>;
  /** Answers matching requests with 429 and X-RateLimit headers until `retryAfter` has passed. */
  rateLimit(method: string, path: RegExp, limit: RateLimit): void;
  /**
   * Requests answered 429 (the first one of a window, and any that came before it ended); `scope` is set by the
   * enforced limits (`rateLimits` option).
   */
  readonly rateLimited: { path: string; early: boolean; scope?: 'global' | 'user' }[];
  /** Asks every gateway session for a heartbeat now (op 1); the client must send one at once. */
  requestHeartbeat(): void;
  /** Tells every gateway session to reconnect (op 7); the client resumes. */
  requestReconnect(): void;
  /** Invalidates every gateway session (op 9); resumable or not. */
  invalidateSession(resumable: boolean): void;
  /** New gateway connections get no HELLO until `release()` (a reconnect in progress, for readiness checks). */
  holdHello(): { release(): void };
  /** Answers the next `times` requests matching method and path with a failure. */
  fail(method: string, path: RegExp, failure: Failure, times?: number): void;
  /** Forgets canned failures and rate limits not used up yet. */
  clearFailures(): void;
  /** Sends INTERACTION_CREATE to every connected gateway session. */
  dispatchInteraction(interaction: APIInteraction): void;
  /** Resolves with the first request (already made or future) matching, after `after` requests. */
  waitForRequest(match: (r: RecordedRequest) => boolean, after?: number): Promise<RecordedRequest>;
  /**
   * Resolves with the first initial callback for an interaction (accepted or not); rejects when Discord's
   * 3-second deadline passes without one, as the user would then see "The application did not respond".
   */
  waitForCallback(interactionId: string): Promise<RecordedRequest>;
  /** Closes the gateway sessions, the WebSocket server and the HTTP server. */
  close(): Promise<void>;
}

let shared: SpecValidator | undefined;
/**
 * One validator per test worker, loaded from the module test/global-setup.ts compiled once per run (Ajv
 * standalone code); compiling Discord's schemas in every file took a second or two each.
 */
export function sharedSpecValidator(): SpecValidator {
  shared ??= loadCompiledSpecValidator() ?? createSpecValidator();
  return shared;
}

let snowflake = 1_200_000_000_000_000_000n;
/** A fresh, increasing snowflake id. */
export const nextId = (): string => String(++snowflake);

/** Checks Discord's documented limits that JSON Schema cannot express. */
function limitViolations(body: unknown): string[] {
  const data = (body as { data?: unknown } | undefined)?.data ?? body;
  const embeds = (data as { embeds?: APIEmbed[] } | undefined)?.embeds;
  if (!Array.isArray(embeds)) return [];
  let total = 0;
  for (const e of embeds) {
    total += (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0);
    total += e.author?.name.length ?? 0;
    for (const f of e.fields ?? []) total += f.name.length + f.value.length;
  }
  return total > 6000 ? [`embeds total ${total} characters > 6000`] : [];
}

/** Starts the fake on 127.0.0.1 with a free port. */
export async function startFakeDiscord(options: FakeDiscordOptions): Promise<FakeDiscord> {
  const validator = options.validator ?? sharedSpecValidator();
  const requests: RecordedRequest[] = [];
  const violations: Violation[] = [];
  const identifies: GatewayIdentify['d'][] = [];
  const failures: { method: string; path: RegExp; failure: Failure; times: number }[] = [];
  const waiters: {
    match: (r: RecordedRequest) => boolean;
    after: number;
    resolve: (r: RecordedRequest) => void;
  }[] = [];
  const sockets = new Set<WebSocket>();
  const sessionOf = new WeakMap<WebSocket, GatewaySession>();
  const sessions = new Map<string, GatewaySession>();
  const deadlineMs = options.interactionDeadlineMs ?? 3_000;
  const tokenLifetimeMs = options.tokenLifetimeMs ?? 15 * 60_000;
  /** Interactions dispatched, by id: when, their token, whether the initial callback was accepted. */
  const interactions = new Map<
    string,
    { token: string; at: number; acknowledged: boolean; timer?: NodeJS.Timeout }
  >();
  const callbackWaiters = new Map<
    string,
    { resolve: (r: RecordedRequest) => void; reject: (e: Error) => void }[]
  >();
  const limits: { method: string; path: RegExp; limit: RateLimit; until?: number; bucket: string }[] = [];
  const rateLimited: FakeDiscord['rateLimited'] = [];
  const limitOptions = options.rateLimits === true ? {} : options.rateLimits;
  const enforced = limitOptions ? createDiscordLimiter(limitOptions) : undefined;
  const created = new Map<string, { id: string; nonce?: string; at: number; message: APIMessage }[]>();
  let held: (() => void)[] | undefined;
  const botUser = {
    id: options.applicationId,
    username: 'mingyan',
    discriminator: '0',
    avatar: null,
    bot: true,
    global_name: null,
  };
  let port = 0;

  const message = (channelId: string, body: Record<string, unknown>, flags = 0): APIMessage =>
    ({
      id: nextId(),
      channel_id: channelId,
      author: botUser,
      content: typeof body.content === 'string' ? body.content : '',
      timestamp: new Date(0).toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: (body.embeds as APIEmbed[] | undefined) ?? [],
      components: [],
      pinned: false,
      type: 0,
      flags: typeof body.flags === 'number' ? body.flags : flags,
    }) as APIMessage;

  const send = (
    res: ServerResponse,
    status: number,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    if (body === undefined) {
      res.writeHead(status, headers).end(); // no content-type: discord.js would try to parse an empty body
      return;
    }
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
  };

  // Interaction tokens map to the channel their interaction came from (for webhook message objects).
  const interactionChannels = new Map<string, string>();

  /**
   * Creates a channel message; with `enforce_nonce`, a nonce seen in that channel in the last few minutes
   * returns the message made then instead of a second one (Discord's documented de-duplication).
   */
  function createMessage(channelId: string, body: Record<string, unknown>): APIMessage {
    const list = created.get(channelId) ?? [];
    created.set(channelId, list);
    const nonce =
      typeof body.nonce === 'string' || typeof body.nonce === 'number' ? String(body.nonce) : undefined;
    if (nonce !== undefined && body.enforce_nonce === true) {
      const earlier = list.find((c) => c.nonce === nonce && Date.now() - c.at < 5 * 60_000);
      if (earlier) return earlier.message;
    }
    const made = message(channelId, body);
    list.push({ id: made.id, at: Date.now(), message: made, ...(nonce !== undefined ? { nonce } : {}) });
    return made;
  }

  function route(req: RecordedRequest, res: ServerResponse): void {
    const { method, path } = req;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const auth = req.authorization === `Bot ${options.token}`;
    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/gateway/bot') {
      if (!auth) return send(res, 401, { message: '401: Unauthorized', code: 0 });
      return send(res, 200, {
        url: `ws://127.0.0.1:${port}`,
        shards: options.recommendedShards ?? 1,
        session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
      });
    }
    if ((m = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path)) && method === 'POST') {
      const state = interactions.get(m[1] ?? '');
      const unknown = (why: string) => {
        violations.push({ method, path, errors: [why] });
        return send(res, 404, { message: 'Unknown interaction', code: 10062 });
      };
      if (!state || state.token !== m[2]) return unknown('callback for an unknown interaction (10062)');
      if (Date.now() - state.at > deadlineMs)
        return unknown(`initial callback after Discord's ${deadlineMs} ms deadline (10062)`);
      if (state.acknowledged) {
        violations.push({ method, path, errors: ['a second initial callback (40060)'] });
        return send(res, 400, { message: 'Interaction has already been acknowledged.', code: 40060 });
      }
      state.acknowledged = true;
      clearTimeout(state.timer);
      const type = body.type as InteractionResponseType;
      if (req.query.get('with_response') !== 'true') return send(res, 204);
      const data = (body.data ?? {}) as Record<string, unknown>;
      const msg = message(interactionChannels.get(m[2] ?? '') ?? nextId(), data);
      return send(res, 200, {
        interaction: {
          id: m[1],
          type: 2,
          response_message_id: msg.id,
          response_message_loading: type === InteractionResponseType.DeferredChannelMessageWithSource,
          response_message_ephemeral:
            ((data.flags as number | undefined) ?? 0) & MessageFlags.Ephemeral ? true : false,
        },
        resource: { type, message: msg },
      });
    }
    if ((m = /^\/webhooks\/(\d+)\/([^/]+)(\/messages\/@original)?$/.exec(path))) {
      const state = [...interactions.values()].find((i) => i.token === m?.[2]);
      if (!state || Date.now() - state.at > tokenLifetimeMs) {
        violations.push({
          method,
          path,
          errors: ['webhook call with an unknown or expired interaction token'],
        });
        return send(res, 404, { message: 'Unknown Webhook', code: 10015 });
      }
      if (!state.acknowledged) {
        // Follow-ups and edits of @original exist only once the interaction has been answered or deferred.
        violations.push({ method, path, errors: ['webhook call before the initial callback'] });
        return send(res, 404, { message: 'Unknown Message', code: 10008 });
      }
      const channelId = interactionChannels.get(m[2] ?? '') ?? nextId();
      if (method === 'DELETE') return send(res, 204);
      if (method === 'PATCH' || method === 'POST') return send(res, 200, message(channelId, body));
    }
    if ((m = /^\/channels\/(\d+)\/messages$/.exec(path)) && method === 'POST') {
      if (!auth) return send(res, 401, { message: '401: Unauthorized', code: 0 });
      return send(res, 200, createMessage(m[1] ?? '', body));
    }
    if ((m = /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/.exec(path)) && method === 'POST') {
      return send(res, 201, {
        id: nextId(),
        type: 11,
        parent_id: m[1],
        name: body.name,
        owner_id: options.applicationId,
        thread_metadata: {
          archived: false,
          auto_archive_duration: body.auto_archive_duration ?? 1440,
          locked: false,
        },
      });
    }
    if (/^\/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(path) && method === 'PUT') {
      if (!auth) return send(res, 401, { message: '401: Unauthorized', code: 0 });
      const commands = (Array.isArray(req.body) ? req.body : []) as Record<string, unknown>[];
      return send(
        res,
        200,
        commands.map(
          (c) =>
            ({
              ...c,
              id: nextId(),
              application_id: options.applicationId,
              version: nextId(),
            }) as APIApplicationCommand,
        ),
      );
    }
    violations.push({ method, path, errors: ['no such route in the fake'] });
    return send(res, 404, { message: '404: Not Found', code: 0 });
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => void onRequest(req, res, Buffer.concat(chunks)));
  });

  /** Attachments: multipart/form-data with `payload_json` and `files[n]`, parsed by undici's own parser. */
  async function readMultipart(bytes: Buffer, contentType: string) {
    const form = await new Response(bytes, { headers: { 'content-type': contentType } }).formData();
    const files: NonNullable<RecordedRequest['files']> = [];
    let body: unknown;
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') body = JSON.parse(value);
      } else
        files.push({
          field,
          filename: value.name,
          contentType: value.type,
          bytes: Buffer.from(await value.arrayBuffer()),
        });
    }
    return { body, files };
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse, bytes: Buffer): Promise<void> {
    {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const raw = bytes.toString('utf8');
      const prefix = '/api/v10';
      if (!url.pathname.startsWith(prefix)) return send(res, 404, { message: 'not under /api/v10', code: 0 });
      const contentType = req.headers['content-type'] ?? '';
      let body: unknown;
      let files: RecordedRequest['files'];
      if (contentType.startsWith('multipart/form-data')) {
        ({ body, files } = await readMultipart(bytes, contentType));
      } else {
        try {
          body = raw ? JSON.parse(raw) : undefined;
        } catch {
          body = raw;
        }
      }
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: decodeURIComponent(url.pathname.slice(prefix.length)),
        query: url.searchParams,
        body,
        ...(contentType ? { contentType } : {}),
        ...(files ? { files } : {}),
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      };
      const check = validator.check(recorded.method, recorded.path, body);
      const errors = [...check.errors, ...limitViolations(body)];
      if (check.template) recorded.template = check.template;
      requests.push(recorded);
      const cb = /^\/interactions\/(\d+)\//.exec(recorded.path);
      if (cb && recorded.method === 'POST') {
        for (const w of callbackWaiters.get(cb[1] ?? '') ?? []) w.resolve(recorded);
        callbackWaiters.delete(cb[1] ?? '');
      }
      for (const w of [...waiters])
        if (requests.length > w.after && w.match(recorded)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(recorded);
        }
      if (errors.length) {
        violations.push({ method: recorded.method, path: recorded.path, errors });
        return send(res, 400, { message: 'Invalid Form Body', code: 50035, errors: { _errors: errors } });
      }
      const verdict = enforced?.check(recorded.method, recorded.path, (limitOptions?.now ?? Date.now)());
      if (verdict && !verdict.ok) {
        rateLimited.push({ path: recorded.path, early: verdict.early, scope: verdict.scope });
        return send(res, 429, verdict.body, verdict.headers);
      }
      for (const [name, value] of Object.entries(verdict?.headers ?? {})) res.setHeader(name, value);
      const limited = limits.find((l) => l.method === recorded.method && l.path.test(recorded.path));
      if (limited) {
        const now = Date.now();
        const early = limited.until !== undefined;
        if (limited.until !== undefined && now >= limited.until) {
          limits.splice(limits.indexOf(limited), 1);
        } else {
          limited.until ??= now + limited.limit.retryAfter * 1000;
          rateLimited.push({ path: recorded.path, early });
          // A request inside a window it was told about is an invalid request (Discord bans IPs for many).
          if (early)
            violations.push({
              method: recorded.method,
              path: recorded.path,
              errors: ['request during a 429 window'],
            });
          const left = Math.max(0, limited.until - now) / 1000;
          const scope = limited.limit.scope ?? 'user';
          return send(
            res,
            429,
            { message: 'You are being rate limited.', retry_after: left, global: scope === 'global' },
            {
              'retry-after': String(Math.ceil(left)),
              'x-ratelimit-limit': '5',
              'x-ratelimit-remaining': '0',
              'x-ratelimit-reset': String(limited.until / 1000),
              'x-ratelimit-reset-after': left.toFixed(3),
              'x-ratelimit-bucket': limited.bucket,
              'x-ratelimit-scope': scope,
              ...(scope === 'global' ? { 'x-ratelimit-global': 'true' } : {}),
            },
          );
        }
      }
      const failure = failures.find(
        (f) => f.method === recorded.method && f.path.test(recorded.path) && f.times > 0,
      );
      if (failure) {
        failure.times -= 1;
        // The request took effect, but its answer is lost (a 5xx from a proxy, say): the client cannot know.
        if (failure.failure.afterEffect)
          route(recorded, { writeHead: () => ({ end: () => undefined }) } as unknown as ServerResponse);
        return send(
          res,
          failure.failure.status,
          failure.failure.body ?? { message: 'failure', code: 0 },
          failure.failure.headers,
        );
      }
      route(recorded, res);
    }
  }

  const wss = new WebSocketServer({ server });
  const frame = (ws: WebSocket, payload: unknown) => ws.send(JSON.stringify(payload));
  const dispatch = (ws: WebSocket, t: string, d: unknown) => {
    const session = sessionOf.get(ws);
    const s = (session?.sequence ?? 0) + 1;
    if (session) session.sequence = s;
    frame(ws, { op: GatewayOpcodes.Dispatch, t, s, d });
  };
  const hello = (ws: WebSocket) =>
    frame(ws, { op: GatewayOpcodes.Hello, d: { heartbeat_interval: options.heartbeatIntervalMs ?? 45_000 } });
  const fake: FakeDiscord = {
    apiUrl: '',
    requests,
    violations,
    identifies,
    heartbeats: 0,
    resumes: 0,
    created: created as unknown as FakeDiscord['created'],
    rateLimited,
    fail(method, path, failure, times = 1) {
      failures.push({ method, path, failure, times });
    },
    rateLimit(method, path, limit) {
      limits.push({ method, path, limit, bucket: `bucket-${nextId()}` });
    },
    clearFailures() {
      failures.length = 0;
      limits.length = 0;
    },
    dispatchInteraction(interaction) {
      interactionChannels.set(interaction.token, interaction.channel?.id ?? nextId());
      const state = { token: interaction.token, at: Date.now(), acknowledged: false } as {
        token: string;
        at: number;
        acknowledged: boolean;
        timer?: NodeJS.Timeout;
      };
      state.timer = setTimeout(() => {
        if (state.acknowledged) return;
        const why = `interaction ${interaction.id} got no initial callback within ${deadlineMs} ms`;
        violations.push({ method: 'POST', path: `/interactions/${interaction.id}/callback`, errors: [why] });
        for (const w of callbackWaiters.get(interaction.id) ?? []) w.reject(new Error(why));
        callbackWaiters.delete(interaction.id);
      }, deadlineMs + 50);
      state.timer.unref();
      interactions.set(interaction.id, state);
      for (const ws of sockets) dispatch(ws, GatewayDispatchEvents.InteractionCreate, interaction);
    },
    waitForRequest(match, after = 0) {
      const found = requests.slice(after).find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ match, after, resolve }));
    },
    waitForCallback(interactionId) {
      const isCallback = (r: RecordedRequest) =>
        r.method === 'POST' && r.path.startsWith(`/interactions/${interactionId}/`);
      const found = requests.find(isCallback);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const list = callbackWaiters.get(interactionId) ?? [];
        list.push({ resolve, reject });
        callbackWaiters.set(interactionId, list);
      });
    },
    requestHeartbeat() {
      for (const ws of sockets)
        frame(ws, { op: GatewayOpcodes.Heartbeat, d: sessionOf.get(ws)?.sequence ?? null });
    },
    requestReconnect() {
      for (const ws of sockets) frame(ws, { op: GatewayOpcodes.Reconnect, d: null });
    },
    invalidateSession(resumable) {
      for (const ws of sockets) {
        if (!resumable) {
          const session = sessionOf.get(ws);
          if (session) sessions.delete(session.id);
        }
        frame(ws, { op: GatewayOpcodes.InvalidSession, d: resumable });
      }
    },
    holdHello() {
      const queue: (() => void)[] = [];
      held = queue;
      return {
        release() {
          if (held === queue) held = undefined;
          for (const go of queue.splice(0)) go();
        },
      };
    },
    async close() {
      for (const state of interactions.values()) clearTimeout(state.timer);
      held = undefined;
      for (const ws of sockets) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  wss.on('connection', (ws) => {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    if (held) held.push(() => hello(ws));
    else hello(ws);
    ws.on('message', (raw) => {
      const packet = JSON.parse(String(raw)) as { op: number; d: unknown };
      if (packet.op === GatewayOpcodes.Heartbeat) {
        fake.heartbeats += 1;
        frame(ws, { op: GatewayOpcodes.HeartbeatAck });
      } else if (packet.op === GatewayOpcodes.Resume) {
        // Only a session this fake handed out, by the token that opened it, can resume; else op 9 (not resumable).
        const resume = packet.d as { token: string; session_id: string; seq: number };
        const session = sessions.get(resume.session_id);
        const accepted = options.gatewayToken ?? options.token;
        if (!session || (resume.token !== accepted && resume.token !== `Bot ${accepted}`)) {
          frame(ws, { op: GatewayOpcodes.InvalidSession, d: false });
          return;
        }
        sessionOf.set(ws, session);
        fake.resumes += 1;
        dispatch(ws, GatewayDispatchEvents.Resumed, {});
      } else if (packet.op === GatewayOpcodes.Identify) {
        const identify = packet.d as GatewayIdentify['d'];
        identifies.push(identify);
        if (options.hangAtIdentify) return;
        const accepted = options.gatewayToken ?? options.token;
        if (identify.token !== accepted && identify.token !== `Bot ${accepted}`) {
          ws.close(4004, 'Authentication failed.');
          return;
        }
        const session: GatewaySession = { id: `session-${nextId()}`, sequence: 0 };
        sessions.set(session.id, session);
        sessionOf.set(ws, session);
        const ready: GatewayReadyDispatchData = {
          v: 10,
          user: { ...botUser, avatar: null },
          guilds: (options.guilds ?? []).map((g) => ({ id: g.id, unavailable: true })),
          session_id: session.id,
          resume_gateway_url: `ws://127.0.0.1:${port}`,
          application: { id: options.applicationId, flags: 0 },
        } as unknown as GatewayReadyDispatchData;
        dispatch(ws, GatewayDispatchEvents.Ready, ready);
        for (const guild of options.guilds ?? [])
          dispatch(ws, GatewayDispatchEvents.GuildCreate, {
            id: guild.id,
            name: 'Test server',
            icon: null,
            owner_id: '1',
            features: [],
            roles: [],
            emojis: [],
            stickers: [],
            members: [],
            presences: [],
            voice_states: [],
            stage_instances: [],
            guild_scheduled_events: [],
            soundboard_sounds: [],
            channels: guild.channels,
            threads: guild.threads,
            member_count: 2,
            large: false,
            unavailable: false,
            joined_at: new Date(0).toISOString(),
            preferred_locale: 'en-US',
          });
      }
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  (fake as { apiUrl: string }).apiUrl = `http://127.0.0.1:${port}/api`;
  return fake;
}
