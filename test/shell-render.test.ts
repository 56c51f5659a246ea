import { commandMarker } from '../src/bot/syntax.js';
import { describe, expect, it } from 'vitest';
import { attributionLine, displayWidth, renderReply, wrap } from '../adapters/shell/index.js';
import type { Reply } from '../src/bot/reply.js';
import { toQuoteView } from '../src/bot/view.js';
import { FIXTURE_QUOTES, fixtureCorpus } from './bot-fixture.js';

/** Whether text holds a C0 control other than a line break, DEL, or a C1 control. */
const hasControl = (text: string): boolean =>
  [...text].some((c) => {
    const cp = c.codePointAt(0) ?? 0;
    return (cp < 0x20 && cp !== 0x0a) || (cp >= 0x7f && cp <= 0x9f);
  });

const corpus = fixtureCorpus();
const view = toQuoteView(FIXTURE_QUOTES[0]!, corpus);

describe('terminal width', () => {
  it('counts CJK and full-width characters as two columns', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('贫穷')).toBe(4);
    expect(displayWidth('ＡＢ')).toBe(4);
    expect(displayWidth('e\u0301')).toBe(1);
  });

  it('wraps Chinese between characters and English between words, within the width', () => {
    const zh =
      '大模型未来会成为某种基础设施,中国企业,尤其中小企业未来一定会用大模型。谁来做?这里就存在一个创业机会。';
    const lines = wrap(zh, 20);
    expect(lines.join('')).toBe(zh);
    for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(20);
    const en =
      'Large models will become a kind of infrastructure in the future, and someone has to build it.';
    const enLines = wrap(en, 24);
    expect(enLines.join(' ')).toBe(en);
    for (const l of enLines) expect(displayWidth(l)).toBeLessThanOrEqual(24);
  });

  it('never starts a line with closing punctuation', () => {
    const lines = wrap('一二三四五六七八九,十一二三四五六七八九。', 18);
    for (const l of lines) expect(l).not.toMatch(/^[,。,]/);
  });

  it('keeps Latin words inside Chinese whole, and lets a long URL overflow rather than cut it', () => {
    const lines = wrap('我们当时用 Transformer 做编码、解码', 14);
    expect(lines.some((l) => l.includes('Transformer'))).toBe(true);
    const url = 'https://example.com/a/very/long/path/that/does/not/fit';
    expect(wrap(`see ${url}`, 20)).toEqual(['see', url]);
  });
});

describe('renderReply', () => {
  it('writes the attribution line as `— 周明 Zhou Ming, 晚点 LatePost, 2023-04 <url>`', () => {
    expect(attributionLine(view.attribution)).toBe(
      '— 周明 Zhou Ming, 晚点 LatePost, 2023-04 https://example.com/latepost-zhou-ming',
    );
  });

  it('shows only the channel language', () => {
    const reply = (lang: 'zh' | 'en' | 'both'): Reply => ({ kind: 'quote', quote: view, lang, actions: [] });
    const zh = renderReply(reply('zh'), { width: 100 });
    const en = renderReply(reply('en'), { width: 100 });
    const both = renderReply(reply('both'), { width: 100 });
    expect(zh).toContain(view.text);
    expect(zh).not.toContain(view.en);
    expect(en).toContain(view.en);
    expect(en).not.toContain(view.text);
    expect(both.indexOf(view.text)).toBeLessThan(both.indexOf(view.en));
  });

  it('renders every reply kind as plain text without markup', () => {
    const replies: Reply[] = [
      {
        kind: 'no-match',
        query: '<!channel>',
        message: { zh: '没有', en: 'None' },
        suggestedTopics: ['agi'],
        actions: [],
      },
      { kind: 'topics', topics: [{ id: 'agi', label: { zh: '通用人工智能', en: 'AGI' }, count: 3 }] },
      { kind: 'help', entries: [{ usage: '/quote', summary: { zh: '随机', en: 'Random' } }] },
      { kind: 'subscriptions', subscriptions: [], message: { zh: '无', en: 'None' } },
      { kind: 'notice', level: 'error', message: { zh: '错', en: 'Wrong' } },
      {
        kind: 'context',
        quote: view,
        lang: 'both',
        question: view.question,
        answer: ['a', view.text],
        actions: [],
      },
      { kind: 'discussion', quote: view, lang: 'en', prompt: { zh: '问', en: 'Ask' }, actions: [] },
    ];
    for (const r of replies) {
      const text = renderReply(r, { width: 60 });
      expect(text.length).toBeGreaterThan(0);
      expect(text).not.toMatch(/\*\*|<b>/);
      expect(text).not.toContain('\u001b[');
    }
    expect(renderReply(replies[4]!, { width: 60 })).toBe('✗ 错\n✗ Wrong');
    expect(renderReply(replies[5]!, { width: 60 })).toMatch(/^» 贫穷限制了我们的想象力$/m);
  });
});

