import { describe, expect, it } from 'vitest';
import { quoteOfTheDay, randomQuote, topicCounts } from '../src/quotes/pick.js';
import type { Quote, Topic } from '../src/quotes/schema.js';

const make = (id: string, topics: Topic[], insight = false): Quote => ({
  id,
  sourceId: 's',
  section: '01',
  text: id,
  en: id,
  question: { zh: '问', en: 'q' },
  topics,
  keywords: { zh: [], en: [] },
  insight,
});

const quotes = [
  make('a', ['data', 'cost'], true),
  make('b', ['data']),
  make('c', ['agi'], true),
  make('d', ['cost', 'cost'], true),
  make('e', ['talent']),
];
const days = (from: string, n: number): string[] =>
  Array.from({ length: n }, (_, i) => new Date(Date.parse(from) + i * 86_400_000).toISOString().slice(0, 10));

describe('randomQuote', () => {
  it('maps the random number onto the pool, ends included', () => {
    expect(randomQuote(quotes, () => 0)?.id).toBe('a');
    expect(randomQuote(quotes, () => 0.999999)?.id).toBe('e');
    expect(randomQuote(quotes, () => 1)?.id).toBe('e');
  });

  it('draws only from quotes passing the filter, and undefined when none does', () => {
    expect(
      randomQuote(
        quotes,
        () => 0.99,
        (q) => q.topics.includes('data'),
      )?.id,
    ).toBe('b');
    expect(
      randomQuote(
        quotes,
        () => 0.5,
        (q) => q.topics.includes('china'),
      ),
    ).toBeUndefined();
    expect(randomQuote([], () => 0.5)).toBeUndefined();
  });
});

describe('topicCounts', () => {
  it('counts each quote once per topic, lists only used topics in vocabulary order, with labels', () => {
    expect(topicCounts(quotes)).toEqual([
      { id: 'talent', label: { zh: '人才', en: 'Talent' }, count: 1 },
      { id: 'agi', label: { zh: '通用人工智能', en: 'AGI' }, count: 1 },
      { id: 'cost', label: { zh: '成本', en: 'Cost' }, count: 2 },
      { id: 'data', label: { zh: '数据', en: 'Data' }, count: 2 },
    ]);
  });
});

describe('quoteOfTheDay', () => {
  it('is the same for the same channel and date', () => {
    expect(quoteOfTheDay(quotes, 'slack:T1:C1', '2024-03-05')).toBe(
      quoteOfTheDay([...quotes], 'slack:T1:C1', '2024-03-05'),
    );
  });

  it('picks only insight quotes', () => {
    const picked = new Set(days('2024-01-01', 60).map((d) => quoteOfTheDay(quotes, 'shell:local', d).id));
    expect([...picked].sort()).toEqual(['a', 'c', 'd']);
  });

  it('does not repeat a quote within each run of as many days as there are insights', () => {
    const many = Array.from({ length: 7 }, (_, i) => make(`q${i}`, ['data'], true));
    const dates = days('2024-01-01', 70);
    const start = dates.findIndex((d) => Math.floor(Date.parse(d) / 86_400_000) % 7 === 0);
    for (let i = start; i + 7 <= dates.length; i += 7) {
      const week = dates.slice(i, i + 7).map((d) => quoteOfTheDay(many, 'discord:G:C', d).id);
      expect(new Set(week).size).toBe(7);
    }
  });

  it('gives different channels different sequences', () => {
    const many = Array.from({ length: 20 }, (_, i) => make(`q${i}`, ['data'], true));
    const seq = (channel: string): string[] =>
      days('2024-05-01', 20).map((d) => quoteOfTheDay(many, channel, d).id);
    expect(seq('slack:T1:C1')).not.toEqual(seq('slack:T1:C2'));
  });

  it('falls back to every quote when none is an insight, and refuses an empty list', () => {
    const plain = [make('x', ['data']), make('y', ['data'])];
    expect(['x', 'y']).toContain(quoteOfTheDay(plain, 'c', '2024-01-01').id);
    expect(() => quoteOfTheDay([], 'c', '2024-01-01')).toThrow(
      new RangeError('quoteOfTheDay needs at least one quote'),
    );
  });

  it('still answers deterministically for a malformed date', () => {
    expect(quoteOfTheDay(quotes, 'c', 'not a date').id).toBe(quoteOfTheDay(quotes, 'c', 'not a date').id);
  });
});
