import { describe, expect, it } from 'vitest';
import { createCustomIdCodec } from '../adapters/discord/custom-id.js';
import { embedLength, renderReply, threadName, type DiscordMessage } from '../adapters/discord/render.js';
import { clip, splitText } from '../adapters/discord/text.js';
import type { Action, QuoteView, Reply } from '../src/bot/reply.js';
import { LONG_ANSWER, QUOTES } from './fakes/discord-bot.js';
import { createSpecValidator } from './fakes/discord-spec.js';

const codec = createCustomIdCodec();
const quote = QUOTES[0] as QuoteView;
const actions: Action[] = [
  { kind: 'another', label: { zh: '换一条', en: 'Another' }, payload: 'n|1|poverty' },
  { kind: 'share', label: { zh: '分享', en: 'Share' }, payload: `s|${quote.id}` },
  { kind: 'context', label: { zh: '上下文', en: 'Context' }, payload: `c|${quote.id}` },
];
const render = (reply: Reply, ephemeral = true, lang: 'zh' | 'en' | 'both' = 'both') =>
  renderReply(reply, { lang, ephemeral, customId: codec.encode });
const labels = (m: DiscordMessage) => m.components.flatMap((r) => r.components.map((c) => c.label));

/** Discord's per-message limits, all of them. */
function expectWithinLimits(messages: DiscordMessage[]) {
  for (const m of messages) {
    expect(m.embeds.length).toBeLessThanOrEqual(10);
    expect(m.embeds.reduce((n, e) => n + embedLength(e), 0)).toBeLessThanOrEqual(6000);
    for (const e of m.embeds) {
      expect(e.title?.length ?? 0).toBeLessThanOrEqual(256);
      expect(e.description?.length ?? 0).toBeLessThanOrEqual(4096);
      expect(e.footer?.text.length ?? 0).toBeLessThanOrEqual(2048);
      expect(e.fields?.length ?? 0).toBeLessThanOrEqual(25);
      for (const f of e.fields ?? []) {
        expect(f.name.length).toBeLessThanOrEqual(256);
        expect(f.value.length).toBeLessThanOrEqual(1024);
      }
    }
    for (const b of m.components.flatMap((r) => r.components)) {
      expect(b.custom_id.length).toBeLessThanOrEqual(100);
      expect(b.label?.length ?? 0).toBeLessThanOrEqual(80);
    }
    expect(m.allowed_mentions).toEqual({ parse: [] });
  }
}

