// What the scheduler tells an operator and where its limits are drawn: the warning when a card cannot be drawn
// (and none when no card was asked for), which posts one rate limit holds back, and the missed window's floor.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Adapter } from '../src/adapter.js';
import { platformOf } from '../src/adapter.js';
import type { CardRenderer } from '../src/card/index.js';
import { createLogger } from '../src/log.js';
import { err, ok } from '../src/result.js';
import { createScheduler, rateScopeOf } from '../src/schedule/index.js';
import type { Store } from '../src/store/index.js';
import { SH, claimJune1, fakeAdapter, fixtureCorpus, request, useSchedulerFixture } from './schedule-helpers.js';

const { clock, boot, subscribeDaily } = useSchedulerFixture();
afterEach(() => vi.useRealTimers());

/** A scheduler on the fixture's database whose log lines (JSON, warn and up) land in `lines`. */
async function logged(
  adapters: Adapter[],
  cards?: CardRenderer,
  level: 'debug' | 'info' | 'warn' = 'warn',
  wrap: (store: Store) => Store = (s) => s,
) {
  const lines: string[] = [];
  const { store } = await boot();
  const scheduler = createScheduler({
    store: wrap(store),
    corpus: fixtureCorpus(),
    clock,
    logger: createLogger({ level, destination: { write: (l: string) => void lines.push(l) } }),
    adapterFor: (channel) => adapters.find((a) => a.name === platformOf(channel)),
    defaultTimeZone: 'Asia/Shanghai',
    missedWindowHours: 6,
    ...(cards ? { cards } : {}),
  });
  return { scheduler, logs: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

/** node-cron's timers and Date faked, half a minute before a minute boundary: no real minute can pass mid-test. */
function fakeCronTimers(): void {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  vi.setSystemTime(new Date('2025-06-01T00:59:30Z'));
}

const brokenCards: CardRenderer = {
  render: () => Promise.reject(new Error('no fonts for 周')),
  layout: () => Promise.reject(new Error('not used')),
};

describe('card warnings', () => {
  it('a card that cannot be drawn is posted as text with one warning naming the channel, day and error', async () => {
    await subscribeDaily({ card: true });
    const shell = fakeAdapter('shell');
    const { scheduler, logs } = await logged([shell], brokenCards);
    clock.set(SH('2025-06-01', '09:00'));
    expect((await scheduler.tick()).posted).toHaveLength(1);
    expect(logs()).toMatchObject([
      {
        level: 40,
        msg: 'the quote card could not be drawn; posting text',
        channel: 'shell:local',
        localDate: '2025-06-01',
        err: { message: 'no fonts for 周' },
      },
    ]);
  });

  it('a card subscription on an instance that draws no cards posts text without any warning', async () => {
    await subscribeDaily({ card: true });
    const shell = fakeAdapter('shell');
    const { scheduler, logs } = await logged([shell]);
    clock.set(SH('2025-06-01', '09:00'));
    expect((await scheduler.tick()).posted).toHaveLength(1);
    expect(shell.posted[0]?.reply.kind).toBe('quote');
    expect(logs()).toEqual([]);
  });
});

describe('rate limit scopes', () => {
  it('Discord limits the whole bot: every guild shares one scope; Slack limits each workspace', () => {
    expect(rateScopeOf('discord:G1:C1')).toBe('discord');
    expect(rateScopeOf('discord:G2:C9')).toBe('discord');
    expect(rateScopeOf('shell:local')).toBe('shell');
    expect(rateScopeOf('slack:T1:C1')).toBe('slack:T1');
    expect(rateScopeOf('slack:T2:C1')).toBe('slack:T2');
  });
});

describe('the missed window has a floor', () => {
  it('MINGYAN_MISSED_WINDOW_HOURS=0 still posts a minute late (one tick is never "late"), not two minutes and more', async () => {
    await subscribeDaily();
    await subscribeDaily({ channel: 'discord:G1:C1', time: '09:10' });
    const shell = fakeAdapter('shell');
    const discord = fakeAdapter('discord');
    const { scheduler } = await boot([shell, discord], { missedWindowHours: 0 });
    clock.set(SH('2025-06-01', '09:01'));
    const report = await scheduler.tick();
    expect(report.posted.map((p) => p.channel)).toEqual(['shell:local']);
    expect(report.missed).toEqual([]);
    clock.set('2025-06-01T01:12:00.001Z'); // 09:12 and a millisecond: past the two-minute floor
    expect((await scheduler.tick()).missed.map((m) => m.channel)).toEqual(['discord:G1:C1']);
  });
});

describe('log lines an operator greps for', () => {
  it('each outcome of a post logs one line with the channel, the day and the reason, and reports it', async () => {
    const outcomes = ['ok', 'perm', 'unsure', 'reject', 'busy'] as const;
    for (const o of outcomes) await subscribeDaily({ channel: `slack:T1:${o}` });
    const slack = fakeAdapter('slack', (channel) => {
      const o = channel.split(':')[2];
      if (o === 'perm') return err({ kind: 'permanent', reason: 'slack channel_not_found' });
      if (o === 'unsure') return err({ kind: 'uncertain', reason: 'slack timeout' });
      if (o === 'reject') return err({ kind: 'rejected', reason: 'slack msg_too_long' });
      if (o === 'busy') return err({ kind: 'transient', reason: 'slack HTTP 503' });
      return ok({ messageId: 'ts1' });
    });
    const { scheduler, logs } = await logged([slack], undefined, 'info');
    clock.set(SH('2025-06-01', '09:00'));
    const report = await scheduler.tick();
    const day = { localDate: '2025-06-01', kind: 'daily', attempt: 1, quoteId: expect.any(String) };
    const byChannel = (c: string) => logs().filter((l) => l.channel === `slack:T1:${c}`);
    expect(byChannel('ok')).toMatchObject([
      { level: 30, msg: 'scheduled post sent', messageId: 'ts1', ...day },
    ]);
    expect(byChannel('perm')).toMatchObject([
      {
        level: 40,
        msg: 'scheduled post failed permanently; subscription paused',
        reason: 'slack channel_not_found',
        ...day,
      },
    ]);
    expect(byChannel('unsure')).toMatchObject([
      {
        level: 40,
        msg: 'scheduled post outcome unknown; recorded as uncertain, not re-posted',
        reason: 'slack timeout',
        ...day,
      },
    ]);
    expect(byChannel('reject')).toMatchObject([
      {
        level: 50,
        msg: 'the platform rejected a scheduled post; not retried today',
        reason: 'slack msg_too_long',
        ...day,
      },
    ]);
    expect(byChannel('busy')).toMatchObject([
      {
        level: 40,
        msg: 'scheduled post failed',
        reason: 'slack HTTP 503',
        retryAt: new Date(SH('2025-06-01', '09:01')).toISOString(),
        ...day,
      },
    ]);
    // The report carries the same facts (the command line prints them).
    const failed = Object.fromEntries(report.failed.map((f) => [f.channel, f]));
    expect(failed['slack:T1:perm']).toMatchObject({ reason: 'slack channel_not_found', ...day });
    expect(failed['slack:T1:reject']).toMatchObject({ reason: 'slack msg_too_long', ...day });
    // Recorded at once, not only when a later tick finds the claim stale.
    const last = Object.fromEntries((await scheduler.listAll()).map((e) => [e.channel, e.lastPost]));
    expect(last['slack:T1:unsure']).toMatchObject({
      status: 'uncertain',
      error: /^slack timeout: .*not re-posted$/,
    });
  });

  it('a retry whose quote has left the corpus fails for the day, logged as an error, and is not retried', async () => {
    await subscribeDaily();
    const shell = fakeAdapter('shell');
    const { store } = await boot();
    const claimed = await claimJune1(store, 'gone');
    await store.markFailed(claimed, 'shell 503', new Date(SH('2025-06-01', '09:01')));
    const { scheduler, logs } = await logged([shell]);
    clock.set(SH('2025-06-01', '09:01'));
    const report = await scheduler.tick();
    expect(report.failed).toMatchObject([
      { quoteId: 'gone', attempt: 2, reason: 'quote gone is no longer in the corpus' },
    ]);
    expect(report.failed[0]?.retryAt).toBeUndefined();
    expect(shell.calls).toEqual([]);
    expect(logs()).toMatchObject([
      {
        level: 50,
        msg: 'scheduled post could not be built',
        channel: 'shell:local',
        localDate: '2025-06-01',
        quoteId: 'gone',
        reason: 'quote gone is no longer in the corpus',
      },
    ]);
    expect((await scheduler.listAll())[0]?.lastPost).toMatchObject({
      status: 'failed',
      error: 'quote gone is no longer in the corpus',
    });
    clock.set(SH('2025-06-01', '09:05'));
    expect(await scheduler.dueNow()).toEqual([]);
  });
});

describe('cards and resends', () => {
  function countingCards(): CardRenderer & { calls: number } {
    const cards = {
      calls: 0,
      async render(view: { id: string; text: string }) {
        cards.calls++;
        return {
          png: Buffer.from('png'),
          width: 1200,
          height: 675,
          quoteId: view.id,
          layout: 'landscape' as const,
          theme: 'light' as const,
          lang: 'both' as const,
          filename: `mingyan-${view.id}.png`,
          alt: view.text,
        };
      },
      layout: () => Promise.reject(new Error('not used')),
    };
    return cards as unknown as CardRenderer & { calls: number };
  }

  it('a post sent again after a short 429 is the same post: its card is drawn once', async () => {
    await subscribeDaily({ card: true });
    const shell = fakeAdapter('shell', (_c, _r, call) =>
      call === 1 ? err({ kind: 'transient', reason: 'shell 429', retryAfterMs: 1 }) : ok({ messageId: 'm2' }),
    );
    const cards = countingCards();
    const { scheduler } = await boot([shell], { cards });
    clock.set(SH('2025-06-01', '09:00'));
    expect((await scheduler.tick()).posted).toHaveLength(1);
    expect(shell.calls).toHaveLength(2);
    expect(cards.calls).toBe(1);
  });

  it('cards are for daily quotes: a discussion subscription set to cards posts its prompt without one', async () => {
    const shell = fakeAdapter('shell');
    const cards = countingCards();
    const { scheduler } = await boot([shell], { cards });
    expect((await scheduler.subscribe(request({ kind: 'discuss', card: true }))).ok).toBe(true);
    clock.set(SH('2025-06-01', '09:00'));
    expect((await scheduler.tick()).posted).toHaveLength(1);
    expect(shell.posted[0]?.reply.kind).toBe('discussion');
    expect(shell.posted[0]?.reply).not.toHaveProperty('card');
    expect(cards.calls).toBe(0);
  });
});

describe('what a tick logs about its own trouble', () => {
  it('a claim left by a stopped process is reported once with a warning naming the channel, day and quote', async () => {
    await subscribeDaily();
    const { store } = await boot();
    const sub = (await store.listSubscriptions())[0]!;
    await store.insertClaim(
      {
        subscriptionId: sub.id,
        localDate: '2025-06-01',
        scheduledAt: new Date(SH('2025-06-01', '09:00')),
        quoteId: 'q2',
      },
      new Date(SH('2025-06-01', '09:00')),
    );
    const { scheduler, logs } = await logged([fakeAdapter('shell')]);
    clock.set(SH('2025-06-01', '09:30'));
    expect((await scheduler.tick()).uncertain).toMatchObject([{ localDate: '2025-06-01', quoteId: 'q2' }]);
    expect(logs()).toMatchObject([
      {
        level: 40,
        msg: 'a claimed post never recorded a message id (process stopped mid-post?); not re-posting',
        channel: 'shell:local',
        kind: 'daily',
        localDate: '2025-06-01',
        quoteId: 'q2',
      },
    ]);
    clock.set(SH('2025-06-01', '09:31'));
    expect((await scheduler.tick()).uncertain).toEqual([]);
  });

  it('a next due instant that cannot be recorded is logged as an error; the post itself went out', async () => {
    await subscribeDaily();
    const shell = fakeAdapter('shell');
    const failingNextDue = (store: Store): Store => {
      const wrapped: Store = Object.assign(Object.create(store) as Store, {
        write: <T>(fn: (tx: Store) => Promise<T>) =>
          store.write((tx) =>
            fn(
              Object.assign(Object.create(tx) as Store, {
                setNextDue: () => Promise.reject(new Error('disk full')),
              }),
            ),
          ),
      });
      return wrapped;
    };
    const { scheduler, logs } = await logged([shell], undefined, 'warn', failingNextDue);
    clock.set(SH('2025-06-01', '09:00'));
    expect((await scheduler.tick()).posted).toHaveLength(1);
    expect(logs()).toMatchObject([
      {
        level: 50,
        msg: 'could not record when a subscription is next due',
        subscriptionId: 1,
        err: { message: 'disk full' },
      },
    ]);
  });

  it('a tick started by the timer that fails is logged, not thrown', async () => {
    await subscribeDaily();
    const broken = (store: Store): Store =>
      Object.assign(Object.create(store) as Store, {
        markStaleClaims: () => Promise.reject(new Error('database is locked')),
      });
    const { scheduler, logs } = await logged([fakeAdapter('shell')], undefined, 'warn', broken);
    clock.set(SH('2025-06-01', '09:00'));
    fakeCronTimers();
    scheduler.start();
    await vi.waitFor(() => expect(logs()).toHaveLength(1));
    await scheduler.stop();
    expect(logs()).toMatchObject([
      { level: 50, msg: 'scheduler tick failed', err: { message: 'database is locked' } },
    ]);
  });

  it('a short rate limit is logged at debug with the wait, then the post is sent again', async () => {
    await subscribeDaily();
    const shell = fakeAdapter('shell', (_c, _r, call) =>
      call === 1 ? err({ kind: 'transient', reason: 'shell 429', retryAfterMs: 1 }) : ok({ messageId: 'm2' }),
    );
    const { scheduler, logs } = await logged([shell], undefined, 'debug');
    clock.set(SH('2025-06-01', '09:00'));
    expect((await scheduler.tick()).posted).toHaveLength(1);
    expect(logs().filter((l) => l.level === 20 && l.channel)).toMatchObject([
      {
        msg: 'rate limited; sending again after the wait',
        channel: 'shell:local',
        localDate: '2025-06-01',
        reason: 'shell 429',
        waitMs: 1,
      },
    ]);
  });
});

describe('warnings about the platforms', () => {
  it('a platform with no adapter is named once in a warning; one that is only not ready is not "missing"', async () => {
    await subscribeDaily({ channel: 'slack:T1:C1' });
    await subscribeDaily({ channel: 'discord:G1:C1' });
    const discord = fakeAdapter('discord');
    discord.ready = false;
    const { scheduler, logs } = await logged([discord]);
    clock.set(SH('2025-06-01', '09:00'));
    const report = await scheduler.tick();
    expect(report.skipped.map((s) => [s.channel, s.reason]).sort()).toEqual([
      ['discord:G1:C1', 'adapter not ready'],
      ['slack:T1:C1', 'no adapter'],
    ]);
    expect(logs()).toMatchObject([
      {
        level: 40,
        msg: 'scheduled posts waiting: no adapter running for these platforms',
        platforms: ['slack'],
      },
    ]);
    clock.set(SH('2025-06-01', '09:01'));
    await scheduler.tick();
    expect(logs()).toHaveLength(1);
  });

  it('a day recorded as missed is logged as a warning naming the channel and day', async () => {
    await subscribeDaily();
    const { scheduler, logs } = await logged([fakeAdapter('shell')]);
    clock.set(SH('2025-06-01', '16:00'));
    expect((await scheduler.tick()).missed).toHaveLength(1);
    expect(logs()).toMatchObject([
      {
        level: 40,
        msg: 'scheduled post missed: past the missed window',
        channel: 'shell:local',
        localDate: '2025-06-01',
      },
    ]);
  });

  it('a channel that unsubscribes while its post is in flight: the post is recorded, and no error is logged', async () => {
    await subscribeDaily();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const shell = fakeAdapter('shell', async () => {
      await gate;
      return ok({ messageId: 'm1' });
    });
    const { scheduler, logs } = await logged([shell]);
    clock.set(SH('2025-06-01', '09:00'));
    const tick = scheduler.tick();
    await expect.poll(() => shell.calls.length).toBe(1);
    expect(await scheduler.unsubscribe('shell:local', 'daily')).toBe(true);
    release();
    expect((await tick).posted).toHaveLength(1);
    expect(logs()).toEqual([]);
  });
});

describe('a failure that is not a rate limit', () => {
  it('does not slow its platform down: a 503 without retry_after leaves the next posts their concurrency', async () => {
    await subscribeDaily({ channel: 'discord:G1:C0' });
    const later = ['discord:G1:C1', 'discord:G1:C2', 'discord:G1:C3', 'discord:G1:C4'];
    for (const c of later) await subscribeDaily({ channel: c, time: '09:01' });
    let inFlight = 0;
    let most = 0;
    // Each of the four waits until all four are in flight together (or 30 ms, when the pool sends them one by one).
    let arrived = 0;
    let allIn!: () => void;
    const together = new Promise<void>((r) => (allIn = r));
    const discord = fakeAdapter('discord', async (channel) => {
      if (channel === 'discord:G1:C0') return err({ kind: 'transient', reason: 'discord HTTP 503' });
      inFlight++;
      most = Math.max(most, inFlight);
      if (++arrived === 4) allIn();
      await Promise.race([together, new Promise((r) => setTimeout(r, 30))]);
      inFlight--;
      return ok({ messageId: channel });
    });
    const { scheduler } = await boot([discord], { policy: { maxConcurrentPosts: 5 } });
    clock.set(SH('2025-06-01', '09:00'));
    expect((await scheduler.tick()).failed).toHaveLength(1);
    clock.set(SH('2025-06-01', '09:01')); // the 503's retry is due too; it fails again, at once
    expect((await scheduler.tick()).posted).toHaveLength(4);
    expect(most).toBe(4);
  });
});

/** Counts the scheduler's ticks: each tick starts by marking stale claims. */
function countTicks(): { count: number; wrap: (store: Store) => Store } {
  const ticks = {
    count: 0,
    wrap: (store: Store): Store =>
      Object.assign(Object.create(store) as Store, {
        markStaleClaims: (before: Date) => {
          ticks.count++;
          return store.markStaleClaims(before);
        },
      }),
  };
  return ticks;
}

describe('the timer', () => {
  it('start() twice is one timer: one tick at once, not two', async () => {
    await subscribeDaily();
    const ticks = countTicks();
    const { scheduler } = await logged([fakeAdapter('shell')], undefined, 'warn', ticks.wrap);
    fakeCronTimers();
    scheduler.start();
    scheduler.start();
    await vi.waitFor(() => expect(ticks.count).toBe(1));
    await scheduler.stop();
    expect(ticks.count).toBe(1);
  });
});

describe('the timer, on fake timers', () => {
  it('ticks once a minute while started, and never after stop()', async () => {
    await subscribeDaily();
    const ticks = countTicks();
    const { scheduler } = await logged([fakeAdapter('shell')], undefined, 'warn', ticks.wrap);
    // Only the timers node-cron uses: the store and the write batcher keep their real promises and setImmediate.
    fakeCronTimers();
    scheduler.start();
    await vi.waitFor(() => expect(ticks.count).toBe(1));
    await vi.advanceTimersByTimeAsync(60_000);
    await vi.waitFor(() => expect(ticks.count).toBe(2));
    await scheduler.stop();
    await vi.advanceTimersByTimeAsync(180_000);
    expect(ticks.count).toBe(2);
  });
});

describe('node-cron, on fake timers', () => {
  it("its own warning (minutes missed while the process was suspended) goes to the app's log", async () => {
    await subscribeDaily();
    const { scheduler, logs } = await logged([fakeAdapter('shell')]);
    fakeCronTimers();
    scheduler.start();
    await vi.advanceTimersByTimeAsync(1_000);
    // The machine sleeps for five minutes: the wall clock jumps, no timer fired meanwhile.
    vi.setSystemTime(new Date('2025-06-01T01:05:30Z'));
    await vi.advanceTimersByTimeAsync(31_000);
    await scheduler.stop();
    expect(logs().filter((l) => String(l.msg).startsWith('missed execution at'))).not.toEqual([]);
    expect(logs().find((l) => String(l.msg).startsWith('missed execution at'))).toMatchObject({ level: 40 });
  });
});

describe('the dry run', () => {
  it('does not list a retry past the window (the real run gives it up, it never posts)', async () => {
    await subscribeDaily();
    const { store } = await boot();
    const claimed = await claimJune1(store, 'q2');
    await store.markFailed(claimed, 'shell 503', new Date(SH('2025-06-01', '09:01')));
    const { scheduler } = await boot([fakeAdapter('shell')], { missedWindowHours: 6 });
    clock.set(SH('2025-06-01', '16:00'));
    expect(await scheduler.dueNow()).toEqual([]);
    expect((await scheduler.tick()).failed).toMatchObject([
      { localDate: '2025-06-01', reason: 'shell 503; gave up: past the missed window', attempt: 1 },
    ]);
  });
});

describe('debug lines', () => {
  it('a tick logs what it planned only when something was due: an idle minute says nothing', async () => {
    await subscribeDaily();
    const { scheduler, logs } = await logged([fakeAdapter('shell')], undefined, 'debug');
    // The first tick after subscribing reads the new subscription once (it is due "now") and records 09:00.
    clock.set(SH('2025-06-01', '08:58'));
    await scheduler.tick();
    const seen = logs().length;
    clock.set(SH('2025-06-01', '08:59'));
    await scheduler.tick();
    expect(logs().slice(seen)).toEqual([]);
    clock.set(SH('2025-06-01', '09:00'));
    const before = performance.now();
    await scheduler.tick();
    const took = performance.now() - before;
    const [planned] = logs()
      .filter((l) => l.msg === 'scheduler tick planned')
      .slice(-1);
    expect(planned).toMatchObject({ level: 20, due: 1, planned: 1 });
    // planMs is a part of this tick's own duration, in milliseconds (not a clock reading).
    expect(planned?.planMs).toBeGreaterThanOrEqual(0);
    expect(planned?.planMs).toBeLessThanOrEqual(took + 0.01);
  });
});

describe('a discussion retry whose quote lost its prompt', () => {
  it('fails for the day naming the quote, without pausing the channel', async () => {
    await subscribeDaily({ kind: 'discuss' });
    const { store } = await boot();
    const claimed = await claimJune1(store, 'q1');
    await store.markFailed(claimed, 'shell 503', new Date(SH('2025-06-01', '09:01')));
    const shell = fakeAdapter('shell');
    const { scheduler } = await boot([shell]);
    clock.set(SH('2025-06-01', '09:01'));
    const report = await scheduler.tick();
    expect(report.failed).toMatchObject([{ quoteId: 'q1', reason: 'quote q1 has no discussion prompt' }]);
    expect(report.paused).toEqual([]);
    expect(shell.calls).toEqual([]);
  });
});

describe('the due list', () => {
  it("yesterday's retry still goes out after today's post (a window longer than a day)", async () => {
    await subscribeDaily();
    const { store } = await boot();
    const claimed = await claimJune1(store, 'q2');
    await store.markFailed(claimed, 'shell 503', new Date(SH('2025-06-02', '09:30')));
    const shell = fakeAdapter('shell');
    const { scheduler } = await boot([shell], { missedWindowHours: 30 });
    clock.set(SH('2025-06-02', '09:00'));
    expect((await scheduler.tick()).posted).toMatchObject([{ localDate: '2025-06-02', attempt: 1 }]);
    clock.set(SH('2025-06-02', '09:30'));
    expect((await scheduler.tick()).posted).toMatchObject([
      { localDate: '2025-06-01', attempt: 2, quoteId: 'q2' },
    ]);
  });

  it('a tick starts at its own random place in the due list, so instances spread their claims', async () => {
    const channels = ['slack:T1:C1', 'slack:T1:C2', 'slack:T1:C3', 'slack:T1:C4'];
    for (const c of channels) await subscribeDaily({ channel: c });
    const slack = fakeAdapter('slack');
    const { scheduler } = await boot([slack], { policy: { maxConcurrentPosts: 1 }, random: () => 0.5 });
    clock.set(SH('2025-06-01', '09:00'));
    expect((await scheduler.tick()).posted).toHaveLength(4);
    expect(slack.calls.map((c) => c.channel)).toEqual([
      'slack:T1:C3',
      'slack:T1:C4',
      'slack:T1:C1',
      'slack:T1:C2',
    ]);
  });
});
