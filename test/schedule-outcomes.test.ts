// What the scheduler does with each kind of post failure: uncertain (never re-sent), rejected (fails the day),
// refused credentials (no pause, long wait, one error log), and the idempotency key every attempt carries.
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/log.js';
import { err, ok } from '../src/result.js';
import { formatEntry } from '../src/schedule/format.js';
import { createScheduler } from '../src/schedule/index.js';
import { SH, fakeAdapter, fixtureCorpus, tickEveryMinute, useSchedulerFixture } from './schedule-helpers.js';

const { clock, boot, subscribeDaily } = useSchedulerFixture();

/** A logger whose lines (JSON) land in `lines`. */
function memoryLogger(level: 'warn' | 'error') {
  const lines: string[] = [];
  return {
    lines,
    logger: createLogger({ level, destination: { write: (l: string) => void lines.push(l) } }),
  };
}

describe('an uncertain post (the platform may have it)', () => {
  it('is recorded as uncertain, shown by schedule list, and never sent again', async () => {
    await subscribeDaily({ channel: 'slack:T1:C1' });
    const slack = fakeAdapter('slack', () => err({ kind: 'uncertain', reason: 'slack HTTP 500' }));
    const { scheduler } = await boot([slack]);
    const reports = await tickEveryMinute(
      scheduler,
      clock,
      SH('2025-06-01', '09:00'),
      SH('2025-06-01', '15:30'),
    );
    expect(slack.calls).toHaveLength(1);
    expect(reports[0]?.uncertain).toMatchObject([
      { channel: 'slack:T1:C1', localDate: '2025-06-01', attempt: 1, reason: /slack HTTP 500/ },
    ]);
    expect(reports.flatMap((r) => [...r.failed, ...r.paused])).toEqual([]);
    const [entry] = await scheduler.listAll();
    expect(entry?.lastPost).toMatchObject({ status: 'uncertain', error: /slack HTTP 500.*not re-posted/ });
    expect(entry?.pausedReason).toBeUndefined();
    expect(formatEntry(entry!).join('\n')).toContain('2025-06-01 uncertain');
    // The channel's own status says so too, so nobody wonders where the day's quote went.
    expect((await scheduler.list('slack:T1:C1'))[0]?.lastProblem).toMatch(
      /^2025-06-01: may not have arrived/,
    );

    clock.set(SH('2025-06-02', '09:00'));
    await scheduler.tick();
    expect(slack.calls).toHaveLength(2); // the next day posts as usual
  });

  it('a throw from post() is uncertain too: it may have come after the request left', async () => {
    await subscribeDaily();
    const shell = fakeAdapter('shell', () => {
      throw new Error('socket hang up');
    });
    const { scheduler } = await boot([shell]);
    const reports = await tickEveryMinute(
      scheduler,
      clock,
      SH('2025-06-01', '09:00'),
      SH('2025-06-01', '09:30'),
    );
    expect(shell.calls).toHaveLength(1);
    expect(reports[0]?.uncertain).toMatchObject([{ reason: /socket hang up/ }]);
    expect((await scheduler.listAll())[0]?.lastPost?.status).toBe('uncertain');
  });
});

describe('a rejected post (a bad request)', () => {
  it('fails that day without a retry or a pause, and posts the next day', async () => {
    await subscribeDaily({ channel: 'discord:1:2' });
    const discord = fakeAdapter('discord', (_c, _r, call) =>
      call === 1
        ? err({ kind: 'rejected', reason: 'discord 400 Invalid Form Body (50035)' })
        : ok({ messageId: 'm' }),
    );
    const { scheduler } = await boot([discord]);
    const reports = await tickEveryMinute(
      scheduler,
      clock,
      SH('2025-06-01', '09:00'),
      SH('2025-06-01', '10:00'),
    );
    expect(discord.calls).toHaveLength(1);
    expect(reports[0]?.failed).toMatchObject([{ attempt: 1, reason: /400/ }]);
    expect(reports[0]?.failed[0]?.retryAt).toBeUndefined();
    expect(reports.flatMap((r) => r.paused)).toEqual([]);
    const [view] = await scheduler.list('discord:1:2');
    expect(view?.pausedReason).toBeUndefined();
    expect(view?.nextAt).toBe(new Date(SH('2025-06-02', '09:00')).toISOString());
    clock.set(SH('2025-06-02', '09:00'));
    expect((await scheduler.tick()).posted).toHaveLength(1);
  });
});

