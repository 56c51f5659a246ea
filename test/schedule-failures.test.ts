import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/log.js';
import { err, ok } from '../src/result.js';
import { createScheduler } from '../src/schedule/index.js';
import {
  SH,
  fakeAdapter,
  fixtureCorpus,
  quoteIdOf,
  request,
  tickEveryMinute,
  useSchedulerFixture,
} from './schedule-helpers.js';

const { clock, boot, subscribeDaily } = useSchedulerFixture();

describe('failures', () => {
  it('a permanent error pauses the subscription with the reason, shown in list(), until subscribed again', async () => {
    await subscribeDaily({ channel: 'slack:T1:C1' });
    const slack = fakeAdapter('slack', () => err({ kind: 'permanent', reason: 'slack not_in_channel' }));
    clock.set(SH('2025-06-01', '09:00'));
    const { scheduler } = await boot([slack]);
    const report = await scheduler.tick();
    expect(report.paused).toMatchObject([{ channel: 'slack:T1:C1', reason: 'slack not_in_channel' }]);
    const [view] = await scheduler.list('slack:T1:C1');
    expect(view).toMatchObject({ pausedReason: 'slack not_in_channel' });
    expect(view?.nextAt).toBeUndefined();

    await tickEveryMinute(scheduler, clock, SH('2025-06-02', '08:58'), SH('2025-06-02', '09:05'));
    expect(slack.calls).toHaveLength(1);

    await scheduler.subscribe(request({ channel: 'slack:T1:C1' }));
    expect((await scheduler.list('slack:T1:C1'))[0]?.pausedReason).toBeUndefined();
    clock.set(SH('2025-06-03', '09:00'));
    await scheduler.tick();
    expect(slack.calls).toHaveLength(2);
  });

  it('a transient error is retried with exponential backoff and then posts', async () => {
    await subscribeDaily();
    const shell = fakeAdapter('shell', (_c, _r, call) =>
      call < 3 ? err({ kind: 'transient', reason: 'shell 503' }) : ok({ messageId: 'm' }),
    );
    const { scheduler } = await boot([shell]);
    const reports = await tickEveryMinute(
      scheduler,
      clock,
      SH('2025-06-01', '09:00'),
      SH('2025-06-01', '09:10'),
    );
    const callMinutes = reports.flatMap((r, i) => (r.posted.length + r.failed.length ? [i] : []));
    expect(callMinutes).toEqual([0, 1, 3]);
    expect(reports[0]?.failed[0]).toMatchObject({
      attempt: 1,
      retryAt: new Date(SH('2025-06-01', '09:01')).toISOString(),
    });
    expect(reports[3]?.posted).toMatchObject([{ attempt: 3 }]);
    expect(shell.calls).toHaveLength(3);
    // Every attempt shows the same quote: the card was dealt once, at the claim.
    expect(new Set(shell.calls.map((c) => quoteIdOf(c.reply))).size).toBe(1);
  });

  it('gives up after a bounded number of attempts; nothing retries every minute', async () => {
    await subscribeDaily();
    const shell = fakeAdapter('shell', () => err({ kind: 'transient', reason: 'shell 500' }));
    const { scheduler } = await boot([shell]);
    const reports = await tickEveryMinute(
      scheduler,
      clock,
      SH('2025-06-01', '09:00'),
      SH('2025-06-01', '12:00'),
    );
    expect(shell.calls).toHaveLength(6);
    const last = reports.flatMap((r) => r.failed).at(-1);
    expect(last).toMatchObject({ attempt: 6 });
    expect(last?.retryAt).toBeUndefined();
    expect((await scheduler.list('shell:local'))[0]?.nextAt).toBe(
      new Date(SH('2025-06-02', '09:00')).toISOString(),
    );
  });

  it("honours the server's retry-after, and backs off from the attempt count after it", async () => {
    await subscribeDaily();
    const shell = fakeAdapter('shell', (_c, _r, call) => {
      if (call === 1) return err({ kind: 'transient', reason: 'slack 429', retryAfterMs: 10 * 60_000 });
      if (call === 2) return err({ kind: 'transient', reason: 'connect ECONNREFUSED' });
      return ok({ messageId: 'm' });
    });
    const { scheduler } = await boot([shell]);
    const reports = await tickEveryMinute(
      scheduler,
      clock,
      SH('2025-06-01', '09:00'),
      SH('2025-06-01', '09:20'),
    );
    const callMinutes = reports.flatMap((r, i) => (r.posted.length + r.failed.length ? [i] : []));
    expect(callMinutes).toEqual([0, 10, 12]);
    expect(reports[10]?.failed[0]).toMatchObject({ reason: 'connect ECONNREFUSED' });
  });

  it('stops retrying at the missed window', async () => {
    await subscribeDaily();
    const shell = fakeAdapter('shell', () => err({ kind: 'transient', reason: 'down' }));
    const { scheduler } = await boot([shell], { missedWindowHours: 0.1 }); // 6 minutes
    await tickEveryMinute(scheduler, clock, SH('2025-06-01', '09:00'), SH('2025-06-01', '10:00'));
    // 09:00, 09:01, 09:03; the next (09:07) would be past 09:06.
    expect(shell.calls).toHaveLength(3);
  });

  it('without an adapter for the platform nothing is claimed; it posts once the adapter is there', async () => {
    await subscribeDaily({ channel: 'slack:T1:C1' });
    await subscribeDaily({ channel: 'slack:T1:C2' });
    const lines: string[] = [];
    const logger = createLogger({ level: 'warn', destination: { write: (l: string) => void lines.push(l) } });
    clock.set(SH('2025-06-01', '09:01'));
    const store = (await boot()).store;
    const noSlack = createScheduler({
      store,
      corpus: fixtureCorpus(),
      clock,
      logger,
      adapterFor: () => undefined,
      defaultTimeZone: 'UTC',
      missedWindowHours: 6,
    });
    const report = await noSlack.tick();
    expect(report.skipped.map((s) => s.reason)).toEqual(['no adapter', 'no adapter']);
    expect(lines.filter((l) => l.includes('no adapter running'))).toHaveLength(1);
    expect((await noSlack.listAll())[0]?.lastPost).toBeUndefined();

    const slack = fakeAdapter('slack');
    slack.ready = false;
    const later = (await boot([slack])).scheduler;
    clock.set(SH('2025-06-01', '09:02'));
    expect((await later.tick()).skipped.map((s) => s.reason)).toEqual([
      'adapter not ready',
      'adapter not ready',
    ]);
    slack.ready = true;
    clock.set(SH('2025-06-01', '09:03'));
    expect((await later.tick()).posted).toHaveLength(2);
  });
});

describe('missed window', () => {
  it('records a post more than the window late as missed, and posts the next day', async () => {
    await subscribeDaily();
    const shell = fakeAdapter('shell');
    clock.set(SH('2025-06-01', '15:01'));
    const { scheduler } = await boot([shell]);
    expect(await scheduler.dueNow()).toMatchObject([{ action: 'missed' }]);
    const report = await scheduler.tick();
    expect(report.missed).toMatchObject([{ localDate: '2025-06-01' }]);
    expect(shell.calls).toHaveLength(0);
    expect((await scheduler.listAll())[0]?.lastPost?.status).toBe('missed');
    expect(await scheduler.todayQuoteId('shell:local')).toBeUndefined();
    clock.set(SH('2025-06-02', '09:00'));
    expect((await scheduler.tick()).posted).toHaveLength(1);
  });

  it('still posts just inside the window', async () => {
    await subscribeDaily();
    const shell = fakeAdapter('shell');
    clock.set(SH('2025-06-01', '14:59'));
    expect((await (await boot([shell])).scheduler.tick()).posted).toHaveLength(1);
  });
});
