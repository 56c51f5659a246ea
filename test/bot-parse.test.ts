import { textCommand } from '../src/bot/syntax.js';
import { describe, expect, it } from 'vitest';
import { parseCommand, parseInput } from '../src/bot/parse.js';
import { normalizeInput, stripControls } from '../src/bot/text.js';
import { parseDays, parseTime, canonicalTimeZone } from '../src/bot/time.js';
import type { Command } from '../src/bot/command.js';

const p = (text: string): Command => parseCommand(text);

describe('parseCommand: the leading /quote is optional', () => {
  it.each(['', '/quote', 'quote', '  /quote  ', 'QUOTE', '／ｑｕｏｔｅ'])(
    '%j is a random insight',
    (text) => {
      expect(p(text)).toEqual({ name: 'random' });
    },
  );

  it.each(['/quote 贫穷', 'quote 贫穷', '贫穷', '  贫穷  '])('%j searches 贫穷', (text) => {
    expect(p(text)).toEqual({ name: 'search', query: '贫穷' });
  });

  it('does not strip a word that only starts with quote', () => {
    expect(p('quotes about AI')).toEqual({ name: 'search', query: 'quotes about AI' });
  });
});

describe('parseCommand: odd typing', () => {
  it('strips curly and straight quotes around a query', () => {
    expect(p('/quote “贫穷”')).toEqual({ name: 'search', query: '贫穷' });
    expect(p('/quote "AI 人才"')).toEqual({ name: 'search', query: 'AI 人才' });
    expect(p('/quote 「想象力」')).toEqual({ name: 'search', query: '想象力' });
    expect(p('/quote topic ‘agi’')).toEqual({ name: 'topic', topic: 'agi' });
  });

  it('reads full-width letters and the ideographic space (NFKC)', () => {
    expect(p('／ｑｕｏｔｅ　ｔｏｐｉｃ　ＡＧＩ')).toEqual({ name: 'topic', topic: 'AGI' });
    expect(p('ｄａｉｌｙ　９：００')).toEqual({ name: 'subscribe', kind: 'daily', time: '09:00' });
  });

  it('ignores case in subcommands and collapses extra white space', () => {
    expect(p('/QUOTE Topic AGI')).toEqual({ name: 'topic', topic: 'AGI' });
    expect(p('  /quote \t  topic     self  supervised  ')).toEqual({
      name: 'topic',
      topic: 'self supervised',
    });
    expect(p('HELP')).toEqual({ name: 'help' });
  });

  it('never throws, whatever comes in', () => {
    const odd = [
      '\u0000',
      '\u200b',
      '|||',
      '/quote /quote',
      '😀'.repeat(300),
      'a'.repeat(5000),
      '\ud800',
      'daily ::',
    ];
    for (const text of odd) expect(() => p(text)).not.toThrow();
    for (let i = 0; i < 300; i++) {
      const text = Array.from({ length: i % 40 }, (_, j) =>
        String.fromCharCode(((i * 7919 + j * 104729) % 0x3000) + 1),
      ).join('');
      expect(() => p(text)).not.toThrow();
    }
  });
});