describe('refused credentials (a bad bot token)', () => {
  it('pause nothing: posts wait the long retry, the error is logged once, and go out once the token works', async () => {
    await subscribeDaily({ channel: 'slack:T1:C1' });
    await subscribeDaily({ channel: 'slack:T1:C2' });
    let tokenFixed = false;
    const slack = fakeAdapter('slack', () =>
      tokenFixed
        ? ok({ messageId: 'm' })
        : err({
            kind: 'transient',
            reason: 'slack invalid_auth',
            retryAfterMs: 3_600_000,
            credentials: true,
          }),
    );
    const { lines, logger } = memoryLogger('error');
    const scheduler = createScheduler({
      store: (await boot()).store,
      corpus: fixtureCorpus(),
      clock,
      logger,
      adapterFor: () => slack,
      defaultTimeZone: 'UTC',
      missedWindowHours: 6,
    });
    const reports = await tickEveryMinute(
      scheduler,
      clock,
      SH('2025-06-01', '09:00'),
      SH('2025-06-01', '10:00'),
    );
    expect(slack.calls).toHaveLength(2); // one attempt per channel, then an hour's wait
    expect(reports[0]?.paused).toEqual([]);
    expect(reports[0]?.failed.map((f) => f.retryAt)).toEqual([
      new Date(SH('2025-06-01', '10:00')).toISOString(),
      new Date(SH('2025-06-01', '10:00')).toISOString(),
    ]);
    expect((await scheduler.list('slack:T1:C1'))[0]?.pausedReason).toBeUndefined();
    const refused = lines.filter((l) => l.includes("refused the bot's credentials"));
    expect(refused).toHaveLength(1);
    expect(refused[0]).toContain('"platform":"slack"');

    tokenFixed = true;
    clock.set(SH('2025-06-01', '10:00'));
    expect((await scheduler.tick()).posted).toHaveLength(2);
    expect(slack.calls).toHaveLength(4);
  });
});

describe('idempotency key', () => {
  it('every attempt at one day’s post passes the same key, mg<row id>; the next day has another', async () => {
    await subscribeDaily({ channel: 'discord:1:2' });
    const discord = fakeAdapter('discord', (_c, _r, call) =>
      call < 3 ? err({ kind: 'transient', reason: 'discord 502 Bad Gateway' }) : ok({ messageId: 'm' }),
    );
    const { scheduler } = await boot([discord]);
    await tickEveryMinute(scheduler, clock, SH('2025-06-01', '09:00'), SH('2025-06-01', '09:10'));
    clock.set(SH('2025-06-02', '09:00'));
    await scheduler.tick();
    const keys = discord.calls.map((c) => c.options?.idempotencyKey);
    expect(keys).toHaveLength(4);
    expect(keys[0]).toMatch(/^mg\d+$/);
    expect(keys.slice(0, 3)).toEqual([keys[0], keys[0], keys[0]]);
    expect(keys[3]).toMatch(/^mg\d+$/);
    expect(keys[3]).not.toBe(keys[0]);
    expect(keys.every((k) => (k ?? '').length <= 25)).toBe(true);
  });
});

describe('a platform without an adapter', () => {
  it('is logged once per process, not at every tick, and again if it goes away after coming back', async () => {
    await subscribeDaily({ channel: 'slack:T1:C1' });
    const { lines, logger } = memoryLogger('warn');
    const slack = fakeAdapter('slack');
    let running = false;
    const scheduler = createScheduler({
      store: (await boot()).store,
      corpus: fixtureCorpus(),
      clock,
      logger,
      adapterFor: () => (running ? slack : undefined),
      defaultTimeZone: 'UTC',
      missedWindowHours: 6,
    });
    const missing = () => lines.filter((l) => l.includes('no adapter running')).length;
    await tickEveryMinute(scheduler, clock, SH('2025-06-01', '09:00'), SH('2025-06-01', '09:05'));
    expect(missing()).toBe(1);
    running = true;
    await scheduler.tick();
    expect(slack.calls).toHaveLength(1);
    running = false;
    await tickEveryMinute(scheduler, clock, SH('2025-06-02', '09:00'), SH('2025-06-02', '09:03'));
    expect(missing()).toBe(2);
  });
});
