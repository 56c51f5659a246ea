import { describe, expect, it } from 'vitest';
import { normalizeText, splitRuns } from '../src/search/normalize.js';
import { hanToSyllables, parsePinyinWord } from '../src/search/pinyin.js';
import { isStopWord, stem } from '../src/search/stem.js';

describe('normalizeText: the one form quotes and queries are compared in', () => {
  it.each([
    ['traditional becomes simplified', '顛覆式創新', '颠覆式创新'],
    ['full-width becomes half-width and lower case', 'ＧＰＴ－４', 'gpt 4'],
    ['punctuation becomes a single space', '公司,要“活下来”!', '公司 要 活下来'],
    ['zero-width characters vanish', 'a\u200bb\ufeffc', 'abc'],
    ['control characters break words', 'a\u0007b\nc', 'a b c'],
    ['tone marks are dropped and ü is written v', 'Gōngsī lǜ', 'gongsi lv'],
    ['emoji vanish', '🤖 AI 🚀', 'ai'],
  ])('%s: %j → %j', (_, input, output) => {
    expect(normalizeText(input)).toBe(output);
  });
});

describe('splitRuns', () => {
  it('separates Chinese runs from words, in order', () => {
    expect(splitRuns('128 块 a100 训练')).toEqual([
      { kind: 'word', text: '128' },
      { kind: 'han', text: '块' },
      { kind: 'word', text: 'a100' },
      { kind: 'han', text: '训练' },
    ]);
  });
});

describe('pinyin', () => {
  it.each([
    ['gongsi', ['gong', 'si']],
    ['xialai', ['xia', 'lai']],
    ['yusuzebuda', ['yu', 'su', 'ze', 'bu', 'da']],
    ['xian', ['xian']],
    ['gong1si1', ['gong', 'si']],
    ['lue', ['lve']],
  ])('%j reads as %j', (word, syllables) => {
    expect(parsePinyinWord(word)).toEqual(syllables);
  });

  it.each(['dfscx', 'company', 'a100', ''])('%j is not pinyin', (word) => {
    expect(parsePinyinWord(word)).toBeUndefined();
  });

  it('reads Chinese in context, one syllable per character', () => {
    expect(hanToSyllables('边炼边用')).toEqual(['bian', 'lian', 'bian', 'yong']);
    expect(hanToSyllables('银行')).toEqual(['yin', 'hang']);
  });
});

describe('English stems and stop words', () => {
  it('brings inflections together', () => {
    expect(stem('innovations')).toBe(stem('innovation'));
    expect(stem('surviving')).toBe(stem('survive'));
    expect(stem('companies')).toBe(stem('company'));
    expect(stem('moores')).toBe(stem('moore'));
  });

  it('knows function words', () => {
    expect(isStopWord('the')).toBe(true);
    expect(isStopWord('model')).toBe(false);
  });
});
