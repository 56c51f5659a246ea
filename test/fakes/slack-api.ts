import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

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
  /** Sends a Socket Mode envelope to the connected client. */
  sendEnvelope(envelope: Record<string, unknown>): void;
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
export async function startFakeSlack(options: { scopes?: readonly string[] } = {}): Promise<FakeSlack> {
  const calls: ApiCall[] = [];
  const uploads: FileUpload[] = [];
  let files = 0;
  const responses: ResponseCall[] = [];
  const socketFrames: Record<string, unknown>[] = [];
  const failures = new Map<string, Failure[]>();
  const rejectedTokens = new Set<string>();
  const displayNames = new Map<string, string>();
  let ts = 1_700_000_000;
  let base = '';
  let socket: WebSocket | undefined;

  const answer = (method: string, params: Record<string, unknown>, token: string | undefined): unknown => {
    switch (method) {
      case 'auth.test':
        return token && rejectedTokens.has(token)
          ? { ok: false, error: 'invalid_auth' }
          : {
              ok: true,
              url: 'https://test.slack.com/',
              team: 'Test',
              user: 'mingyan',
              team_id: 'T1',
              user_id: 'UBOT',
              bot_id: 'BBOT',
            };
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

  const server: Server = createServer((req, res) => {
    void (async () => {
      const bytes = await readBytes(req);
      const raw = bytes.toString('utf8');
      const path = new URL(req.url ?? '/', 'http://x').pathname;
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
        responses.push({
          id: path.slice('/response/'.length),
          body: JSON.parse(raw || '{}') as Record<string, unknown>,
        });
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
      const needed = METHOD_SCOPES[method];
      if (options.scopes && needed && !options.scopes.includes(needed))
        return json(res, 200, {
          ok: false,
          error: 'missing_scope',
          needed,
          provided: options.scopes.join(','),
        });
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
    ws.on('message', (data) => socketFrames.push(JSON.parse(String(data)) as Record<string, unknown>));
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
    uploads,
    callsOf: (method) => calls.filter((c) => c.method === method),
    responseUrl: (id) => `${base}/response/${id}`,
    failNext(method, failure) {
      failures.set(method, [...(failures.get(method) ?? []), failure]);
    },
    sendEnvelope(envelope) {
      if (!socket) throw new Error('no Socket Mode client is connected');
      socket.send(JSON.stringify(envelope));
    },
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
