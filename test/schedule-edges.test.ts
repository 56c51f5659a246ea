// What the scheduler does at the edges of a day's post: a retry that outlived its window, a quote that left the
// corpus under a claimed post, an empty deck, a refused subscription. Real SQLite file, fake adapters.
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../src/log.js';
import { err, ok } from '../src/result.js';
import { createScheduler } from '../src/schedule/index.js';
import type { Store } from '../src/store/index.js';
import {
  SH,
  fakeAdapter,
  fixtureCorpus,
  fixtureQuote,
  quoteIdOf,
  request,
  useSchedulerFixture,
} from './schedule-helpers.js';

const { clock, boot, subscribeDaily } = useSchedulerFixture();

describe('a pending retry past the missed window', () => {
  it('gives up once, with the last error, instead of posting hours late; the next day posts', async () => {
    await subscribeDaily();
    const shell = fakeAdapter('shell', (_c, _r, call) =>
      call === 1 ? err({ kind: 'transient', reason: 'shell 503' }) : ok({ messageId: `m${call}` }),
    );
    const { scheduler, store } = await boot([shell]);
    clock.set(SH('2025-06-01', '09:00'));
    expect((await scheduler.tick()).failed).toMatchObject([{ attempt: 1, retryAt: expect.any(String) }]);
    // The bot was down from 09:01 until after the 6-hour window: the retry must not go out at 15:30.
    clock.set(SH('2025-06-01', '15:30'));
    const late = await scheduler.tick();
    expect(late.posted).toEqual([]);
    expect(late.failed).toMatchObject([
      { localDate: '2025-06-01', attempt: 1, reason: 'shell 503; gave up: past the missed window' },
    ]);
    expect(late.failed[0]?.retryAt).toBeUndefined();
    expect(shell.calls).toHaveLength(1);
    const sub = (await store.listSubscriptions())[0]!;
    expect(await store.pendingRetries(sub.id)).toEqual([]);
    // Given up is settled: a later tick reports nothing more for that day.
    clock.set(SH('2025-06-01', '15:31'));
    expect((await scheduler.tick()).failed).toEqual([]);
    clock.set(SH('2025-06-02', '09:00'));
    expect((await scheduler.tick()).posted).toMatchObject([{ localDate: '2025-06-02' }]);
    expect(shell.calls).toHaveLength(2);
  });
});

describe('a claimed post whose quote left the corpus', () => {
  it('fails that day with the reason, pauses nothing, and the next day posts from the new corpus', async () => {
    await subscribeDaily();
    const first = fakeAdapter('shell', () => err({ kind: 'transient', reason: 'shell 503' }));
    const { scheduler: before } = await boot([first]);
    clock.set(SH('2025-06-01', '09:00'));
    await before.tick();
    const claimedQuote = quoteIdOf(first.calls[0]!.reply)!;
    // Restarted with an edited corpus that no longer has the claimed quote.
    const corpus = fixtureCorpus(
      ['q1', 'q2', 'q3', 'q4', 'q5', 'q6'].filter((id) => id !== claimedQuote).map((id) => fixtureQuote(id)),
    );
    const shell = fakeAdapter('shell');
    const { scheduler } = await boot([shell], { corpus });
    clock.set(SH('2025-06-01', '09:01'));
    const report = await scheduler.tick();
    expect(report.failed).toMatchObject([
      {
        localDate: '2025-06-01',
        quoteId: claimedQuote,
        attempt: 2,
        reason: `quote ${claimedQuote} is no longer in the corpus`,
      },
    ]);
    expect(report.failed[0]?.retryAt).toBeUndefined();
    expect(shell.calls).toEqual([]);
    expect((await scheduler.list('shell:local'))[0]?.pausedReason).toBeUndefined();
    clock.set(SH('2025-06-02', '09:00'));
    expect((await scheduler.tick()).posted).toHaveLength(1);
    expect(quoteIdOf(shell.calls[0]!.reply)).not.toBe(claimedQuote);
  });
});

