// What is due, as the dry run (`schedule run-due --dry-run`, Scheduler.dueNow) and the "next post" of
// `schedule list` / `/quote status` show it, and where the missed window ends. The tick itself has a second line of
// defence against double posts (the claim), so these read the plan the operator sees.
import { describe, expect, it } from 'vitest';
import { err, ok } from '../src/result.js';
import { nextDueAt, planFromRows } from '../src/schedule/due.js';
import type { Store } from '../src/store/index.js';
import type { PostRecord, SubscriptionRecord } from '../src/store/types.js';
import { SH, claimJune1, fakeAdapter, request, useSchedulerFixture } from './schedule-helpers.js';

const { clock, boot, subscribeDaily } = useSchedulerFixture();

const iso = (s: string): string => new Date(s).toISOString();

describe('after a post, nothing more is due that day', () => {
  it('three days of posts: each tick posts once, reports no failure, and the dry run is empty after it', async () => {
    await subscribeDaily();
    const shell = fakeAdapter('shell', (_c, _r, call) =>
      // Day 1 is rejected (failed, not retried); days 2 and 3 post.
      call === 1
        ? err({ kind: 'rejected', reason: 'shell message too long' })
        : ok({ messageId: `m${call}` }),
    );
    const { scheduler } = await boot([shell]);
    for (const [day, posted] of [
      ['2025-06-01', 0],
      ['2025-06-02', 1],
      ['2025-06-03', 1],
    ] as const) {
      clock.set(SH(day, '09:00'));
      const report = await scheduler.tick();
      expect(report.posted).toHaveLength(posted);
      // An earlier day's settled row (rejected or posted) is never reported again as a failure to give up on.
      expect(report.failed).toHaveLength(1 - posted);
      expect(report.missed).toEqual([]);
      clock.set(SH(day, '09:05'));
      expect(await scheduler.dueNow()).toEqual([]);
      const [entry] = await scheduler.listAll();
      const next = new Date(new Date(SH(day, '09:00')).getTime() + 86_400_000).toISOString();
      expect(entry?.nextAt).toBe(next);
    }
    expect(shell.calls).toHaveLength(3);
  });

  it('subscribing at the very minute of the post posts that day, once, and then shows tomorrow', async () => {
    clock.set(SH('2025-06-01', '09:00'));
    await subscribeDaily();
    const shell = fakeAdapter('shell');
    const { scheduler } = await boot([shell]);
    expect((await scheduler.dueNow()).map((d) => [d.action, d.localDate])).toEqual([['post', '2025-06-01']]);
    expect((await scheduler.tick()).posted).toHaveLength(1);
    expect(await scheduler.dueNow()).toEqual([]);
    expect((await scheduler.listAll())[0]?.nextAt).toBe(iso(SH('2025-06-02', '09:00')));
    clock.set(SH('2025-06-01', '09:01'));
    expect((await scheduler.tick()).posted).toEqual([]);
    expect(shell.calls).toHaveLength(1);
  });

  it('west of UTC, the dry run does not offer to record as missed the days that were posted', async () => {
    // Los Angeles: 09:00 PDT is 16:00Z; in the evening the UTC date is already the next day.
    await subscribeDaily({ timezone: 'America/Los_Angeles' });
    const shell = fakeAdapter('shell');
    const { scheduler } = await boot([shell]);
    for (const at of ['2025-05-31T16:00:00Z', '2025-06-01T16:00:00Z', '2025-06-02T16:00:00Z']) {
      clock.set(at);
      expect((await scheduler.tick()).posted).toHaveLength(1);
    }
    clock.set('2025-06-03T03:00:00Z'); // June 2, 20:00 in Los Angeles
    expect(await scheduler.dueNow()).toEqual([]);
    expect((await scheduler.listAll())[0]?.nextAt).toBe('2025-06-03T16:00:00.000Z');
  });
});

