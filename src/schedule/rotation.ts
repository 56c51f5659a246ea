import type { Quote } from '../quotes/schema.js';
import type { Deck, RotationState } from '../store/types.js';
import type { SubscriptionKind } from '../bot/command.js';

/** Which deck a kind of post draws from. */
export const deckFor = (kind: SubscriptionKind): Deck => (kind === 'daily' ? 'insight' : 'prompt');

/** Ids of the quotes in a deck, sorted so the order never depends on file order. */
export function deckIds(quotes: readonly Quote[], deck: Deck): string[] {
  return quotes
    .filter((q) => (deck === 'insight' ? q.insight : q.prompt !== undefined))
    .map((q) => q.id)
    .sort();
}

/** FNV-1a: a stable 32-bit seed from a string. */
function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: small deterministic PRNG in [0, 1). */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The channel's shuffled order of `ids` for one cycle; the same inputs always give the same order. */
export function deckOrder(ids: readonly string[], channel: string, deck: Deck, cycle: number): string[] {
  const order = [...ids].sort();
  const random = prng(seedOf(`${channel}|${deck}|${cycle}`));
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j] as string, order[i] as string];
  }
  return order;
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
