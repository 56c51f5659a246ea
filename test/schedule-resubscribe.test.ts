// Subscribing again with a new time or zone the same day: still one post per channel per ~day, and a retry
// pending at that moment is neither lost nor left with a retry time nobody acts on.
import { describe, expect, it } from 'vitest';
import { err, ok } from '../src/result.js';
import { RESUBSCRIBE_GAP_MS } from '../src/store/index.js';
import { SH, fakeAdapter, request, tickEveryMinute, useSchedulerFixture } from './schedule-helpers.js';

const { clock, boot, subscribeDaily } = useSchedulerFixture();
const LA_20 = { time: '20:00', timezone: 'America/Los_Angeles' };

describe('a new zone or time the same day', () => {
  it('does not post again: 09:00 Shanghai went out at 01:05Z, 20:00 Los Angeles starts the next day', async () => {
    await subscribeDaily(); // 09:00 Asia/Shanghai
    const shell = fakeAdapter('shell');
    clock.set('2025-06-01T01:05:00Z');
    const { scheduler } = await boot([shell]);
    expect((await scheduler.tick()).posted).toHaveLength(1);

    clock.set('2025-06-01T02:00:00Z'); // 19:00 on May 31 in Los Angeles
    const moved = await scheduler.subscribe(request(LA_20));
    // Not 03:00Z today (20:00 on May 31 in Los Angeles): the first occurrence 20 h after the last post.
    expect(moved.ok && moved.value.nextAt).toBe('2025-06-02T03:00:00.000Z');
    await tickEveryMinute(scheduler, clock, '2025-06-01T02:00:00Z', '2025-06-01T04:00:00Z');
    expect(shell.calls).toHaveLength(1);

    clock.set('2025-06-02T03:00:00Z');
    expect((await scheduler.tick()).posted).toMatchObject([{ localDate: '2025-06-01' }]);
    expect(shell.calls).toHaveLength(2);
  });

  it('does not hold back an earlier time the next morning: 20 hours after the post is enough', async () => {
    await subscribeDaily();
    const shell = fakeAdapter('shell');
    clock.set(SH('2025-06-01', '09:00'));
    const { scheduler } = await boot([shell]);
    await scheduler.tick();
    clock.set(SH('2025-06-01', '12:00'));
    const moved = await scheduler.subscribe(request({ time: '06:00' }));
    expect(RESUBSCRIBE_GAP_MS).toBe(20 * 3_600_000);
    expect(moved.ok && moved.value.nextAt).toBe(new Date(SH('2025-06-02', '06:00')).toISOString());
    clock.set(SH('2025-06-02', '06:00'));
    expect((await scheduler.tick()).posted).toHaveLength(1);
  });

  it('an uncertain post counts as a post', async () => {
    await subscribeDaily();
    const shell = fakeAdapter('shell', () => err({ kind: 'uncertain', reason: 'timeout' }));
    clock.set('2025-06-01T01:00:00Z');
    const { scheduler } = await boot([shell]);
    await scheduler.tick();
    clock.set('2025-06-01T02:00:00Z');
    await scheduler.subscribe(request(LA_20));
    await tickEveryMinute(scheduler, clock, '2025-06-01T02:59:00Z', '2025-06-01T03:05:00Z');
    expect(shell.calls).toHaveLength(1);
  });
});

describe('subscribing again while a retry is pending', () => {
  it('keeps that retry (it is still the day’s post) and posts once, not again in the new zone', async () => {
    await subscribeDaily();
    const shell = fakeAdapter('shell', (_c, _r, call) =>
      call === 1 ? err({ kind: 'transient', reason: 'connect ECONNREFUSED' }) : ok({ messageId: 'm' }),
    );
    clock.set('2025-06-01T01:00:00Z');
    const { scheduler, store } = await boot([shell]);
    expect((await scheduler.tick()).failed).toMatchObject([{ retryAt: '2025-06-01T01:01:00.000Z' }]);

    clock.set('2025-06-01T01:00:30Z');
    const moved = await scheduler.subscribe(request({ ...LA_20, lang: 'en' }));
    expect(moved.ok && moved.value.nextAt).toBe('2025-06-01T01:01:00.000Z'); // the pending retry
    const reports = await tickEveryMinute(scheduler, clock, '2025-06-01T01:01:00Z', '2025-06-01T04:00:00Z');
    expect(reports[0]?.posted).toMatchObject([{ localDate: '2025-06-01', attempt: 2 }]);
    expect(shell.calls).toHaveLength(2);
    expect(shell.posted).toHaveLength(1);
    expect(shell.posted[0]?.reply).toMatchObject({ lang: 'en' });
    const sub = await store.getSubscription('shell:local', 'daily');
    expect(await store.pendingRetries(sub?.id ?? 0)).toEqual([]);
  });

  it('a retry that keeps failing still gives up at the missed window instead of staying pending', async () => {
    await subscribeDaily();
    const shell = fakeAdapter('shell', () => err({ kind: 'transient', reason: 'down' }));
    clock.set('2025-06-01T01:00:00Z');
    const { scheduler, store } = await boot([shell]);
    await scheduler.tick();
    clock.set('2025-06-01T01:00:30Z');
    await scheduler.subscribe(request(LA_20));
    await tickEveryMinute(scheduler, clock, '2025-06-01T01:01:00Z', '2025-06-01T07:10:00Z');
    const sub = await store.getSubscription('shell:local', 'daily');
    expect(await store.pendingRetries(sub?.id ?? 0)).toEqual([]);
    expect(await store.getPost(sub?.id ?? 0, '2025-06-01')).toMatchObject({
      status: 'failed',
      nextAttemptAt: undefined,
    });
    expect(shell.calls.length).toBeGreaterThan(1);
    expect(shell.calls.length).toBeLessThanOrEqual(6);
  });
});
