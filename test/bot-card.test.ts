import { describe, expect, it } from 'vitest';
import { createBot } from '../src/bot/bot.js';
import { parseCommand } from '../src/bot/parse.js';
import type { QuoteView, Reply } from '../src/bot/reply.js';
import type { BotDeps } from '../src/bot/types.js';
import type { CardOptions, CardRenderer } from '../src/card/index.js';
import {
  FIXTURE_QUOTES,
  MANAGER,
  fakeSubscriptions,
  fixtureCorpus,
  mapSettings,
  stubSearch,
} from './bot-fixture.js';

/** A renderer that records what it was asked to draw and returns a tiny fake PNG. */
function fakeCards(fail = false): CardRenderer & { calls: { id: string; options?: CardOptions }[] } {
  const calls: { id: string; options?: CardOptions }[] = [];
  return {
    calls,
    async render(view: QuoteView, options?: CardOptions) {
      calls.push({ id: view.id, options });
      if (fail) throw new Error('fonts missing');
      return {
        png: Buffer.from('png'),
        width: 1200,
        height: 675,
        quoteId: view.id,
        layout: options?.layout ?? 'landscape',
        theme: options?.theme ?? 'light',
        lang: options?.lang ?? 'both',
        filename: `mingyan-${view.id}.png`,
        alt: view.text,
      };
    },
    layout: () => Promise.reject(new Error('not used')),
  };
}

function setup(extra: Partial<BotDeps> = {}) {
  const bot = createBot({
    corpus: fixtureCorpus(),
    search: stubSearch(),
    settings: mapSettings(),
    random: () => 0,
    ...extra,
  });
  return bot;
}

const asQuote = (reply: Reply): Extract<Reply, { kind: 'quote' }> => {
  expect(reply.kind).toBe('quote');
  return reply as Extract<Reply, { kind: 'quote' }>;
};

describe('/quote card', () => {
  it('parses a query or id with layout and theme words anywhere', () => {
    expect(parseCommand('/quote card')).toEqual({ name: 'card' });
    expect(parseCommand('/quote card 贫穷 portrait dark')).toEqual({
      name: 'card',
      query: '贫穷',
      layout: 'portrait',
      theme: 'dark',
    });
    expect(parseCommand('card square poverty limits')).toEqual({
      name: 'card',
      query: 'poverty limits',
      layout: 'square',
    });
  });

  it('draws the card of a quote by id, in the channel language, with share and context buttons', async () => {
    const cards = fakeCards();
    const bot = setup({ cards });
    const id = FIXTURE_QUOTES[1]!.id;
    const reply = asQuote(await bot.handle(`/quote card ${id} portrait dark`, MANAGER));
    expect(reply.quote.id).toBe(id);
    expect(reply.card).toMatchObject({ filename: `mingyan-${id}.png`, width: 1200, height: 675 });
    expect(Buffer.from(reply.card!.png).toString()).toBe('png');
    expect(cards.calls).toEqual([{ id, options: { layout: 'portrait', theme: 'dark', lang: 'both' } }]);
    expect(reply.actions.map((a) => a.kind)).toEqual(['share', 'context']);
  });

  it('without a query draws a random insight; a search that finds nothing says so without drawing', async () => {
    const cards = fakeCards();
    const bot = setup({ cards });
    expect(asQuote(await bot.handle('/quote card', MANAGER)).card).toBeDefined();
    expect((await bot.handle('/quote card zzzqqqxxx', MANAGER)).kind).toBe('no-match');
    expect(cards.calls).toHaveLength(1);
  });

  it('says cards are off without a renderer, and falls back to text when drawing fails', async () => {
    const off = await setup().handle('/quote card', MANAGER);
    expect(off).toMatchObject({ kind: 'notice', level: 'warning' });
    const failed = asQuote(await setup({ cards: fakeCards(true) }).handle('/quote card', MANAGER));
    expect(failed.card).toBeUndefined();
    expect(failed.note).toContain('card unavailable');
  });

  it('Share attaches the card and the permalink', async () => {
    const cards = fakeCards();
    const bot = setup({ cards, publicUrl: 'https://mingyan.example.com/' });
    const first = asQuote(await bot.handle('/quote', MANAGER));
    expect(first.card).toBeUndefined();
    const share = first.actions.find((a) => a.kind === 'share')!;
    const shared = asQuote(await bot.action(share.payload, MANAGER));
    expect(shared.card?.filename).toBe(`mingyan-${first.quote.id}.png`);
    expect(shared.quote.permalink).toBe(`https://mingyan.example.com/q/${first.quote.id}`);
    expect(cards.calls).toEqual([{ id: first.quote.id, options: { lang: 'both' } }]);
  });
});

describe('daily cards', () => {
  it('parses `card` and `text` on a daily subscription only', () => {
    expect(parseCommand('/quote daily 09:00 Asia/Shanghai card')).toMatchObject({
      name: 'subscribe',
      kind: 'daily',
      time: '09:00',
      timezone: 'Asia/Shanghai',
      card: true,
    });
    expect(parseCommand('/quote daily 09:00 text')).toMatchObject({ name: 'subscribe', card: false });
    expect(parseCommand('/quote daily 09:00')).not.toHaveProperty('card');
    expect(parseCommand('/quote discuss weekly mon 10:00 card').name).toBe('invalid');
  });

  it('a subscription keeps its card choice when only the time changes', async () => {
    const subscriptions = fakeSubscriptions();
    const bot = setup({ subscriptions });
    await bot.handle('/quote daily 09:00 card', MANAGER);
    expect(subscriptions.requests[0]?.card).toBe(true);
    await bot.handle('/quote daily 10:00', MANAGER);
    expect(subscriptions.requests[1]).toMatchObject({ time: '10:00', card: true });
    await bot.handle('/quote daily 10:00 text', MANAGER);
    expect(subscriptions.requests[2]?.card).toBe(false);
  });
});
