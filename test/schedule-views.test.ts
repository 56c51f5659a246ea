// What a channel is told about its subscription (`/quote subscribe` and `/quote status`): the first post held back
// by the 20-hour gap after a move, the last day's problem, a dry run over an empty deck, and the two decks of one
// channel keeping out of each other's way.
import { describe, expect, it } from 'vitest';
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

/** Subscribes shell:local daily 09:00 Shanghai and posts June 1 at 09:00 (01:00Z). */
async function postedAtNine(missedWindowHours = 6) {
  await subscribeDaily();
  const shell = fakeAdapter('shell');
  const { scheduler } = await boot([shell], { missedWindowHours });
  clock.set(SH('2025-06-01', '09:00'));
  expect((await scheduler.tick()).posted).toHaveLength(1);
  clock.set(SH('2025-06-01', '09:30'));
  return scheduler;
}

describe("moving a subscription after today's post", () => {
  it('says which post the 20-hour gap holds back, and when the last post was', async () => {
    const scheduler = await postedAtNine();
    // 20:00 in Los Angeles on May 31 is 03:00Z on June 1, two hours after the post: held back to June 1 there.
    const moved = await scheduler.subscribe(request({ timezone: 'America/Los_Angeles', time: '20:00' }));
    expect(moved.ok && moved.value.nextAt).toBe('2025-06-02T03:00:00.000Z');
    expect(moved.ok && moved.value.heldBack).toEqual({
      skipped: '2025-06-01T03:00:00.000Z',
      lastPost: '2025-06-01T01:00:00.000Z',
      gapHours: 20,
    });
  });

  it("says nothing is held back when the new time's first post is at the end of the gap anyway", async () => {
    const scheduler = await postedAtNine(1);
    // 05:00 in Shanghai on June 2 is 21:00Z on June 1: exactly 20 hours after the 09:00 post.
    const moved = await scheduler.subscribe(request({ time: '05:00' }));
    expect(moved.ok && moved.value.nextAt).toBe('2025-06-01T21:00:00.000Z');
    expect(moved.ok && moved.value.heldBack).toBeUndefined();
  });

  it('a first subscription is never "held back"', async () => {
    const { scheduler } = await boot();
    clock.set(SH('2025-06-01', '08:00'));
    const made = await scheduler.subscribe(request());
    expect(made.ok && made.value.nextAt).toBe(new Date(SH('2025-06-01', '09:00')).toISOString());
    expect(made.ok && made.value.heldBack).toBeUndefined();
  });
});

describe('the last problem in status', () => {
  it('is absent after a good post, and names the day and the error after a failed one', async () => {
    await subscribeDaily();
    const shell = fakeAdapter('shell', (_c, _r, call) =>
      call === 1
        ? { ok: true, value: { messageId: 'm1' } }
        : { ok: false, error: { kind: 'rejected', reason: 'too long' } },
    );
    const { scheduler } = await boot([shell]);
    clock.set(SH('2025-06-01', '09:00'));
    await scheduler.tick();
    const [good] = await scheduler.list('shell:local');
    expect(good).not.toHaveProperty('lastProblem');
    clock.set(SH('2025-06-02', '09:00'));
    await scheduler.tick();
    expect((await scheduler.list('shell:local'))[0]?.lastProblem).toBe('2025-06-02: failed (too long)');
  });
});

describe('an empty deck', () => {
  it('the dry run still lists the due discussion, without a quote; the real run says the deck is empty', async () => {
    const corpus = fixtureCorpus([fixtureQuote('q1')]); // no quote has a discussion prompt
    await subscribeDaily({ kind: 'discuss' });
    const shell = fakeAdapter('shell');
    const { scheduler } = await boot([shell], { corpus });
    clock.set(SH('2025-06-01', '09:00'));
    const due = await scheduler.dueNow();
    expect(due.map((d) => [d.action, d.kind, d.quoteId])).toEqual([['post', 'discuss', undefined]]);
    expect((await scheduler.tick()).skipped).toMatchObject([{ reason: 'no prompt quotes to post' }]);
    expect(shell.calls).toEqual([]);
  });
});

describe('one channel, both decks', () => {
  // "a" is in both decks, "b" only daily, "p" only a prompt: whichever deck posts "a" first, the other deck must not
  // post it the same day (it has another quote to show). Several channels: each shuffles its decks its own way.
  const corpus = () =>
    fixtureCorpus([
      fixtureQuote('a', { prompt: true }),
      fixtureQuote('b'),
      fixtureQuote('p', { insight: false, prompt: true }),
    ]);
  const channels = ['shell:local', ...Array.from({ length: 23 }, (_, i) => `shell:c${i + 2}`)];

  it.each([
    ['the discussion posts first, the daily post avoids its quote', '09:00', '10:00'],
    ['the daily post goes first, the discussion avoids its quote', '10:00', '09:00'],
  ])('%s', async (_what, discussAt, dailyAt) => {
    for (const channel of channels) {
      await subscribeDaily({ channel, kind: 'discuss', time: discussAt });
      await subscribeDaily({ channel, kind: 'daily', time: dailyAt });
    }
    const shell = fakeAdapter('shell');
    const { scheduler } = await boot([shell], { corpus: corpus() });
    for (const at of ['09:00', '10:00']) {
      clock.set(SH('2025-06-01', at));
      await scheduler.tick();
    }
    for (const channel of channels) {
      const shown = shell.posted.filter((p) => p.channel === channel).map((p) => quoteIdOf(p.reply));
      expect(shown).toHaveLength(2);
      expect(new Set(shown).size).toBe(shown.length);
    }
  });
});