describe('parseCommand: subcommands', () => {
  it('reads topic, topics, today, id, context and help', () => {
    expect(p('/quote topic 自监督学习')).toEqual({ name: 'topic', topic: '自监督学习' });
    expect(p('/quote topic')).toEqual({ name: 'topics' });
    expect(p('/quote topics')).toEqual({ name: 'topics' });
    expect(p('/quote today')).toEqual({ name: 'today' });
    expect(p('/quote id Company-Must-Survive')).toEqual({ name: 'id', id: 'company-must-survive' });
    expect(p('/quote context llms-infrastructure')).toEqual({ name: 'context', id: 'llms-infrastructure' });
    expect(p('/quote help')).toEqual({ name: 'help' });
    expect(p('帮助')).toEqual({ name: 'help' });
  });

  it('reads random and an explicit search, so a query may start with a subcommand word', () => {
    expect(p('random')).toEqual({ name: 'random' });
    expect(p('search today')).toEqual({ name: 'search', query: 'today' });
    expect(p('search')).toEqual({ name: 'random' });
  });

  it('asks for the id when id or context has none', () => {
    const c = p('/quote context');
    expect(c).toMatchObject({ name: 'invalid', usage: 'context' });
    expect(p('/quote id')).toMatchObject({ name: 'invalid', usage: 'id' });
  });

  it('reads discuss with and without a query', () => {
    expect(p('/quote discuss')).toEqual({ name: 'discuss' });
    expect(p('/quote discuss 2B 与 2C')).toEqual({ name: 'discuss', query: '2B 与 2C' });
  });

  it('reads lang in any spelling and refuses an unknown one', () => {
    expect(p('/quote lang')).toEqual({ name: 'lang' });
    expect(p('/quote lang EN')).toEqual({ name: 'lang', lang: 'en' });
    expect(p('/quote lang 中文')).toEqual({ name: 'lang', lang: 'zh' });
    expect(p('/quote lang both')).toEqual({ name: 'lang', lang: 'both' });
    const bad = p('/quote lang klingon');
    expect(bad).toMatchObject({ name: 'invalid', usage: 'lang' });
    expect(bad.name === 'invalid' && bad.message.en).toContain('klingon');
  });
});

describe('parseCommand: daily subscriptions', () => {
  it.each([
    ['daily 9:00', '09:00'],
    ['daily 09:00', '09:00'],
    ['daily 0900', '09:00'],
    ['daily 900', '09:00'],
    ['daily ９：００', '09:00'],
    ['daily 9', '09:00'],
    ['daily 6:30pm', '18:30'],
    ['daily 12am', '00:00'],
    ['daily 9点半', '09:30'],
    ['daily 23:59', '23:59'],
  ])('%j posts at %s', (text, time) => {
    expect(p(text)).toEqual({ name: 'subscribe', kind: 'daily', time });
  });

  it('takes a zone (any case) and a language in any order', () => {
    expect(p('/quote daily 09:00 asia/shanghai en')).toEqual({
      name: 'subscribe',
      kind: 'daily',
      time: '09:00',
      timezone: 'Asia/Shanghai',
      lang: 'en',
    });
    expect(p('/quote daily zh Europe/London 7:15')).toEqual({
      name: 'subscribe',
      kind: 'daily',
      time: '07:15',
      timezone: 'Europe/London',
      lang: 'zh',
    });
    expect(p('/quote daily set 9:00 UTC')).toMatchObject({ time: '09:00', timezone: 'UTC' });
    expect(p('/quote daily 9:00 weekdays')).toMatchObject({ days: [1, 2, 3, 4, 5] });
  });

  it('reads off, stop, status, and bare daily as status', () => {
    expect(p('/quote daily off')).toEqual({ name: 'unsubscribe', kind: 'daily' });
    expect(p('/quote daily STOP')).toEqual({ name: 'unsubscribe', kind: 'daily' });
    expect(p('/quote daily status')).toEqual({ name: 'status' });
    expect(p('/quote daily')).toEqual({ name: 'status' });
  });

  it.each([
    ['daily 25:00', 'HH:MM'],
    ['daily 9:75', 'HH:MM'],
    ['daily 13pm', 'HH:MM'],
    ['daily 9:0', 'HH:MM'],
    ['daily 9:00 Mars/Olympus', 'Mars/Olympus'],
    ['daily 9:00 +08:00', 'Asia/Shanghai'],
    ['daily Asia/Shanghai', 'Give a time'],
    ['daily 9:00 10:00', 'one time'],
    ['daily 9:00 UTC Asia/Tokyo', 'Asia/Tokyo'],
  ])('%j is a clear error mentioning %j', (text, words) => {
    const c = p(text);
    expect(c.name).toBe('invalid');
    if (c.name !== 'invalid') return;
    expect(c.message.en).toContain(words);
    expect(c.message.zh.length).toBeGreaterThan(0);
    expect(c.usage).toBe('daily');
  });
});

