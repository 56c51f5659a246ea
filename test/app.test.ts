import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Adapter, PostFailure } from '../src/adapter.js';
import { createApp } from '../src/app.js';
import type { Reply } from '../src/bot/reply.js';
import { createManualClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/log.js';
import type { Result } from '../src/result.js';

/** An adapter that records what happens to it and lets the test decide when a post completes. */
function fakeAdapter(events: string[]) {
  let ready = false;
  let release: (() => void) | undefined;
  const adapter: Adapter & { setReady(v: boolean): void; releasePost(): void } = {
    name: 'slack',
    async start() {
      ready = true;
      events.push('adapter started');
    },
    async stop() {
      ready = false;
      events.push('adapter stopped');
    },
    async post(_channel: string, _reply: Reply): Promise<Result<{ messageId: string }, PostFailure>> {
      events.push('post begun');
      await new Promise<void>((resolve) => (release = resolve));
      events.push('post finished');
      return { ok: true, value: { messageId: 'm1' } };
    },
    isReady: () => ready,
    setReady: (v) => (ready = v),
    releasePost: () => release?.(),
  };
  return adapter;
}

async function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'mingyan-app-'));
  const loaded = loadConfig({ MINGYAN_DB: join(dir, 'bot.db'), MINGYAN_ADAPTERS: 'shell' });
  if (!loaded.ok) throw new Error('bad config');
  const events: string[] = [];
  const adapter = fakeAdapter(events);
  const clock = createManualClock('2025-06-01T00:55:00Z'); // 08:55 in Shanghai
  const app = await createApp({
    config: loaded.value,
    logger: silentLogger,
    clock,
    adapters: [adapter],
    timer: false,
  });
  return { app, adapter, events, clock };
}

describe('the app as a whole', () => {
  it('is ready when every adapter is connected and the database answers; not after stop', async () => {
    const { app, adapter } = await setup();
    expect(await app.readiness()).toMatchObject({ ready: false, adapters: { slack: false }, database: true });
    await app.start();
    expect(await app.readiness()).toEqual({ ready: true, adapters: { slack: true }, database: true });
    adapter.setReady(false); // e.g. the gateway dropped
    expect((await app.readiness()).ready).toBe(false);
    adapter.setReady(true);
    await app.stop();
    expect(await app.readiness()).toMatchObject({ ready: false, database: false });
  });

  it('stops in order: the post in flight finishes, then adapters disconnect, then the database closes', async () => {
    const { app, adapter, events, clock } = await setup();
    await app.start();
    const sub = await app.scheduler.subscribe({
      channel: 'slack:T1:C1',
      kind: 'daily',
      time: '09:00',
      timezone: 'Asia/Shanghai',
      days: [0, 1, 2, 3, 4, 5, 6],
      lang: 'both',
      createdBy: 'U1',
    });
    expect(sub.ok).toBe(true);
    clock.set('2025-06-01T01:05:00Z');
    const tick = app.scheduler.tick();
    await expect.poll(() => events.includes('post begun')).toBe(true);
    const stopping = app.stop();
    // No fixed sleep: a later command is answered (and the event loop turned) while the post is still held.
    const later = await app.bot.handle('/quote 公司要活下来', {
      channel: 'shell:local',
      user: { id: 'U1' },
      canManage: true,
      isDirect: true,
    });
    await new Promise((r) => setImmediate(r));
    expect(later.kind).toBe('quote');
    expect(events).not.toContain('adapter stopped');
    adapter.releasePost();
    await Promise.all([tick, stopping]);
    expect(events).toEqual(['adapter started', 'post begun', 'post finished', 'adapter stopped']);
    expect((await app.readiness()).database).toBe(false);
  });
});