describe('an empty deck', () => {
  it('posts nothing, says why, and leaves the day unclaimed so quotes added later still post it', async () => {
    const corpus = fixtureCorpus([fixtureQuote('q1')]); // no discussion prompts at all
    const { scheduler: setup } = await boot([], { corpus });
    expect((await setup.subscribe(request({ kind: 'discuss' }))).ok).toBe(true);
    const shell = fakeAdapter('shell');
    const { scheduler, store } = await boot([shell], { corpus });
    clock.set(SH('2025-06-01', '09:00'));
    const report = await scheduler.tick();
    expect(report.skipped).toMatchObject([{ kind: 'discuss', reason: 'no prompt quotes to post' }]);
    expect(shell.calls).toEqual([]);
    const sub = (await store.listSubscriptions())[0]!;
    expect(await store.getPost(sub.id, '2025-06-01')).toBeUndefined();
    const { scheduler: restocked } = await boot([shell], {
      corpus: fixtureCorpus([fixtureQuote('q1'), fixtureQuote('p1', { prompt: true })]),
    });
    clock.set(SH('2025-06-01', '09:01'));
    expect((await restocked.tick()).posted).toMatchObject([{ kind: 'discuss', quoteId: 'p1' }]);
  });
});

describe('subscribe refuses', () => {
  it('an unknown language and an empty channel, saying what to give in both languages', async () => {
    const { scheduler, store } = await boot();
    const lang = await scheduler.subscribe(request({ lang: 'fr' as never }));
    expect(lang).toEqual({
      ok: false,
      error: { zh: '语言只能是 zh、en 或 both。', en: 'Language must be zh, en or both.' },
    });
    const channel = await scheduler.subscribe(request({ channel: '  ' }));
    expect(channel).toEqual({ ok: false, error: { zh: '缺少频道。', en: 'No channel given.' } });
    expect(await store.listSubscriptions()).toEqual([]);
  });
});

describe('status after a failed day', () => {
  it("says which day failed and the platform's reason", async () => {
    await subscribeDaily();
    const shell = fakeAdapter('shell', () => err({ kind: 'rejected', reason: 'shell message too long' }));
    const { scheduler } = await boot([shell]);
    clock.set(SH('2025-06-01', '09:00'));
    await scheduler.tick();
    expect((await scheduler.list('shell:local'))[0]?.lastProblem).toBe(
      '2025-06-01: failed (shell message too long)',
    );
  });
});

describe('the dry run', () => {
  it('shows nothing due for a paused subscription', async () => {
    await subscribeDaily();
    const shell = fakeAdapter('shell', () => err({ kind: 'permanent', reason: 'shell gone' }));
    const { scheduler } = await boot([shell]);
    clock.set(SH('2025-06-01', '09:00'));
    expect((await scheduler.tick()).paused).toHaveLength(1);
    clock.set(SH('2025-06-02', '09:00'));
    expect(await scheduler.dueNow()).toEqual([]);
  });
});

describe('a post whose outcome cannot be recorded', () => {
  it('is reported and stays claimed (never sent twice); the other channels still post', async () => {
    await subscribeDaily({ channel: 'shell:local' });
    await subscribeDaily({ channel: 'shell:other' });
    const { store } = await boot();
    // The database refuses the first "posted" record (a full disk, say); everything else works.
    let refused: number | undefined;
    const failing: Store = Object.assign(Object.create(store) as Store, {
      write: <T>(fn: (tx: Store) => Promise<T>) =>
        store.write((tx) =>
          fn(
            Object.assign(Object.create(tx) as Store, {
              markPosted: async (...args: Parameters<Store['markPosted']>) => {
                refused ??= args[0];
                if (args[0] === refused) throw new Error('database or disk is full');
                return tx.markPosted(...args);
              },
            }),
          ),
        ),
    });
    const shell = fakeAdapter('shell');
    const scheduler = createScheduler({
      store: failing,
      corpus: fixtureCorpus(),
      clock,
      logger: silentLogger,
      adapterFor: () => shell,
      defaultTimeZone: 'Asia/Shanghai',
      missedWindowHours: 6,
    });
    clock.set(SH('2025-06-01', '09:00'));
    const report = await scheduler.tick();
    expect(shell.calls).toHaveLength(2);
    expect(report.posted).toHaveLength(1);
    expect(report.skipped).toMatchObject([{ localDate: '2025-06-01', reason: 'database or disk is full' }]);
    const unrecorded = report.skipped[0]!.channel;
    const sub = (await store.listSubscriptions()).find((s) => s.channel === unrecorded)!;
    expect(await store.getPost(sub.id, '2025-06-01')).toMatchObject({ status: 'claimed' });
    clock.set(SH('2025-06-01', '09:01'));
    await scheduler.tick();
    expect(shell.calls).toHaveLength(2);
  });
});
