// The daily deck and the weekly prompt deck of one channel, and stored rotation state written under old quote ids.
import { describe, expect, it } from 'vitest';
import type { Corpus } from '../src/quotes/corpus.js';
import type { Quote } from '../src/quotes/schema.js';
import { CROSS_DECK_GAP_DAYS, crossDeckSince, dealNext, otherDeck } from '../src/schedule/rotation.js';
import type { Deck, RotationState } from '../src/store/types.js';
import {
  SH,
  fakeAdapter,
  fixtureCorpus,
  fixtureQuote,
  quoteIdOf,
  request,
  useSchedulerFixture,
} from './schedule-helpers.js';

const { clock, boot } = useSchedulerFixture();

/** What the scheduler does when it deals: read both decks' state, then deal. */
interface RotationReads {
  getRotation(channel: string, deck: Deck): RotationState;
  shownSince(channel: string, deck: Deck, since: Date): string[];
}
const deal = (store: RotationReads, corpus: Corpus, channel: string, deck: Deck, now: Date) =>
  dealNext(
    corpus,
    channel,
    deck,
    store.getRotation(channel, deck),
    store.shownSince(channel, otherDeck(deck), crossDeckSince(now)),
  );
const DAY = 86_400_000;

/** Eight daily quotes, four of them with prompts, and three prompt-only quotes. */
function overlappingDecks(): Corpus {
  return fixtureCorpus([
    ...[1, 2, 3, 4, 5, 6, 7, 8].map((i) => fixtureQuote(`q${i}`, { prompt: i > 4 })),
    ...[1, 2, 3].map((i) => fixtureQuote(`p${i}`, { insight: false, prompt: true })),
  ]);
}

/** A corpus whose quote `into` absorbed `aliases` (as the loader builds it: byId resolves the aliases too). */
function withAliases(quotes: Quote[], into: string, aliases: string[]): Corpus {
  const corpus = fixtureCorpus(quotes);
  const byId = new Map(corpus.byId);
  const target = byId.get(into) as Quote;
  for (const a of aliases) byId.set(a, target);
  return { ...corpus, byId, aliases: new Map(aliases.map((a) => [a, into])) };
}

describe('a channel subscribed to both the daily insight and the weekly prompt', () => {
  it(`never gets the same quote from both within ${CROSS_DECK_GAP_DAYS} days`, async () => {
    const corpus = overlappingDecks();
    const { scheduler: setup } = await boot([], { corpus });
    expect((await setup.subscribe(request({ kind: 'daily', time: '09:00' }))).ok).toBe(true);
    expect((await setup.subscribe(request({ kind: 'discuss', time: '10:00', days: [1, 4] }))).ok).toBe(true);
    const shell = fakeAdapter('shell');
    const { scheduler } = await boot([shell], { corpus });
    const seen: { kind: string; id: string; at: number }[] = [];
    for (let day = 0; day < 120; day++) {
      for (const hhmm of ['09:00', '10:00']) {
        clock.set(new Date(Date.parse(SH('2025-06-01', hhmm)) + day * DAY));
        const report = await scheduler.tick();
        for (const p of report.posted) seen.push({ kind: p.kind, id: p.quoteId, at: clock.now().getTime() });
      }
    }
    const daily = seen.filter((s) => s.kind === 'daily');
    const weekly = seen.filter((s) => s.kind === 'discuss');
    expect(daily).toHaveLength(120);
    expect(weekly.length).toBeGreaterThan(30);
    const clashes = weekly.flatMap((w) =>
      daily
        .filter((d) => d.id === w.id && Math.abs(d.at - w.at) < CROSS_DECK_GAP_DAYS * DAY)
        .map((d) => `${w.id}: weekly ${new Date(w.at).toISOString()}, daily ${new Date(d.at).toISOString()}`),
    );
    expect(clashes).toEqual([]);
    // The daily deck still goes round without repeats inside a cycle of eight.
    const firstCycle = daily.slice(0, 8).map((d) => d.id);
    expect(new Set(firstCycle).size).toBe(8);
    // And what the scheduler promises for today is what it posts.
    expect(shell.posted.every((p) => quoteIdOf(p.reply) !== undefined)).toBe(true);
  });

  it('lets the other deck show a quote again once it is older than the gap', () => {
    const corpus = overlappingDecks();
    const empty: RotationState = { cycle: 0, shown: new Set() };
    const now = new Date('2025-06-01T00:00:00Z');
    const store = (recent: Record<Deck, { id: string; at: Date }[]>) => ({
      getRotation: () => empty,
      shownSince: (_c: string, deck: Deck, since: Date) =>
        recent[deck].filter((r) => r.at >= since).map((r) => r.id),
    });
    // Every prompt quote but p1 was a daily quote yesterday: the weekly deck deals p1.
    const busy = ['q5', 'q6', 'q7', 'q8', 'p2', 'p3'].map((id) => ({
      id,
      at: new Date(now.getTime() - DAY),
    }));
    expect(deal(store({ insight: busy, prompt: [] }), corpus, 'c', 'prompt', now)?.quoteId).toBe('p1');
    // Thirty-one days ago no longer counts.
    const old = busy.map((b) => ({ ...b, at: new Date(now.getTime() - 31 * DAY) }));
    const free = new Set(['q5', 'q6', 'q7', 'q8', 'p1', 'p2', 'p3']);
    const dealt = new Set(
      ['a', 'b', 'c', 'd', 'e', 'f'].map(
        (channel) => deal(store({ insight: old, prompt: [] }), corpus, channel, 'prompt', now)?.quoteId,
      ),
    );
    expect([...dealt].every((id) => free.has(id as string))).toBe(true);
    expect([...dealt].some((id) => id !== 'p1')).toBe(true);
  });
});

