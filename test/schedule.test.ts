import { beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../src/log.js';
import { ok } from '../src/result.js';
import { createScheduler } from '../src/schedule/index.js';
import type { Scheduler } from '../src/schedule/index.js';
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

describe('posting once', () => {
  it('a scheduler started at 09:05 posts the 09:00 daily once; a restart posts nothing more', async () => {
    await subscribeDaily();
    const shell = fakeAdapter('shell');
    clock.set(SH('2025-06-01', '09:05'));
    const first = (await boot([shell])).scheduler;
    const report = await first.tick();
    expect(report.posted).toHaveLength(1);
    expect(shell.posted).toHaveLength(1);
    expect(await first.tick()).toMatchObject({ posted: [], missed: [], failed: [] });

    clock.set(SH('2025-06-01', '09:10'));
    const restarted = (await boot([shell])).scheduler;
    expect((await restarted.tick()).posted).toEqual([]);
    expect(shell.calls).toHaveLength(1);

    clock.set(SH('2025-06-02', '09:00'));
    expect((await restarted.tick()).posted).toHaveLength(1);
    expect(shell.calls).toHaveLength(2);
  });

  it('a tick reads only due subscriptions: after posting, a subscription is next due at its next occurrence', async () => {
    await subscribeDaily();
    await subscribeDaily({ channel: 'discord:G1:C1', time: '18:00' });
    const shell = fakeAdapter('shell');
    clock.set(SH('2025-06-01', '09:05'));
    const { scheduler, store } = await boot([shell]);
    const planned: number[] = [];
    const due = store.dueSubscriptions.bind(store);
    store.dueSubscriptions = async (now, limit) => {
      const list = await due(now, limit);
      planned.push(...list.map((s) => s.id));
      return list;
    };
    await scheduler.tick();
    expect(shell.calls).toHaveLength(1);
    const [daily, evening] = await store.listSubscriptions();
    expect(daily?.nextDueAt).toBe(new Date(SH('2025-06-02', '09:00')).toISOString());
    expect(evening?.nextDueAt).toBe(new Date(SH('2025-06-01', '18:00')).toISOString());
    planned.length = 0;
    clock.set(SH('2025-06-01', '09:06'));
    await scheduler.tick();
    expect(planned).toEqual([]); // nothing is due: no subscription was even read
    clock.set(SH('2025-06-01', '18:00'));
    await scheduler.tick();
    expect(planned).toEqual([evening?.id]); // discord has no adapter here: it stays due
    expect((await store.listSubscriptions())[1]?.nextDueAt).toBe(evening?.nextDueAt);
  });

  it('start() runs a tick at once and stop() waits for the post in flight', async () => {
    await subscribeDaily();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const shell = fakeAdapter('shell', async () => {
      await gate;
      return ok({ messageId: 'late' });
    });
    clock.set(SH('2025-06-01', '09:05'));
    const { scheduler, store } = await boot([shell]);
    scheduler.start();
    await expect.poll(() => shell.calls.length).toBe(1);
    const stopped = scheduler.stop();
    release();
    await stopped;
    expect(await store.listSubscriptions()).toHaveLength(1);
    expect((await scheduler.listAll())[0]?.lastPost).toMatchObject({ status: 'posted', messageId: 'late' });
  });

  it('the daily post is a quote reply in the subscription language with the note and a context button', async () => {
    await subscribeDaily({ lang: 'en' });
    const shell = fakeAdapter('shell');
    clock.set(SH('2025-06-01', '09:00'));
    await (await boot([shell])).scheduler.tick();
    const reply = shell.posted[0]?.reply;
    expect(reply).toMatchObject({ kind: 'quote', lang: 'en', note: '今日名言 · Daily insight' });
    if (reply?.kind !== 'quote') throw new Error('not a quote');
    expect(reply.quote.attribution).toMatchObject({ speaker: { zh: '周明' }, date: '2023-04' });
    expect(reply.actions).toEqual([
      { kind: 'context', label: { zh: '上下文', en: 'Context' }, payload: `c|${reply.quote.id}` },
    ]);
    expect(shell.posted[0]?.channel).toBe('shell:local');
  });

  it('two schedulers on one database file, ticking at the same time, post once', async () => {
    await subscribeDaily({ channel: 'discord:G1:C1' });
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const slow = fakeAdapter('discord', async () => {
      await gate;
      return ok({ messageId: 'a' });
    });
    const fast = fakeAdapter('discord');
    clock.set(SH('2025-06-01', '09:00'));
    const a = (await boot([slow])).scheduler;
    const b = (await boot([fast])).scheduler;
    const ticks = Promise.all([a.tick(), b.tick(), b.tick()]);
    release();
    const reports = await ticks;
    expect(slow.calls.length + fast.calls.length).toBe(1);
    expect(reports.flatMap((r) => r.posted)).toHaveLength(1);
  });

  it('a scheduler that planned a post before another one claimed it does not post it again', async () => {
    await subscribeDaily({ channel: 'discord:G1:C1' });
    clock.set(SH('2025-06-01', '09:00'));
    const discordA = fakeAdapter('discord');
    const discordB = fakeAdapter('discord');
    const b = (await boot([discordB])).scheduler;
    let bTick: Promise<unknown> | undefined;
    const store = (await boot()).store;
    const a = createScheduler({
      // A's claim transaction starts after A has planned the post: B claims and posts right before it.
      store: {
        ...store,
        write: async (fn) => {
          await (bTick ??= b.tick());
          return store.write(fn);
        },
      },
      corpus: fixtureCorpus(),
      clock,
      logger: createLogger({ level: 'silent' }),
      adapterFor: () => discordA,
      defaultTimeZone: 'UTC',
      missedWindowHours: 6,
    });
    const report = await a.tick();
    await bTick;
    expect(discordB.calls).toHaveLength(1);
    expect(discordA.calls).toHaveLength(0);
    expect(report.posted).toEqual([]);
    // Taken by the other instance is not a failure of this one: nothing to report.
    expect(report.failed).toEqual([]);
    expect(report.skipped).toEqual([]);
  });

  it('unsubscribing and subscribing again the same day does not post twice', async () => {
    await subscribeDaily();
    const shell = fakeAdapter('shell');
    clock.set(SH('2025-06-01', '09:00'));
    const { scheduler } = await boot([shell]);
    await scheduler.tick();
    expect(await scheduler.unsubscribe('shell:local', 'daily')).toBe(true);
    expect(await scheduler.unsubscribe('shell:local', 'daily')).toBe(false);
    clock.set(SH('2025-06-01', '10:00'));
    await scheduler.subscribe(request({ time: '10:30' }));
    await tickEveryMinute(scheduler, clock, SH('2025-06-01', '10:00'), SH('2025-06-01', '11:00'));
    expect(shell.calls).toHaveLength(1);
  });

  it('a subscription made after its time today starts tomorrow (no surprise catch-up post)', async () => {
    const shell = fakeAdapter('shell');
    clock.set(SH('2025-06-01', '15:00'));
    const { scheduler } = await boot([shell]);
    const made = await scheduler.subscribe(request());
    expect(made.ok && made.value.nextAt).toBe(new Date(SH('2025-06-02', '09:00')).toISOString());
    expect(await scheduler.dueNow()).toEqual([]);
    await scheduler.tick();
    expect(shell.calls).toHaveLength(0);
  });
});

describe('killed between claim and post', () => {
  it('is not re-posted after a restart; once stale it is reported as uncertain, once', async () => {
    await subscribeDaily();
    // The first process claims, calls the adapter, and dies before the adapter answers.
    const dying = fakeAdapter('shell', () => new Promise(() => undefined));
    clock.set(SH('2025-06-01', '09:00'));
    const first = await boot([dying]);
    void first.scheduler.tick();
    await expect.poll(() => dying.calls.length).toBe(1);
    first.store.close();

    const shell = fakeAdapter('shell');
    clock.set(SH('2025-06-01', '09:02'));
    const second = (await boot([shell])).scheduler;
    expect(await second.tick()).toMatchObject({ posted: [], uncertain: [] });
    expect((await second.listAll())[0]?.lastPost?.status).toBe('claimed');

    clock.set(SH('2025-06-01', '09:11'));
    const report = await second.tick();
    expect(report.uncertain).toMatchObject([{ channel: 'shell:local', localDate: '2025-06-01' }]);
    expect((await second.listAll())[0]?.lastPost).toMatchObject({
      status: 'uncertain',
      error: expect.stringMatching(/not re-posted/),
    });
    clock.set(SH('2025-06-01', '09:12'));
    expect((await second.tick()).uncertain).toEqual([]);
    expect(shell.calls).toHaveLength(0);

    clock.set(SH('2025-06-02', '09:00'));
    expect((await second.tick()).posted).toHaveLength(1);
  });
});

describe('subscriptions', () => {
  let scheduler: Scheduler;
  beforeEach(async () => {
    scheduler = (await boot([], { defaultTimeZone: 'Europe/London' })).scheduler;
  });

  it('refuses a bad zone, time or days with a bilingual reason', async () => {
    for (const bad of [
      { timezone: 'Mars/Base' },
      { time: '25:00' },
      { time: 'noon' },
      { days: [] },
      { days: [7] },
    ]) {
      const r = await scheduler.subscribe(request(bad));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatchObject({ zh: expect.any(String), en: expect.any(String) });
    }
    expect(await scheduler.list('shell:local')).toEqual([]);
  });

  it('uses the default zone when none is given and lists the next post', async () => {
    const r = await scheduler.subscribe(request({ timezone: '', time: '7:30' }));
    expect(r.ok && r.value).toMatchObject({ timezone: 'Europe/London', time: '07:30', kind: 'daily' });
    expect((await scheduler.list('shell:local'))[0]?.nextAt).toBe('2025-06-01T06:30:00.000Z');
    expect(await scheduler.list('slack:T9:C9')).toEqual([]);
  });
});

describe('rotation and quote of the day', () => {
  it('todayQuoteId is the quote the daily post then shows, before and after it posts', async () => {
    await subscribeDaily();
    const shell = fakeAdapter('shell');
    clock.set(SH('2025-06-01', '08:00'));
    const { scheduler } = await boot([shell]);
    const promised = await scheduler.todayQuoteId('shell:local');
    expect(promised).toBeDefined();
    clock.set(SH('2025-06-01', '09:00'));
    expect(await scheduler.dueNow()).toMatchObject([{ action: 'post', quoteId: promised, adapter: 'ready' }]);
    await scheduler.tick();
    expect(quoteIdOf(shell.posted[0]!.reply)).toBe(promised);
    clock.set(SH('2025-06-01', '23:00'));
    expect(await scheduler.todayQuoteId('shell:local')).toBe(promised);
    expect(await scheduler.todayQuoteId('slack:T1:C1')).toBeUndefined();
  });

  it('deals no repeat until the deck is used up, across restarts, then a fresh cycle', async () => {
    await subscribeDaily();
    const shell = fakeAdapter('shell');
    for (let day = 1; day <= 12; day++) {
      clock.set(new Date(Date.parse(SH('2025-06-01', '09:00')) + (day - 1) * 86_400_000));
      const { scheduler, store } = await boot([shell]); // a new process every day
      const expected = await scheduler.todayQuoteId('shell:local');
      await scheduler.tick();
      expect(quoteIdOf(shell.posted.at(-1)!.reply)).toBe(expected);
      await store.close();
    }
    const ids = shell.posted.map((p) => quoteIdOf(p.reply));
    expect(new Set(ids.slice(0, 6)).size).toBe(6);
    expect(new Set(ids.slice(6, 12)).size).toBe(6);
    expect(ids.every((id) => ['q1', 'q2', 'q3', 'q4', 'q5', 'q6'].includes(id!))).toBe(true);
    expect(ids[6]).not.toBe(ids[5]);
  });

  it('keeps no repeat within a cycle when quotes are added or removed', async () => {
    await subscribeDaily();
    const shell = fakeAdapter('shell');
    const base = fixtureCorpus();
    const grown = fixtureCorpus([...base.quotes, { ...base.quotes[0]!, id: 'q7' }]);
    const shrunk = fixtureCorpus(grown.quotes.filter((q) => q.id !== 'q2'));
    const corpora = [base, base, base, grown, grown, shrunk, shrunk];
    for (const [i, corpus] of corpora.entries()) {
      clock.set(new Date(Date.parse(SH('2025-06-01', '09:00')) + i * 86_400_000));
      const { store, scheduler } = await boot([shell], { corpus });
      await scheduler.tick();
      await store.close();
    }
    const ids = shell.posted.map((p) => quoteIdOf(p.reply));
    expect(ids).toHaveLength(7);
    expect(new Set(ids.slice(0, 6)).size).toBe(ids.slice(0, 6).length);
    expect(ids.slice(5)).not.toContain('q2');
  });

  it('a weekly discussion posts only on its weekday, with a prompt quote and its question', async () => {
    const { scheduler: s0 } = await boot();
    expect((await s0.subscribe(request({ kind: 'discuss', time: '10:00', days: [1] }))).ok).toBe(true);
    const shell = fakeAdapter('shell');
    const { scheduler } = await boot([shell]);
    const postedOn: string[] = [];
    for (let day = 0; day < 14; day++) {
      clock.set(new Date(Date.parse(SH('2025-06-01', '10:00')) + day * 86_400_000));
      const report = await scheduler.tick();
      postedOn.push(...report.posted.map((p) => p.localDate));
    }
    expect(postedOn).toEqual(['2025-06-02', '2025-06-09']);
    for (const { reply } of shell.posted) {
      expect(reply.kind).toBe('discussion');
      if (reply.kind === 'discussion') {
        expect(['q4', 'q5', 'q6', 'p1']).toContain(reply.quote.id);
        expect(reply.prompt.en).toBe(`Discuss ${reply.quote.id}?`);
      }
    }
    expect(await scheduler.todayQuoteId('shell:local')).toBeUndefined(); // no daily subscription
  });
});