describe('parseCommand: weekly discussion', () => {
  it('defaults the day (the scheduler uses Monday) and reads English and Chinese days', () => {
    expect(p('/quote discuss weekly 10:00')).toEqual({ name: 'subscribe', kind: 'discuss', time: '10:00' });
    expect(p('/quote discuss weekly mon 10:00')).toEqual({
      name: 'subscribe',
      kind: 'discuss',
      time: '10:00',
      days: [1],
    });
    expect(p('/quote discuss weekly 周三 9:30 Asia/Shanghai')).toEqual({
      name: 'subscribe',
      kind: 'discuss',
      time: '09:30',
      timezone: 'Asia/Shanghai',
      days: [3],
    });
    expect(p('discuss weekly 星期五 0900 europe/london')).toMatchObject({
      days: [5],
      timezone: 'Europe/London',
    });
    expect(p('discuss weekly Sunday 8:00')).toMatchObject({ days: [0] });
    expect(p('discuss weekly mon,thu 8:00')).toMatchObject({ days: [1, 4] });
  });

  it('reads weekly off and status', () => {
    expect(p('/quote discuss weekly off')).toEqual({ name: 'unsubscribe', kind: 'discuss' });
    expect(p('/quote discuss weekly stop')).toEqual({ name: 'unsubscribe', kind: 'discuss' });
    expect(p('/quote discuss weekly status')).toEqual({ name: 'status' });
  });

  it('refuses a bad day-and-time line with the weekly usage', () => {
    const c = p('/quote discuss weekly mon 10:00 someday');
    expect(c).toMatchObject({ name: 'invalid', usage: 'weekly' });
  });
});

describe('parseCommand: typos of subcommands', () => {
  it.each([
    ['tpoic agi', 'tpoic', { run: { name: 'topic', topic: 'agi' } }],
    ['topc agi', 'topc', { run: { name: 'topic', topic: 'agi' } }],
    ['hepl', 'hepl', { run: { name: 'help' } }],
    ['/quote todya', 'todya', { run: { name: 'today' } }],
    ['dialy 9:00', 'dialy', { run: { name: 'subscribe', kind: 'daily', time: '09:00' } }],
    ['lnag en', 'lnag', { run: { name: 'lang', lang: 'en' } }],
    ['contxet llms-infrastructure', 'contxet', { run: { name: 'context', id: 'llms-infrastructure' } }],
    ['contxt llms-infrastructure', 'contxt', { run: { name: 'context', id: 'llms-infrastructure' } }],
    ['contxt', 'contxt', { usage: 'context' }],
    ['dairy', 'dairy', { run: { name: 'status' } }],
    ['Discus', 'Discus', { run: { name: 'discuss' } }],
  ])('%j is a typo offering the whole corrected line', (text, unknown, suggestion) => {
    expect(p(text)).toEqual({ name: 'typo', unknown, suggestion });
  });

  it.each(['贫穷', 'AI 人才', 'ai', 'agi', 'gpt', 'openai', 'transformer', 'poverty', 'data', 'cost'])(
    '%j is a search, not a typo',
    (text) => {
      expect(p(text).name).toBe('search');
    },
  );

  it.each([
    ['content moderation', 'content', 'context', { usage: 'context' }],
    ['dairy farming', 'dairy', 'daily', { usage: 'daily' }],
    ['helps startups', 'helps', 'help', { usage: 'help' }],
    ['contxet foo', 'contxet', 'context', { usage: 'context' }],
  ])(
    '%j is a search that keeps the typo for when nothing matches',
    (text, unknown, didYouMean, suggestion) => {
      expect(parseInput(text)).toEqual({
        command: { name: 'search', query: text },
        typo: { unknown, didYouMean, suggestion },
      });
    },
  );

  it('takes an id after a near-miss of context as a typo only when it is a quote id', () => {
    const isQuoteId = (id: string): boolean => id === 'company-must-survive';
    expect(parseCommand('contxet Company-Must-Survive', { isQuoteId })).toMatchObject({ name: 'typo' });
    expect(parseCommand('contxet self-supervised', { isQuoteId })).toMatchObject({ name: 'search' });
  });

  it('lets the corpus vouch for a real search word that looks like a typo', () => {
    expect(p('long')).toMatchObject({ name: 'typo', suggestion: { run: { name: 'lang' } } });
    expect(parseCommand('long', { isSearchTerm: (w) => w === 'long' })).toEqual({
      name: 'search',
      query: 'long',
    });
  });
});

