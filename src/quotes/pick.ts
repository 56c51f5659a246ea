import type { Bilingual, Quote, Topic } from './schema.js';
import { TOPIC_LABELS, TOPICS } from './schema.js';

/** A uniformly chosen quote among those passing `filter`; undefined when none does. `random` returns [0, 1). */
export function randomQuote(
  quotes: readonly Quote[],
  random: () => number,
  filter?: (quote: Quote) => boolean,
): Quote | undefined {
  const pool = filter ? quotes.filter(filter) : quotes;
  if (pool.length === 0) return undefined;
  const index = Math.min(pool.length - 1, Math.max(0, Math.floor(random() * pool.length)));
  return pool[index];
}

/** Topics that have quotes, in vocabulary order, with their labels and how many quotes carry each. */
export function topicCounts(quotes: readonly Quote[]): { id: Topic; label: Bilingual; count: number }[] {
  const counts = new Map<Topic, number>();
  for (const q of quotes) for (const t of new Set(q.topics)) counts.set(t, (counts.get(t) ?? 0) + 1);
  return TOPICS.filter((t) => counts.has(t)).map((id) => ({
    id,
    label: { ...TOPIC_LABELS[id] },
    count: counts.get(id) ?? 0,
  }));
}

/**
 * The quote of the day for a channel: the same for the same (channel, date) and corpus order, different channels
 * get different sequences, and within each run of N days (N = insight quotes) no quote repeats. Uses insight
 * quotes, or every quote when there are none. Throws only on an empty list (a caller bug: check first).
 */
export function quoteOfTheDay(quotes: readonly Quote[], channel: string, date: string): Quote {
  const insights = quotes.filter((q) => q.insight);
  const pool = insights.length > 0 ? insights : quotes;
  if (pool.length === 0) throw new RangeError('quoteOfTheDay needs at least one quote');
  const day = dayNumber(date);
  const cycle = Math.floor(day / pool.length);
  const order = shuffledIndexes(pool.length, hash32(`${channel}\n${cycle}`));
  return pool[order[day - cycle * pool.length] as number] as Quote;
}

/** Days since 1970-01-01 for YYYY-MM-DD; any other string still maps to a stable day. */
function dayNumber(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  return Number.isFinite(ms) && ms >= 0 ? Math.floor(ms / 86_400_000) : hash32(date);
}

/** 0..n-1 in an order fixed by the seed (Fisher-Yates over mulberry32). */
function shuffledIndexes(n: number, seed: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  let state = seed;
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  return order;
}

/** FNV-1a over UTF-16 code units: small, stable across runs and platforms. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