describe('renderReply', () => {
  it('renders a quote as one embed: quote, translation, question, attribution, source link', () => {
    const [m, ...rest] = render({ kind: 'quote', quote, lang: 'both', note: 'Match 1 of 3', actions });
    expect(rest).toEqual([]);
    const [e] = m.embeds;
    expect(e?.description).toBe('贫穷限制了我们的想象力\n\n*Poverty limited our imagination.*');
    expect(e?.url).toBe(quote.attribution.url);
    expect(e?.author?.name).toBe('Match 1 of 3');
    expect(e?.fields).toEqual([
      { name: '问题 · Question', value: `${quote.question?.zh}\n${quote.question?.en}` },
    ]);
    expect(e?.footer?.text).toBe(`— 周明 Zhou Ming · 晚点 LatePost · 2023-04 · ${quote.id}`);
    expect(labels(m)).toEqual(['换一条 · Another', '分享 · Share', '上下文 · Context']);
  });

  it('drops Share from public messages', () => {
    const [m] = render({ kind: 'quote', quote, lang: 'both', actions }, false);
    expect(labels(m)).toEqual(['换一条 · Another', '上下文 · Context']);
  });

  it('shows one language when the channel asks for it', () => {
    const [zh] = render({ kind: 'quote', quote, lang: 'zh', actions });
    expect(zh.embeds[0]?.description).toBe(quote.text);
    expect(JSON.stringify(zh)).not.toContain('Poverty');
    expect(labels(zh)).toEqual(['换一条', '分享', '上下文']);
    const [en] = render({ kind: 'quote', quote, lang: 'en', actions });
    expect(en.embeds[0]?.description).toBe('Poverty limited our imagination.');
    expect(en.embeds[0]?.fields?.[0]?.name).toBe('Question');
  });

  it('keeps absurdly long content within every limit', () => {
    const huge: QuoteView = {
      ...quote,
      text: '长'.repeat(5000),
      en: 'long '.repeat(2000),
      question: { zh: '问'.repeat(3000), en: 'q'.repeat(3000) },
      attribution: { ...quote.attribution, title: { zh: '题'.repeat(400), en: 't'.repeat(400) } },
    };
    const many: Action[] = Array.from({ length: 30 }, (_, i) => ({
      kind: 'another',
      label: { zh: '很长的标签'.repeat(30), en: 'x' },
      payload: `n|${i}|${'q'.repeat(88)}`,
    }));
    const messages = render({
      kind: 'discussion',
      quote: huge,
      lang: 'both',
      prompt: huge.question ?? { zh: '', en: '' },
      actions: many,
    });
    expectWithinLimits(messages);
    expect(messages[0]?.components.length).toBeLessThanOrEqual(5);
  });

  it('splits a long context answer cleanly across embeds and messages, keeping every paragraph', () => {
    const reply: Reply = {
      kind: 'context',
      quote: { ...quote, text: '大模型的落地需要耐心' },
      lang: 'both',
      question: { zh: '怎么落地?', en: 'How to deploy?' },
      answer: LONG_ANSWER,
      actions,
    };
    const messages = render(reply);
    expect(messages.length).toBeGreaterThan(1);
    expectWithinLimits(messages);
    const descriptions = messages.flatMap((m) => m.embeds.map((e) => e.description ?? ''));
    for (const d of descriptions) expect(d.endsWith('。')).toBe(true); // cut between sentences only
    const joined = descriptions.join('').replaceAll('**', '');
    for (const paragraph of LONG_ANSWER) expect(joined).toContain(paragraph.slice(0, 200));
    expect(descriptions[0]).toContain('**大模型的落地需要耐心**');
    expect(messages.slice(0, -1).every((m) => m.components.length === 0)).toBe(true);
    expect(messages.at(-1)?.components.length).toBe(1);
  });

  it('renders no-match with the query escaped and quoted, and topic suggestions', () => {
    const [m] = render(
      {
        kind: 'no-match',
        query: '@everyone **bold** <@123>',
        message: { zh: '没有找到。', en: 'Nothing found.' },
        suggestedTopics: ['agi', 'cost'],
        actions: [],
      },
      true,
      'en',
    );
    const e = m.embeds[0];
    expect(e?.description).toContain('\\*\\*bold\\*\\*');
    expect(e?.fields?.[0]?.value).toBe('AGI (`agi`) · Cost (`cost`)');
    expect(m).not.toHaveProperty('content');
  });

  it('renders subscriptions with local times as Discord timestamps and pause reasons', () => {
    const [m] = render(
      {
        kind: 'subscriptions',
        subscriptions: [
          {
            id: 1,
            kind: 'daily',
            time: '09:00',
            timezone: 'Asia/Shanghai',
            days: [0, 1, 2, 3, 4, 5, 6],
            lang: 'zh',
            nextAt: '2026-01-02T01:00:00Z',
          },
          {
            id: 2,
            kind: 'discuss',
            time: '10:00',
            timezone: 'UTC',
            days: [1, 3],
            lang: 'en',
            pausedReason: 'discord 404 Unknown Channel',
          },
        ],
      },
      true,
      'en',
    );
    const fields = m.embeds[0]?.fields ?? [];
    expect(fields[0]).toEqual({
      name: 'Daily insight 09:00 Asia/Shanghai',
      value: 'every day · zh\nNext: <t:1767315600:F> (<t:1767315600:R>)',
    });
    expect(fields[1]?.value).toBe('Mon Wed · en\n⏸ Paused: discord 404 Unknown Channel');
    const [empty] = render({ kind: 'subscriptions', subscriptions: [] }, true, 'zh');
    expect(empty.embeds[0]?.description).toBe('本频道还没有订阅。');
  });

  it("renders notices, help and topics in the asker's language", () => {
    const [notice] = render(
      { kind: 'notice', level: 'error', message: { zh: '不行。', en: 'No.' } },
      true,
      'zh',
    );
    expect(notice.embeds[0]?.description).toBe('不行。');
    const [help] = render(
      { kind: 'help', entries: [{ usage: '/quote', summary: { zh: '随机', en: 'Random' } }] },
      true,
      'en',
    );
    expect(help.embeds[0]?.fields).toEqual([{ name: '/quote', value: 'Random' }]);
    const [topics] = render(
      { kind: 'topics', topics: [{ id: 'agi', label: { zh: '通用人工智能', en: 'AGI' }, count: 7 }] },
      true,
      'both',
    );
    expect(topics.embeds[0]?.description).toBe('**通用人工智能 AGI** `agi` (7)');
  });

  it('every rendered body is one Discord accepts', () => {
    const validator = createSpecValidator();
    const replies: Reply[] = [
      { kind: 'quote', quote, lang: 'both', actions },
      { kind: 'context', quote, lang: 'en', question: quote.question, answer: LONG_ANSWER, actions },
      { kind: 'no-match', query: 'x', message: { zh: '无', en: 'none' }, suggestedTopics: [], actions: [] },
    ];
    for (const reply of replies)
      for (const body of render(reply, false))
        expect(validator.check('POST', '/channels/1/messages', body).errors).toEqual([]);
  });

  it('names discussion threads within 100 characters', () => {
    expect(threadName({ zh: '问'.repeat(300), en: 'x' }, 'both')).toHaveLength(100);
    expect(threadName({ zh: '问', en: 'Why?' }, 'en')).toBe('Why?');
  });
});

describe('custom ids', () => {
  it('carry the action kind and payload, and stay within 100 characters even for long payloads', () => {
    const c = createCustomIdCodec(2);
    expect(c.encode({ kind: 'share', payload: 's|abc' })).toBe('mg:s:s|abc');
    expect(c.decode('mg:s:s|abc')).toEqual({ status: 'ok', kind: 'share', payload: 's|abc' });
    const long = `n|0|${'長'.repeat(120)}`;
    const id = c.encode({ kind: 'another', payload: long });
    expect(id.length).toBeLessThanOrEqual(100);
    expect(c.decode(id)).toEqual({ status: 'ok', kind: 'another', payload: long });
    c.encode({ kind: 'another', payload: `${long}1` });
    c.encode({ kind: 'another', payload: `${long}2` }); // evicts the first: the map is bounded
    expect(c.decode(id)).toEqual({ status: 'expired', kind: 'another' });
    expect(c.decode('someone-elses-button')).toEqual({ status: 'foreign' });
  });
});

describe('text helpers', () => {
  it('clip never splits a surrogate pair and marks the cut', () => {
    expect(clip('😀😀😀', 4)).toBe('😀…');
    expect(clip('short', 10)).toBe('short');
  });

  it('splitText prefers paragraph, then sentence boundaries', () => {
    expect(splitText(['一。二。', '三。'], 100)).toEqual(['一。二。\n\n三。']);
    expect(splitText(['一二三。四五六。七八九。'], 8)).toEqual(['一二三。四五六。', '七八九。']);
    expect(splitText(['一二三四五六七八九十'], 4)).toEqual(['一二三四', '五六七八', '九十']);
  });
});