describe('retries in the dry run and the next post', () => {
  it('a failed post shows as a retry only once its retry time has come', async () => {
    await subscribeDaily();
    const shell = fakeAdapter('shell', (_c, _r, call) =>
      call === 1 ? err({ kind: 'transient', reason: 'shell 503' }) : ok({ messageId: 'm2' }),
    );
    const { scheduler } = await boot([shell]);
    clock.set(SH('2025-06-01', '09:00'));
    expect((await scheduler.tick()).failed).toMatchObject([{ retryAt: iso(SH('2025-06-01', '09:01')) }]);
    clock.set('2025-06-01T01:00:30Z');
    expect(await scheduler.dueNow()).toEqual([]);
    expect((await scheduler.listAll())[0]?.nextAt).toBe(iso(SH('2025-06-01', '09:01')));
    clock.set(SH('2025-06-01', '09:01'));
    expect((await scheduler.dueNow()).map((d) => [d.action, d.localDate])).toEqual([['retry', '2025-06-01']]);
    expect((await scheduler.tick()).posted).toMatchObject([{ attempt: 2 }]);
    expect(await scheduler.dueNow()).toEqual([]);
  });

  it('a retry still goes out at the last instant of the missed window, and a first post too', async () => {
    await subscribeDaily();
    await subscribeDaily({ kind: 'discuss', time: '09:00' });
    const shell = fakeAdapter('shell', (_c, _r, call) =>
      call === 1 ? err({ kind: 'transient', reason: 'shell 503' }) : ok({ messageId: `m${call}` }),
    );
    // Whichever of the two goes first at 09:00 fails once and gets a retry at 09:01; the other posts.
    const { scheduler } = await boot([shell], { missedWindowHours: 6 });
    clock.set(SH('2025-06-01', '09:00'));
    const first = await scheduler.tick();
    expect(first.failed).toHaveLength(1);
    expect(first.posted).toHaveLength(1);
    const failedKind = first.failed[0]!.kind;
    // The process was down from 09:00 to exactly 15:00, six hours after the post's time: still in the window.
    clock.set(SH('2025-06-01', '15:00'));
    const last = await scheduler.tick();
    expect(last.failed).toEqual([]);
    expect(last.posted).toMatchObject([{ kind: failedKind, attempt: 2 }]);
  });

  it.each([
    ["lands on the window's last instant: kept", 6 * 3_600_000, iso(SH('2025-06-01', '15:00'))],
    ['would land a minute past the window: not kept', 6 * 3_600_000 + 60_000, undefined],
  ])('a retry that %s', async (_what, retryAfterMs, retryAt) => {
    await subscribeDaily();
    const shell = fakeAdapter('shell', () => err({ kind: 'transient', reason: 'shell 503', retryAfterMs }));
    const { scheduler } = await boot([shell], { missedWindowHours: 6 });
    clock.set(SH('2025-06-01', '09:00'));
    const [failed] = (await scheduler.tick()).failed;
    expect(failed?.retryAt).toBe(retryAt);
  });

  it('a first post exactly at the end of the missed window is posted; a minute later it is missed', async () => {
    await subscribeDaily();
    await subscribeDaily({ channel: 'slack:T1:C1' });
    const shell = fakeAdapter('shell');
    const slack = fakeAdapter('slack');
    const { scheduler } = await boot([shell, slack], { missedWindowHours: 6 });
    clock.set(SH('2025-06-01', '15:00'));
    const edge = await scheduler.tick();
    expect(edge.posted.map((p) => p.channel).sort()).toEqual(['shell:local', 'slack:T1:C1']);
    expect(edge.missed).toEqual([]);
    clock.set(SH('2025-06-02', '15:01'));
    expect((await scheduler.dueNow()).map((d) => d.action)).toEqual(['missed', 'missed']);
    const late = await scheduler.tick();
    expect(late.posted).toEqual([]);
    expect(late.missed).toHaveLength(2);
  });
});

// 09:00 Shanghai on June 1 is 01:00Z; 20:00 Los Angeles on June 1 is 03:00Z on June 2, the same local date, and
// more than the 20-hour gap after the first attempt: the new schedule's June 1 would be due then.
async function movedWhile(state: 'retry pending' | 'claimed' | 'given up') {
  await subscribeDaily();
  const { store, scheduler } = await boot([], { missedWindowHours: 30 });
  const claimed = await claimJune1(store, 'q1');
  if (state === 'given up') await store.markFailed(claimed, 'shell message too long', undefined);
  if (state === 'retry pending')
    await store.markFailed(claimed, 'shell 503', new Date('2025-06-02T04:00:00Z'));
  clock.set(SH('2025-06-01', '09:30'));
  expect((await scheduler.subscribe(request({ timezone: 'America/Los_Angeles', time: '20:00' }))).ok).toBe(
    true,
  );
  return scheduler;
}

