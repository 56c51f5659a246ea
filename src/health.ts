import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readiness } from './app.js';
import type { HttpRoute } from './web/pages.js';

/** A running health endpoint. */
export interface HealthServer {
  /** The port it listens on (useful with port 0). */
  port: number;
  /** Stops listening. */
  close(): Promise<void>;
}

/**
 * GET /healthz: the process is alive. GET /readyz: adapters connected and the configured database (SQLite or
 * Postgres) answering (503 otherwise). Answers JSON with no secrets. `routes` (the quote pages) answer what they
 * know; anything else is 404.
 */
export async function startHealthServer(
  port: number,
  readiness: () => Promise<Readiness>,
  host = '0.0.0.0',
  routes?: HttpRoute,
): Promise<HealthServer> {
  const server: Server = createServer((req, res) => {
    if (routes) {
      routes(req, res).then(
        (handled) => {
          if (!handled) health(req, res);
        },
        () => {
          if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
          res.end();
        },
      );
      return;
    }
    health(req, res);
  });
  function health(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0];
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, { error: 'method not allowed' });
    if (path === '/healthz') return send(200, { status: 'ok' });
    if (path === '/readyz') {
      readiness().then(
        (state) => send(state.ready ? 200 : 503, { status: state.ready ? 'ready' : 'not ready', ...state }),
        () => send(503, { status: 'not ready' }),
      );
      return;
    }
    return send(404, { error: 'not found' });
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
