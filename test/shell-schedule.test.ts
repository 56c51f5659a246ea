// The shell adapter with the real store and scheduler: subscribe shell:local, move the clock, see the post once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createShellAdapter } from '../adapters/shell/index.js';
import { platformOf } from '../src/adapter.js';
import { createBot } from '../src/bot/index.js';
import { createManualClock } from '../src/clock.js';
import { silentLogger } from '../src/log.js';
import { loadCorpus, shippedQuotesDir } from '../src/quotes/loader.js';
import { createScheduler } from '../src/schedule/index.js';
import { createQuoteSearch } from '../src/search/index.js';
import { openStore } from '../src/store/index.js';

const corpus = loadCorpus([shippedQuotesDir()]);
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Waits until the shell has printed `count` blank-line-terminated replies. */
async function until(read: () => string, pattern: RegExp, count = 1): Promise<void> {
  for (let i = 0; i < 500 && (read().match(pattern)?.length ?? 0) < count; i++)
    await new Promise((r) => setTimeout(r, 5));
}

describe('shell:local subscriptions through the real scheduler', () => {
  it('a daily subscription typed in the shell posts once at its local time, and /quote today shows that quote', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mingyan-shell-'));
    dirs.push(dir);
    const store = openStore(join(dir, 'mingyan.db'));
    // 08:55 in Shanghai.
    const clock = createManualClock('2025-06-01T00:55:00Z');
    const input = new PassThrough();
    const output = new PassThrough();
    let out = '';
    output.on('data', (d: Buffer) => (out += d.toString('utf8')));
    const shell = createShellAdapter({ input, output, interactive: false, width: 100 });
    const scheduler = createScheduler({
      store,
      corpus,
      clock,
      logger: silentLogger,
      adapterFor: (channel) => (platformOf(channel) === 'shell' ? shell : undefined),
      defaultTimeZone: 'Asia/Shanghai',
      missedWindowHours: 6,
    });
    const bot = createBot({
      corpus,
      search: createQuoteSearch(corpus.quotes),
      settings: store,
      subscriptions: scheduler,
      clock,
      defaultTimeZone: 'Asia/Shanghai',
    });
    await shell.start(bot);

    input.write('/quote daily 09:00 Asia/Shanghai\n');
    await until(() => out, /Subscribed/g);
    expect(out).toContain('Subscribed: an insight every day at 09:00 (Asia/Shanghai).');

    expect((await scheduler.tick()).posted).toEqual([]);
    clock.set('2025-06-01T01:05:00Z');
    const first = await scheduler.tick();
    expect(first.posted).toHaveLength(1);
    expect((await scheduler.tick()).posted).toEqual([]);
    expect(out.match(/\[每日一句 daily insight\]/g)).toHaveLength(1);
    const postedId = first.posted[0]?.quoteId ?? '';
    expect(out).toContain(`id: ${postedId}`);

    input.write('/quote today\n');
    await until(() => out, new RegExp(`id: ${postedId}`, 'g'), 2);
    expect(out.match(new RegExp(`id: ${postedId} · 2025-06-01`, 'g'))).toHaveLength(1);

    input.write('/quote daily status\n');
    await until(() => out, /#\d+ 每日一句/g, 2);
    expect(out).toMatch(
      /#\d+ 每日一句 daily insight, every day 09:00 Asia\/Shanghai · both\n\s+next 2025-06-02 09:00/,
    );

    await shell.stop();
    await scheduler.stop();
    store.close();
  });
});
