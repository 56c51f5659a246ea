import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../src/clock.js';
import type { ManualClock } from '../src/clock.js';
import type { Store } from '../src/store/index.js';
import { fakeAdapter, instance, request, tempDb, tickEveryMinute } from './schedule-helpers.js';

let db: ReturnType<typeof tempDb>;
let clock: ManualClock;
let store: Store | undefined;
beforeEach(async () => {
  db = tempDb();
});
afterEach(async () => {
  store?.close();
  db.cleanup();
});

/**
 * Subscribes a daily post just before `from`, then ticks every minute through the night in question and
 * returns the ticks (UTC) at which something was posted.
 */
async function postsThrough(zone: string, time: string, from: string, to: string): Promise<string[]> {
  clock = createManualClock(new Date(Date.parse(from) - 60_000));
  const shell = fakeAdapter('shell');
  const i = await instance({ path: db.path, clock, adapters: [shell] });
  store = i.store;
  expect((await i.scheduler.subscribe(request({ timezone: zone, time }))).ok).toBe(true);
  const reports = await tickEveryMinute(i.scheduler, clock, from, to);
  expect(reports.flatMap((r) => [...r.missed, ...r.failed])).toEqual([]);
  return reports.filter((r) => r.posted.length > 0).map((r) => r.at);
}

describe('daylight saving', () => {
  it('New York spring forward: 02:30 does not exist on 2025-03-09; it posts once, at 03:00 EDT', async () => {
    expect(
      await postsThrough('America/New_York', '02:30', '2025-03-09T04:00:00Z', '2025-03-09T12:00:00Z'),
    ).toEqual(['2025-03-09T07:00:00.000Z']);
  });

  it('New York fall back: 01:30 happens twice on 2025-11-02; it posts once, at the first (EDT)', async () => {
    expect(
      await postsThrough('America/New_York', '01:30', '2025-11-02T03:00:00Z', '2025-11-02T09:00:00Z'),
    ).toEqual(['2025-11-02T05:30:00.000Z']);
  });

  it('New York: 09:00 stays 09:00 local across the change (14:00Z before, 13:00Z after)', async () => {
    expect(
      await postsThrough('America/New_York', '09:00', '2025-03-08T12:00:00Z', '2025-03-10T15:00:00Z'),
    ).toEqual(['2025-03-08T14:00:00.000Z', '2025-03-09T13:00:00.000Z', '2025-03-10T13:00:00.000Z']);
  });

  it('London spring forward: 01:30 does not exist on 2025-03-30; it posts once, at 02:00 BST', async () => {
    expect(
      await postsThrough('Europe/London', '01:30', '2025-03-29T23:00:00Z', '2025-03-30T04:00:00Z'),
    ).toEqual(['2025-03-30T01:00:00.000Z']);
  });

  it('London fall back: 01:30 happens twice on 2025-10-26; it posts once, at the first (BST)', async () => {
    expect(
      await postsThrough('Europe/London', '01:30', '2025-10-25T23:00:00Z', '2025-10-26T04:00:00Z'),
    ).toEqual(['2025-10-26T00:30:00.000Z']);
  });
});

describe('catching up across a short day', () => {
  it('a 24-hour window reaches two local dates back when the day between was 23 hours long', async () => {
    // 23:30 New York on Saturday 2025-03-08 (EST) is 04:30Z; Sunday 03-09 has 23 hours. At 00:10 EDT on
    // Monday 03-10 (04:10Z) that occurrence is 23 h 40 min old, inside the window, two local dates back.
    clock = createManualClock('2025-03-09T01:00:00Z');
    const shell = fakeAdapter('shell');
    const first = await instance({ path: db.path, clock, adapters: [shell], missedWindowHours: 24 });
    expect(
      (await first.scheduler.subscribe(request({ timezone: 'America/New_York', time: '23:30' }))).ok,
    ).toBe(true);
    await first.store.close();
    // The process was down from before Saturday's post until just after midnight on Monday.
    clock.set('2025-03-10T04:10:00Z');
    const i = await instance({ path: db.path, clock, adapters: [shell], missedWindowHours: 24 });
    store = i.store;
    const report = await i.scheduler.tick();
    const handled = [...report.posted, ...report.missed, ...report.skipped].map((o) => o.localDate).sort();
    expect(handled).toEqual(['2025-03-08', '2025-03-09']);
  });
});
