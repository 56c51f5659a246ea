import { describe, expect, it } from 'vitest';
import { attributionLine, displayWidth, renderReply, wrap } from '../adapters/shell/index.js';
import type { Reply } from '../src/bot/reply.js';
import { toQuoteView } from '../src/bot/view.js';
import { FIXTURE_QUOTES, fixtureCorpus } from './bot-fixture.js';

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
      { kind: 'help', entries: [{ usage: '/quote', summary: { zh: '随机', en: 'Random' } }], unknown: 'x' },
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