describe('normalizeInput and stripControls: nothing typed reaches a terminal as a control', () => {
  it.each([
    ['an SGR colour', '\u001b[31mred\u001b[0m', 'red'],
    ['a one-byte CSI', '\u009b2Jred', 'red'],
    ['a window title (OSC ... BEL)', '\u001b]0;pwned\u0007red', 'red'],
    ['an OSC ended by ST', '\u001b]8;;https://x.example\u001b\\red', 'red'],
    ['a two-byte escape', '\u001bcred', 'red'],
    ['NUL, BEL, DEL and C1', 're\u0000\u0007d\u007f\u0090', 'red'],
    ['tabs and line breaks, as spaces', 'a\tb\r\nc\u0085d', 'a b c d'],
  ])('normalizeInput removes %s', (_, text, expected) => {
    expect(normalizeInput(text)).toBe(expected);
  });

  it('stripControls leaves printable text alone, CJK and emoji included', () => {
    const text = '贫穷 limits “imagination” 😀 — 2023-04 ｘ';
    expect(stripControls(text)).toBe(text);
    expect(stripControls('\u001b[1;31m')).toBe('');
  });

  it('a line of only zero-width or control characters is not taken for an empty line', () => {
    for (const text of ['\u200b\u200b', '/quote \u200b', '\u001b[31m', 'search \u0001']) {
      expect(parseCommand(text).name).toBe('search');
    }
    expect(parseCommand('   ')).toEqual({ name: 'random' });
    expect(parseCommand('search')).toEqual({ name: 'random' });
  });
});

describe('time helpers', () => {
  it('parseTime refuses what is not a time', () => {
    expect(parseTime('24:00').ok).toBe(false);
    expect(parseTime('noon').ok).toBe(false);
    expect(parseTime('0:00')).toEqual({ ok: true, value: '00:00' });
  });

  it('canonicalTimeZone fixes case and refuses unknown zones', () => {
    expect(canonicalTimeZone('america/new_york')).toEqual({ ok: true, value: 'America/New_York' });
    expect(canonicalTimeZone('Nowhere/City').ok).toBe(false);
    expect(canonicalTimeZone('').ok).toBe(false);
  });

  it('parseDays reads lists, ranges and Chinese names', () => {
    expect(parseDays('mon-fri')).toEqual([1, 2, 3, 4, 5]);
    expect(parseDays('fri-mon')).toEqual([0, 1, 5, 6]);
    expect(parseDays('周一、周三')).toEqual([1, 3]);
    expect(parseDays('礼拜天')).toEqual([0]);
    expect(parseDays('someday')).toBeUndefined();
  });
});

describe('commands named in messages', () => {
  it.each<Command>([
    { name: 'random' },
    { name: 'search', query: '贫穷' },
    { name: 'search', query: 'topic modelling' },
    { name: 'topic', topic: 'agi' },
    { name: 'topics' },
    { name: 'today' },
    { name: 'id', id: 'poverty-limits-imagination' },
    { name: 'context', id: 'poverty-limits-imagination' },
    { name: 'discuss', query: 'agi' },
    { name: 'lang', lang: 'en' },
    { name: 'subscribe', kind: 'daily', time: '09:00' },
    { name: 'subscribe', kind: 'daily', time: '09:00', timezone: 'Europe/London', days: [1, 5], lang: 'zh' },
    { name: 'subscribe', kind: 'discuss', time: '10:00', timezone: 'Asia/Tokyo', days: [5] },
    { name: 'unsubscribe', kind: 'daily' },
    { name: 'unsubscribe', kind: 'discuss' },
    { name: 'status' },
    { name: 'help' },
  ])('are spelled so that typing them back runs them: %j', (command) => {
    expect(parseCommand(textCommand(command))).toEqual(command);
  });
});
