// Daily subscriptions that chose cards: the post carries the day's card; a card that cannot be drawn never
// costs the channel its post.
import { describe, expect, it } from 'vitest';
import type { Reply } from '../src/bot/reply.js';
import type { CardOptions, CardRenderer } from '../src/card/index.js';
import { SH, fakeAdapter, tickEveryMinute, useSchedulerFixture } from './schedule-helpers.js';

const { clock, boot, subscribeDaily } = useSchedulerFixture();

function fakeCards(fail = false): CardRenderer & { calls: (CardOptions | undefined)[] } {
  const calls: (CardOptions | undefined)[] = [];
  return {
    calls,
    async render(view, options) {
      calls.push(options);
      if (fail) throw new Error('no fonts');
      return {
        png: Buffer.from('png'),
        width: 1200,
        height: 675,
        quoteId: view.id,
        layout: 'landscape',
        theme: 'light',
        lang: options?.lang ?? 'both',
        filename: `mingyan-${view.id}.png`,
        alt: view.text,
      };
    },
    layout: () => Promise.reject(new Error('not used')),
  };
}

const cardOf = (reply: Reply | undefined) => (reply?.kind === 'quote' ? reply.card : undefined);

describe('card subscriptions', () => {
  it('post the day as a card in the subscription language', async () => {
    await subscribeDaily({ card: true, lang: 'zh' });
    const shell = fakeAdapter('shell');
    const cards = fakeCards();
    const { scheduler } = await boot([shell], { cards });
    expect((await scheduler.list('shell:local'))[0]?.card).toBe(true);
    await tickEveryMinute(scheduler, clock, SH('2025-06-01', '09:00'), SH('2025-06-01', '09:02'));
    expect(shell.posted).toHaveLength(1);
    expect(cardOf(shell.posted[0]?.reply)?.filename).toMatch(/^mingyan-.+\.png$/);
    expect(cards.calls).toEqual([{ lang: 'zh' }]);
  });

  it('post text when the subscription did not choose cards', async () => {
    await subscribeDaily();
    const shell = fakeAdapter('shell');
    const cards = fakeCards();
    const { scheduler } = await boot([shell], { cards });
    await tickEveryMinute(scheduler, clock, SH('2025-06-01', '09:00'), SH('2025-06-01', '09:02'));
    expect(shell.posted).toHaveLength(1);
    expect(cardOf(shell.posted[0]?.reply)).toBeUndefined();
    expect(cards.calls).toEqual([]);
  });

  it('post the text when the card cannot be drawn', async () => {
    await subscribeDaily({ card: true });
    const shell = fakeAdapter('shell');
    const { scheduler } = await boot([shell], { cards: fakeCards(true) });
    await tickEveryMinute(scheduler, clock, SH('2025-06-01', '09:00'), SH('2025-06-01', '09:02'));
    expect(shell.posted).toHaveLength(1);
    expect(shell.posted[0]?.reply.kind).toBe('quote');
    expect(cardOf(shell.posted[0]?.reply)).toBeUndefined();
  });
});
