import type { Bilingual, Quote, Topic } from './schema.js';
import { TOPIC_LABELS, TOPICS } from './schema.js';
import { hashSeed, seededShuffle } from '../seeded.js';

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
  const order = seededShuffle(
    Array.from({ length: pool.length }, (_, i) => i),
    hashSeed(`${channel}\n${cycle}`),
  );
  return pool[order[day - cycle * pool.length] as number] as Quote;
}

/** Days since 1970-01-01 for YYYY-MM-DD; any other string still maps to a stable day. */
function dayNumber(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  return Number.isFinite(ms) && ms >= 0 ? Math.floor(ms / 86_400_000) : hashSeed(date);
}