describe('renderReply: review fixes', () => {
  it('suggests `/quote discuss <topic>` after a failed discuss, `/quote topic <topic>` otherwise', () => {
    const noMatch = (suggestCommand?: 'topic' | 'discuss'): Reply => ({
      kind: 'no-match',
      query: 'xyzzy',
      message: { zh: '没有', en: 'None' },
      suggestedTopics: ['agi', 'startup'],
      ...(suggestCommand ? { suggestCommand } : {}),
      actions: [],
    });
    const discuss = renderReply(noMatch('discuss'), { width: 80 });
    expect(discuss).toMatch(/^ {2}\/quote discuss agi +通用人工智能 AGI$/m);
    expect(discuss).toContain('/quote discuss startup');
    expect(discuss).not.toContain('/quote topic');
    expect(renderReply(noMatch(), { width: 80 })).toContain('/quote topic agi');
    expect(renderReply(noMatch('topic'), { width: 80 })).toContain('/quote topic startup');
  });

  it('never prints a control character or escape sequence, whatever text a reply carries', () => {
    const evil = 'x\u001b[2J\u001b]0;pwned\u0007\u009b31m\u0000\u0008\u007f\ty';
    const replies: Reply[] = [
      {
        kind: 'no-match',
        query: evil,
        message: { zh: evil, en: evil },
        suggestedTopics: [evil],
        actions: [],
      },
      { kind: 'help', entries: [{ usage: evil, summary: { zh: evil, en: evil } }] },
      {
        kind: 'notice',
        level: 'warning',
        message: {
          zh: `${evil} ${commandMarker(0)}`,
          en: `${evil} ${commandMarker(0)}`,
          refs: [{ run: { name: 'search', query: evil } }],
        },
      },
      { kind: 'notice', level: 'warning', message: { zh: evil, en: evil } },
      { kind: 'quote', quote: { ...view, text: evil, en: evil }, lang: 'both', note: evil, actions: [] },
      {
        kind: 'context',
        quote: view,
        lang: 'both',
        question: { zh: evil, en: evil },
        answer: [evil],
        actions: [],
      },
    ];
    for (const r of replies) {
      const text = renderReply(r, { width: 60 });
      expect(hasControl(text)).toBe(false);
      expect(text).not.toContain('pwned');
      expect(text).toMatch(/x y/);
    }
  });
});

describe('renderReply: subscription status', () => {
  it('shows when the latest post did not arrive cleanly', () => {
    const out = renderReply(
      {
        kind: 'subscriptions',
        subscriptions: [
          {
            id: 3,
            kind: 'daily',
            time: '09:00',
            timezone: 'Asia/Shanghai',
            days: [0, 1, 2, 3, 4, 5, 6],
            lang: 'both',
            nextAt: '2025-06-02T01:00:00.000Z',
            lastProblem: '2025-06-01: may not have arrived (not resent, to avoid a duplicate)',
          },
        ],
      },
      { width: 100 },
    );
    expect(out).toContain('last post 2025-06-01: may not have arrived');
  });
});