describe('when the other deck has shown every card lately', () => {
  it('the weekly prompt still posts (a repeat across decks beats a missing post)', async () => {
    const corpus = fixtureCorpus([fixtureQuote('q1', { prompt: true })]);
    const { scheduler: setup } = await boot([], { corpus });
    expect((await setup.subscribe(request({ kind: 'daily', time: '09:00' }))).ok).toBe(true);
    expect((await setup.subscribe(request({ kind: 'discuss', time: '10:00' }))).ok).toBe(true);
    const shell = fakeAdapter('shell');
    const { scheduler } = await boot([shell], { corpus });
    clock.set(SH('2025-06-01', '09:00'));
    expect((await scheduler.tick()).posted).toMatchObject([{ kind: 'daily', quoteId: 'q1' }]);
    clock.set(SH('2025-06-01', '10:00'));
    expect((await scheduler.tick()).posted).toMatchObject([{ kind: 'discuss', quoteId: 'q1' }]);
  });

  it("a new cycle repeats yesterday's card rather than one the other deck just showed", () => {
    const corpus = fixtureCorpus([
      fixtureQuote('q1', { prompt: true }),
      fixtureQuote('q2', { prompt: true }),
    ]);
    const store = {
      // The prompt deck's cycle is used up, ending on q2; the daily deck showed q1 this week.
      getRotation: (): RotationState => ({ cycle: 1, shown: new Set(['q1', 'q2']), lastShown: 'q2' }),
      shownSince: (_c: string, deck: Deck) => (deck === 'insight' ? ['q1'] : []),
    };
    expect(deal(store, corpus, 'shell:local', 'prompt', new Date())).toEqual({ quoteId: 'q2', cycle: 2 });
  });
});

describe('rotation state stored under a quote id that became an alias', () => {
  it('counts the old id as the quote that absorbed it (no repeat inside the cycle)', () => {
    // Stored before the merge: cycle 1 showed q1 and q2; then q2 was merged into q3.
    const corpus = withAliases([fixtureQuote('q1'), fixtureQuote('q3')], 'q3', ['q2']);
    const stored = {
      getRotation: (): RotationState => ({ cycle: 1, shown: new Set(['q1', 'q2']), lastShown: 'q2' }),
      shownSince: () => [],
    };
    // q3 now holds q2's words: the cycle is used up, a new one starts, and its first card is not "yesterday's" q3.
    expect(deal(stored, corpus, 'shell:local', 'insight', new Date())).toEqual({
      quoteId: 'q1',
      cycle: 2,
    });
  });

  it('keeps the other deck from repeating a quote it saw under its old id', () => {
    const corpus = withAliases(
      [fixtureQuote('q1', { prompt: true }), fixtureQuote('q3', { prompt: true })],
      'q3',
      ['q2'],
    );
    const store = {
      getRotation: (): RotationState => ({ cycle: 0, shown: new Set() }),
      shownSince: (_c: string, deck: Deck) => (deck === 'insight' ? ['q2'] : []),
    };
    for (const channel of ['a', 'b', 'c', 'd', 'e'])
      expect(deal(store, corpus, channel, 'prompt', new Date())?.quoteId).toBe('q1');
  });

  it("shows today's quote by its old id after a restart, and deals on without repeating it", async () => {
    const before = fixtureCorpus([fixtureQuote('old-one'), fixtureQuote('q9')]);
    const { scheduler: setup } = await boot([], { corpus: before });
    expect((await setup.subscribe(request())).ok).toBe(true);
    clock.set(SH('2025-06-01', '09:00'));
    const shell = fakeAdapter('shell');
    const first = await boot([shell], { corpus: before });
    await first.scheduler.tick();
    const shownFirst = quoteIdOf(shell.posted[0]!.reply);
    await first.store.close();
    // The next release merges whichever quote was shown into a new id; the stored rows still say the old one.
    const after = withAliases(
      [fixtureQuote('merged'), fixtureQuote(shownFirst === 'q9' ? 'old-one' : 'q9')],
      'merged',
      [shownFirst!],
    );
    const { scheduler, store } = await boot([shell], { corpus: after });
    expect(await scheduler.todayQuoteId('shell:local')).toBe(shownFirst);
    expect(after.byId.get(shownFirst!)?.id).toBe('merged');
    clock.set(SH('2025-06-02', '09:00'));
    await scheduler.tick();
    // Day two deals the quote not yet shown, not "merged" (it holds day one's words), and that ends the cycle:
    // day three starts cycle 2.
    expect(quoteIdOf(shell.posted[1]!.reply)).not.toBe('merged');
    clock.set(SH('2025-06-03', '09:00'));
    await scheduler.tick();
    expect((await store.getRotation('shell:local', 'insight')).cycle).toBe(2);
  });
});