describe('a channel that moves its schedule while that day is still in flight', () => {
  it("a pending retry stays that day's post: the new schedule does not post the same local date too", async () => {
    const scheduler = await movedWhile('retry pending');
    clock.set('2025-06-02T03:05:00Z');
    expect(await scheduler.dueNow()).toEqual([]);
    expect((await scheduler.listAll())[0]?.nextAt).toBe('2025-06-02T04:00:00.000Z');
    clock.set('2025-06-02T04:00:00Z');
    expect((await scheduler.dueNow()).map((d) => [d.action, d.localDate, d.scheduledAt])).toEqual([
      ['retry', '2025-06-01', iso(SH('2025-06-01', '09:00'))],
    ]);
  });

  it("a claim still in flight is that day's post too, in the dry run", async () => {
    const scheduler = await movedWhile('claimed');
    clock.set('2025-06-02T03:05:00Z');
    expect(await scheduler.dueNow()).toEqual([]);
  });
});

describe('a channel that moves its schedule after that day failed for good', () => {
  it('the new schedule posts that local date: a given-up failure holds no day', async () => {
    const scheduler = await movedWhile('given up');
    clock.set('2025-06-02T03:05:00Z');
    expect((await scheduler.dueNow()).map((d) => [d.action, d.localDate])).toContainEqual([
      'post',
      '2025-06-01',
    ]);
  });
});

describe('planFromRows', () => {
  const sub: SubscriptionRecord = {
    id: 1,
    channel: 'shell:local',
    kind: 'daily',
    time: '09:00',
    timezone: 'Asia/Shanghai',
    days: [0, 1, 2, 3, 4, 5, 6],
    lang: 'both',
    card: false,
    createdBy: 'U1',
    createdAt: '2025-05-01T00:00:00.000Z',
    effectiveFrom: '2025-06-01T00:00:00.000Z',
  } as SubscriptionRecord;
  const row = (over: Partial<PostRecord>): PostRecord =>
    ({
      id: 1,
      subscriptionId: 1,
      localDate: '2025-06-01',
      scheduledAt: iso(SH('2025-06-01', '09:00')),
      status: 'posted',
      attempts: 1,
      quoteId: 'q1',
      ...over,
    }) as PostRecord;

  it("reads only its own subscription's rows from a read shared by the whole tick", () => {
    const now = new Date(SH('2025-06-01', '09:05'));
    // Subscription 2 posted June 1 and has a pending retry; neither is subscription 1's.
    const rows = [
      row({ id: 7, subscriptionId: 2 }),
      row({
        id: 8,
        subscriptionId: 2,
        localDate: '2025-05-31',
        scheduledAt: iso(SH('2025-05-31', '09:00')),
        status: 'failed',
        nextAttemptAt: iso(SH('2025-06-01', '09:01')),
      }),
    ];
    expect(planFromRows(sub, rows, now, 6 * 3_600_000).map((i) => [i.action, i.localDate])).toEqual([
      ['post', '2025-06-01'],
    ]);
  });
});

