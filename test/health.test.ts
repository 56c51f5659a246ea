import { afterEach, describe, expect, it } from 'vitest';
import type { Readiness } from '../src/app.js';
import { startHealthServer, type HealthServer } from '../src/health.js';

let server: HealthServer | undefined;
afterEach(async () => server?.close());

describe('health endpoint', () => {
  it('answers /healthz always and /readyz by readiness', async () => {
    let state: Readiness = { ready: false, adapters: { slack: false }, database: true };
    server = await startHealthServer(0, async () => state, '127.0.0.1');
    const base = `http://127.0.0.1:${server.port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const notReady = await fetch(`${base}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toMatchObject({ status: 'not ready', adapters: { slack: false } });
    state = { ready: true, adapters: { slack: true }, database: true };
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    expect((await fetch(`${base}/healthz`, { method: 'POST' })).status).toBe(405);
  });

  it('fails to start with a clear error when the port is taken', async () => {
    server = await startHealthServer(
      0,
      async () => ({ ready: true, adapters: {}, database: true }),
      '127.0.0.1',
    );
    await expect(
      startHealthServer(
        server.port,
        async () => ({ ready: true, adapters: {}, database: true }),
        '127.0.0.1',
      ),
    ).rejects.toThrow(/EADDRINUSE/);
  });
});
