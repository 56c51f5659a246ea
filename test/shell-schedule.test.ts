// The whole app with the shell adapter: subscribe shell:local, move the clock, see the post once, restart, none.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createShellAdapter } from '../adapters/shell/index.js';
import { createApp, type App } from '../src/app.js';
import { createManualClock, type Clock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/log.js';

const dirs: string[] = [];
const apps: App[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Waits until `pattern` has been printed `count` times (fails after 10 s). */
async function until(read: () => string, pattern: RegExp, count = 1): Promise<void> {
  await expect
    .poll(() => read().match(pattern)?.length ?? 0, { timeout: 10_000, interval: 5 })
    .toBeGreaterThanOrEqual(count);
}

/** Starts the real composition (corpus, search, SQLite, scheduler, bot) with a shell on in-memory streams. */
async function startShellApp(dbPath: string, clock: Clock) {
  const loaded = loadConfig({ MINGYAN_DB: dbPath, DEFAULT_TZ: 'Asia/Shanghai' });
  if (!loaded.ok) throw new Error('bad test config');
  const input = new PassThrough();
  const output = new PassThrough();
  let out = '';
  output.on('data', (d: Buffer) => (out += d.toString('utf8')));
  const shell = createShellAdapter({ input, output, interactive: false, width: 100 });
  const app = await createApp({
    config: loaded.value,
    logger: silentLogger,
    clock,
    adapters: [shell],
    timer: false,
  });
  apps.push(app);
  await app.start();
  return { app, input, read: () => out };
}

describe('shell:local subscriptions through the whole app', () => {
  it('a daily subscription typed in the shell posts once at its local time, survives a restart, and /quote today shows it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mingyan-shell-'));
    dirs.push(dir);
    const db = join(dir, 'mingyan.db');
    const clock = createManualClock('2025-06-01T00:55:00Z'); // 08:55 in Shanghai
    const first = await startShellApp(db, clock);

    first.input.write('/quote daily 09:00 Asia/Shanghai\n');
    await until(first.read, /Subscribed/g);
    expect(first.read()).toContain('Subscribed: an insight every day at 09:00 (Asia/Shanghai).');

    expect((await first.app.scheduler.tick()).posted).toEqual([]);
    clock.set('2025-06-01T01:05:00Z');
    const report = await first.app.scheduler.tick();
    expect(report.posted).toHaveLength(1);
    expect((await first.app.scheduler.tick()).posted).toEqual([]);
    expect(first.read().match(/\[每日一句 daily insight\]/g)).toHaveLength(1);
    const postedId = report.posted[0]?.quoteId ?? '';
    expect(first.read()).toContain(`id: ${postedId}`);

    first.input.write('/quote today\n');
    await until(first.read, new RegExp(`id: ${postedId}`, 'g'), 2);
    expect(first.read().match(new RegExp(`id: ${postedId} · 2025-06-01`, 'g'))).toHaveLength(1);

    first.input.write('/quote daily status\n');
    await until(first.read, /#\d+ 每日一句/g, 2);
    expect(first.read()).toMatch(
      /#\d+ 每日一句 daily insight, every day 09:00 Asia\/Shanghai · both\n\s+next 2025-06-02 09:00/,
    );
    await first.app.stop();

    // A restart the same morning: the subscription is still there and today's post is not sent again.
    clock.set('2025-06-01T01:30:00Z');
    const second = await startShellApp(db, clock);
    expect((await second.app.scheduler.tick()).posted).toEqual([]);
    second.input.write('/quote today\n');
    await until(second.read, new RegExp(`id: ${postedId}`, 'g'));
    expect(second.read()).toContain(`id: ${postedId} · 2025-06-01`);
    expect(second.read()).not.toContain('daily insight]');

    // The next day it posts again, a different quote (the channel's deck does not repeat).
    clock.set('2025-06-02T01:01:00Z');
    const next = await second.app.scheduler.tick();
    expect(next.posted).toHaveLength(1);
    expect(next.posted[0]?.quoteId).not.toBe(postedId);
  });
});