describe('the next post a channel is told about', () => {
  it('an occurrence past the missed window is not "next": tomorrow is; at the window\'s edge it still is', async () => {
    await subscribeDaily();
    const { scheduler } = await boot([], { missedWindowHours: 6 });
    // Nothing ran since 09:00: at 15:00 it can still post (the window's edge), at 15:01 it is missed.
    clock.set(SH('2025-06-01', '15:00'));
    expect((await scheduler.listAll())[0]?.nextAt).toBe(iso(SH('2025-06-01', '09:00')));
    clock.set(SH('2025-06-01', '15:01'));
    expect((await scheduler.listAll())[0]?.nextAt).toBe(iso(SH('2025-06-02', '09:00')));
  });

  it('a retry left pending past the window is not "next" either', async () => {
    await subscribeDaily();
    const shell = fakeAdapter('shell', () => err({ kind: 'transient', reason: 'shell 503' }));
    const { scheduler } = await boot([shell], { missedWindowHours: 6 });
    clock.set(SH('2025-06-01', '09:00'));
    expect((await scheduler.tick()).failed).toMatchObject([{ retryAt: iso(SH('2025-06-01', '09:01')) }]);
    // The process stopped before the retry; at 16:00 that retry is past the window.
    clock.set(SH('2025-06-01', '16:00'));
    expect((await scheduler.listAll())[0]?.nextAt).toBe(iso(SH('2025-06-02', '09:00')));
  });

  it("a retry of yesterday due after today's post: next is today's post", async () => {
    await subscribeDaily();
    const { store, scheduler } = await boot([], { missedWindowHours: 30 });
    const sub = (await store.listSubscriptions())[0]!;
    await pendingRetry(store, sub.id, '2025-06-01', SH('2025-06-02', '10:00'));
    clock.set(SH('2025-06-02', '08:00'));
    expect((await scheduler.listAll())[0]?.nextAt).toBe(iso(SH('2025-06-02', '09:00')));
    expect((await nextDueAt(store, sub, clock.now()))?.toISOString()).toBe(iso(SH('2025-06-02', '09:00')));
  });
});

/** A failed post of `localDate` (due 09:00 Shanghai) whose retry is at `retryAt`. */
async function pendingRetry(store: Store, subscriptionId: number, localDate: string, retryAt: string) {
  const row = await store.insertClaim(
    { subscriptionId, localDate, scheduledAt: new Date(SH(localDate, '09:00')), quoteId: 'q1' },
    new Date(SH(localDate, '09:00')),
  );
  await store.markFailed(row!.id, 'shell 503', new Date(retryAt));
}

describe('when a tick next looks at a subscription (nextDueAt)', () => {
  it('the dry run lists two due retries of one channel oldest day first', async () => {
    await subscribeDaily();
    const { store, scheduler } = await boot([], { missedWindowHours: 30 });
    const sub = (await store.listSubscriptions())[0]!;
    await pendingRetry(store, sub.id, '2025-06-01', SH('2025-06-02', '09:02'));
    await pendingRetry(store, sub.id, '2025-06-02', SH('2025-06-02', '09:01'));
    clock.set(SH('2025-06-02', '09:05'));
    expect((await scheduler.dueNow()).map((d) => [d.action, d.localDate])).toEqual([
      ['retry', '2025-06-01'],
      ['retry', '2025-06-02'],
    ]);
  });

  it("at its pending retry time, not at the failed post's own time", async () => {
    await subscribeDaily();
    const { store } = await boot([], { missedWindowHours: 6 });
    const sub = (await store.listSubscriptions())[0]!;
    await pendingRetry(store, sub.id, '2025-06-01', SH('2025-06-01', '09:30'));
    const now = new Date(SH('2025-06-01', '09:10'));
    expect((await nextDueAt(store, sub, now))?.toISOString()).toBe(iso(SH('2025-06-01', '09:30')));
  });

  it.each([
    ['the older day', SH('2025-06-02', '09:10'), SH('2025-06-02', '09:30')],
    ['the newer day', SH('2025-06-02', '09:30'), SH('2025-06-02', '09:10')],
  ])("at the earliest of two pending retries, when it is %s's", async (_which, june1, june2) => {
    await subscribeDaily();
    const { store } = await boot([], { missedWindowHours: 30 });
    const sub = (await store.listSubscriptions())[0]!;
    await pendingRetry(store, sub.id, '2025-06-01', june1);
    await pendingRetry(store, sub.id, '2025-06-02', june2);
    const now = new Date(SH('2025-06-02', '09:05'));
    expect((await nextDueAt(store, sub, now))?.toISOString()).toBe(iso(SH('2025-06-02', '09:10')));
  });

  it('never, while paused', async () => {
    await subscribeDaily();
    const { store } = await boot();
    const sub = (await store.listSubscriptions())[0]!;
    await store.pauseSubscription(sub.id, 'shell channel gone', clock.now());
    const paused = (await store.listSubscriptions())[0]!;
    expect(await nextDueAt(store, paused, clock.now())).toBeUndefined();
  });
});
