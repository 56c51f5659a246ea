import { canonicalId, type Corpus } from '../quotes/corpus.js';
import type { Quote } from '../quotes/schema.js';
import type { Deck, RotationState } from '../store/types.js';
import type { SubscriptionKind } from '../bot/command.js';
import { hashSeed, seededShuffle } from '../seeded.js';

/** Which deck a kind of post draws from. */
export const deckFor = (kind: SubscriptionKind): Deck => (kind === 'daily' ? 'insight' : 'prompt');

/** Ids of the quotes in a deck, sorted so the order never depends on file order. */
export function deckIds(quotes: readonly Quote[], deck: Deck): string[] {
  return quotes
    .filter((q) => (deck === 'insight' ? q.insight : q.prompt !== undefined))
    .map((q) => q.id)
    .sort();
}

/** The channel's shuffled order of `ids` for one cycle; the same inputs always give the same order. */
export function deckOrder(ids: readonly string[], channel: string, deck: Deck, cycle: number): string[] {
  return seededShuffle([...ids].sort(), hashSeed(`${channel}|${deck}|${cycle}`));
}

/** The other deck: a channel with both subscriptions never sees one quote from both within this many days. */
export const CROSS_DECK_GAP_DAYS = 30;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The next card of a channel's deck: the first quote of this cycle's shuffle not yet shown in this cycle and not
 * in `avoid` (what the channel's other deck showed lately). When every current quote has been shown, or what is
 * left of the cycle is all in `avoid`, a new cycle starts (its first card is never yesterday's last). Only when
 * every quote of the deck is in `avoid` is `avoid` ignored (a deck should hold quotes the other deck lacks).
 * Added quotes join the current cycle; removed ones are simply no longer dealt.
 */
export function nextCard(
  ids: readonly string[],
  state: RotationState,
  channel: string,
  deck: Deck,
  avoid: ReadonlySet<string> = new Set(),
): { quoteId: string; cycle: number } | undefined {
  if (ids.length === 0) return undefined;
  const deal = (honour: boolean): { quoteId: string; cycle: number } | undefined => {
    const allowed = (id: string): boolean => !honour || !avoid.has(id);
    if (state.cycle > 0) {
      const order = deckOrder(ids, channel, deck, state.cycle);
      const current = order.find((id) => !state.shown.has(id) && allowed(id));
      if (current !== undefined) return { quoteId: current, cycle: state.cycle };
    }
    const cycle = state.cycle + 1;
    const order = deckOrder(ids, channel, deck, cycle);
    // Not yesterday's last card, unless it is the only one the other deck leaves.
    const quoteId =
      order.find((id) => id !== state.lastShown && allowed(id)) ?? order.find((id) => allowed(id));
    return quoteId === undefined ? undefined : { quoteId, cycle };
  };
  return deal(true) ?? deal(false);
}

/** The deck a channel's other subscription draws from. */
export const otherDeck = (deck: Deck): Deck => (deck === 'insight' ? 'prompt' : 'insight');

/** Since when the other deck's posts are held back from this one: CROSS_DECK_GAP_DAYS before `now`. */
export const crossDeckSince = (now: Date): Date => new Date(now.getTime() - CROSS_DECK_GAP_DAYS * DAY_MS);

/**
 * The card a channel's deck deals now, from its stored rotation state and the quote ids its other deck showed
 * since crossDeckSince(now) (the caller reads both from the store: `getRotation` and `shownSince`). Stored ids are
 * read through the corpus's aliases (a quote merged into another counts as that one, in this deck's history and in
 * the other deck's), and the other deck's recent quotes are held back.
 */
export function dealNext(
  corpus: Pick<Corpus, 'quotes' | 'byId'>,
  channel: string,
  deck: Deck,
  stored: RotationState,
  otherDeckRecent: readonly string[],
): { quoteId: string; cycle: number } | undefined {
  const canon = (id: string): string => canonicalId(corpus, id);
  const state: RotationState = {
    cycle: stored.cycle,
    shown: new Set([...stored.shown].map(canon)),
    ...(stored.lastShown !== undefined ? { lastShown: canon(stored.lastShown) } : {}),
  };
  const avoid = new Set(otherDeckRecent.map(canon));
  return nextCard(deckIds(corpus.quotes, deck), state, channel, deck, avoid);
}
