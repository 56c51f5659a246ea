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

/**
 * The next card of a channel's deck: the first quote of this cycle's shuffle not yet shown in this cycle.
 * When every current quote has been shown, a new cycle starts (and its first card is never yesterday's last).
 * Added quotes join the current cycle; removed ones are simply no longer dealt.
 */
export function nextCard(
  ids: readonly string[],
  state: RotationState,
  channel: string,
  deck: Deck,
): { quoteId: string; cycle: number } | undefined {
  if (ids.length === 0) return undefined;
  const current = deckOrder(ids, channel, deck, state.cycle).find((id) => !state.shown.has(id));
  if (current !== undefined && state.cycle > 0) return { quoteId: current, cycle: state.cycle };
  const cycle = state.cycle + 1;
  const order = deckOrder(ids, channel, deck, cycle);
  const first = order[0] as string;
  const quoteId = first === state.lastShown && order.length > 1 ? (order[1] as string) : first;
  return { quoteId, cycle };
}
