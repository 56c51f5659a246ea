import { commandMarker } from '../src/bot/syntax.js';
import { describe, expect, it } from 'vitest';
import { renderReply, type SlackMessage } from '../adapters/slack/render.js';
import { renderHome } from '../adapters/slack/home.js';
import { chunkEscaped, escapeText, SLACK_LIMITS } from '../adapters/slack/text.js';
import { classifyPostError } from '../adapters/slack/errors.js';
import { createRecentSet } from '../adapters/slack/recent.js';
import type { Action, Lang, Reply } from '../src/bot/reply.js';
import { createRealBot, FIXTURE_QUOTE, shippedCorpus } from './fakes/slack-bot.js';

const share: Action = { kind: 'share', label: { zh: '分享', en: 'Share' }, payload: 's|x' };
const another: Action = { kind: 'another', label: { zh: '换一句', en: 'Another' }, payload: 'n|1|x' };
const context: Action = { kind: 'context', label: { zh: '上下文', en: 'Context' }, payload: 'c|x' };

type AnyBlock = {
  type: string;
  text?: { text: string };
  elements?: { text?: unknown; value?: string; action_id?: string }[];
};

/** Every text string inside the message: fallback, section texts, context elements, button labels. */
function texts(message: SlackMessage): string[] {
  const out = [message.text];
  for (const b of message.blocks as AnyBlock[]) {
    if (b.text) out.push(b.text.text);
    for (const e of b.elements ?? []) {
      if (typeof e.text === 'string') out.push(e.text);
      else if (e.text && typeof e.text === 'object') out.push((e.text as { text: string }).text);
    }
  }
  return out;
}

/** Every way the message breaks a Slack limit (empty when it fits). */
function limitViolations(message: SlackMessage, maxBlocks: number = SLACK_LIMITS.messageBlocks): string[] {
  const out: string[] = [];
  if (message.text.length === 0 || message.text.length > SLACK_LIMITS.textObject)
    out.push(`fallback text length ${message.text.length}`);
  if (message.blocks.length > maxBlocks) out.push(`${message.blocks.length} blocks`);
  for (const t of texts(message))
    if (t.length > SLACK_LIMITS.textObject) out.push(`text object of ${t.length}: ${t.slice(0, 40)}`);
  for (const b of message.blocks as AnyBlock[])
    for (const e of b.elements ?? [])
      if (e.value !== undefined && e.value.length > SLACK_LIMITS.buttonValue)
        out.push(`button value ${e.value.length}`);
  return out;
}

const expectWithinLimits = (message: SlackMessage): void => expect(limitViolations(message)).toEqual([]);

const hostile = '<!channel> <!here> <@U123> <https://evil.example|bank> & @everyone @here';
const hostileQuote: Reply = {
  kind: 'quote',
  quote: {
    ...FIXTURE_QUOTE,
    text: hostile,
    en: hostile,
    question: { zh: hostile, en: hostile },
    attribution: { ...FIXTURE_QUOTE.attribution, title: { zh: hostile, en: hostile } },
  },
  lang: 'both',
  note: hostile,
  actions: [share],
};

describe('escaping', () => {
  it('escapes &, <, > and defuses @everyone/@channel/@here', () => {
    expect(escapeText('a & b <!channel> @everyone @Channel')).toBe(
      'a &amp; b &lt;!channel&gt; @\u2060everyone @\u2060Channel',
    );
  });

  it('leaves no live mention or disguised link anywhere in a rendered quote', () => {
    for (const lang of ['zh', 'en', 'both'] as Lang[]) {
      const message = renderReply({ ...hostileQuote, lang } as Reply, lang, { sharedBy: hostile });
      for (const t of texts(message)) {
        expect(t).not.toMatch(/<[!@#]/);
        expect(t).not.toMatch(/@(everyone|here|channel)/i);
        // The only link is the attribution's real source URL.
        for (const m of t.matchAll(/<([^>]*)>/g))
          expect(m[1]).toMatch(/^https:\/\/www\.zhjiashun\.com\/zjsb-12186\.html\|/);
      }
    }
  });

  it('refuses to link a non-http source URL', () => {
    const bad = {
      ...FIXTURE_QUOTE,
      attribution: { ...FIXTURE_QUOTE.attribution, url: 'javascript:alert(1)' },
    };
    const message = renderReply({ kind: 'quote', quote: bad, lang: 'both', actions: [] });
    expect(JSON.stringify(message)).not.toContain('<javascript:');
  });
});

describe('Slack limits', () => {
  it('splits a huge context answer into sections under 3000 characters and at most 50 blocks, then links the source', () => {
    const paragraph = '大模型的机会在于落地,而不是在于参数的多少。'.repeat(150); // ~3300 chars
    const reply: Reply = {
      kind: 'context',
      quote: FIXTURE_QUOTE,
      lang: 'both',
      question: { zh: '问题?', en: 'Question?' },
      answer: Array.from({ length: 60 }, () => paragraph),
      actions: [share, context],
    };
    const message = renderReply(reply, 'both', { mode: 'public', sharedBy: 'Ann' });
    expectWithinLimits(message);
    expect(JSON.stringify(message.blocks.at(-3))).toContain('回答较长,全文见原文');
  });

  it('never cuts an escaped entity in half', () => {
    const chunks = chunkEscaped('&'.repeat(5000), 3000);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) {
      expect(c.length).toBeLessThanOrEqual(3000);
      expect(c).toMatch(/^(&amp;)+$/);
    }
  });

  it('drops a button whose value is over 2000 characters and suffixes repeated kinds', () => {
    const long: Action = { kind: 'random', label: { zh: '随机', en: 'Random' }, payload: 'x'.repeat(2001) };
    const twice: Action = { ...context, payload: 'c|y' };
    const message = renderReply({
      kind: 'quote',
      quote: FIXTURE_QUOTE,
      lang: 'both',
      actions: [long, context, twice],
    });
    const buttons = (message.blocks.at(-1) as AnyBlock).elements ?? [];
    expect(buttons.map((b) => b.action_id)).toEqual(['mingyan_context', 'mingyan_context_2']);
  });

  it('renders every shipped quote, in every language and mode, within limits', async () => {
    const bot = createRealBot();
    const ctx = { channel: 'slack:T1:C1', user: { id: 'U1' }, canManage: true };
    const violations: string[] = [];
    for (const q of shippedCorpus().quotes) {
      for (const reply of [
        await bot.run({ name: 'id', id: q.id }, ctx),
        await bot.run({ name: 'context', id: q.id }, ctx),
      ]) {
        for (const lang of ['zh', 'en', 'both'] as Lang[])
          for (const mode of ['ephemeral', 'public', 'home'] as const)
            for (const v of limitViolations(renderReply({ ...reply, lang } as Reply, lang, { mode })))
              violations.push(`${q.id} ${reply.kind} ${lang} ${mode}: ${v}`);
      }
    }
    expect(shippedCorpus().quotes.length).toBeGreaterThan(50);
    expect(violations).toEqual([]);
  });
});

describe('languages and modes', () => {
  const quote: Reply = {
    kind: 'quote',
    quote: FIXTURE_QUOTE,
    lang: 'both',
    actions: [another, share, context],
  };

  it('shows Chinese with English below for both, one language for zh, English with the original for en', () => {
    const both = JSON.stringify(renderReply(quote).blocks);
    expect(both).toContain(FIXTURE_QUOTE.text);
    expect(both).toContain(FIXTURE_QUOTE.en);
    const zh = JSON.stringify(renderReply({ ...quote, lang: 'zh' }).blocks);
    expect(zh).toContain(FIXTURE_QUOTE.text);
    expect(zh).not.toContain(FIXTURE_QUOTE.en);
    const en = renderReply({ ...quote, lang: 'en' });
    expect((en.blocks[0] as AnyBlock).text?.text).toBe(FIXTURE_QUOTE.en);
    expect(JSON.stringify(en.blocks)).toContain(`原文 ${FIXTURE_QUOTE.text}`);
    expect(en.text).toContain(FIXTURE_QUOTE.en);
  });

  it('keeps share and another only on ephemeral messages, and no buttons at all on App Home', () => {
    const ids = (mode: 'ephemeral' | 'public' | 'home'): unknown[] =>
      (renderReply(quote, 'both', { mode }).blocks as AnyBlock[])
        .filter((b) => b.type === 'actions')
        .flatMap((b) => (b.elements ?? []).map((e) => e.action_id));
    expect(ids('ephemeral')).toEqual(['mingyan_another', 'mingyan_share', 'mingyan_context']);
    expect(ids('public')).toEqual(['mingyan_context']);
    expect(ids('home')).toEqual([]);
  });

  it('always sets fallback text, for every kind of reply', () => {
    const replies: Reply[] = [
      quote,
      {
        kind: 'discussion',
        quote: FIXTURE_QUOTE,
        lang: 'both',
        prompt: { zh: '问?', en: 'Q?' },
        actions: [],
      },
      {
        kind: 'context',
        quote: FIXTURE_QUOTE,
        lang: 'en',
        question: { zh: '问', en: 'Q' },
        answer: ['答'],
        actions: [],
      },
      { kind: 'no-match', query: '', message: { zh: '没有', en: 'None' }, suggestedTopics: [], actions: [] },
      { kind: 'topics', topics: [{ id: 'agi', label: { zh: '通用人工智能', en: 'AGI' }, count: 3 }] },
      { kind: 'help', entries: [{ usage: '/quote <query>', summary: { zh: '搜', en: 'Search' } }] },
      {
        kind: 'notice',
        level: 'warning',
        message: {
          zh: `试试 ${commandMarker(0)}`,
          en: `Try ${commandMarker(0)}`,
          refs: [{ run: { name: 'search', query: '<!here>' } }],
        },
      },
      { kind: 'subscriptions', subscriptions: [] },
      {
        kind: 'subscriptions',
        subscriptions: [
          {
            id: 1,
            kind: 'daily',
            time: '09:00',
            timezone: 'Asia/Shanghai',
            days: [1, 3],
            lang: 'zh',
            pausedReason: 'slack channel_not_found',
          },
        ],
      },
      { kind: 'notice', level: 'warning', message: { zh: '太长', en: 'Too long' } },
    ];
    for (const r of replies) {
      const m = renderReply(r);
      expect(m.text.trim().length).toBeGreaterThan(0);
      expectWithinLimits(m);
      for (const t of texts(m)) expect(t).not.toMatch(/<!/);
    }
    const help = JSON.stringify(renderReply(replies[5] as Reply).blocks);
    expect(help).toContain('`/quote &lt;query&gt;`');
    // A command named in a message is inline code, escaped like the rest.
    const named = JSON.stringify(renderReply(replies[6] as Reply).blocks);
    expect(named).toContain('Try `/quote &lt;!here&gt;`');
    const paused = JSON.stringify(renderReply(replies[8] as Reply).blocks);
    expect(paused).toContain('Mon, Wed');
    expect(paused).toContain('paused: slack channel_not_found');
  });

  it('builds an App Home view with the quote of the day and the help', async () => {
    const bot = createRealBot();
    const ctx = { channel: 'slack:T1:home:U1', user: { id: 'U1' }, canManage: false, isDirect: true };
    const view = renderHome(await bot.run({ name: 'today' }, ctx), await bot.run({ name: 'help' }, ctx));
    expect(view.type).toBe('home');
    expect(view.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.homeBlocks);
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('今日名言');
    expect(text).toContain('/quote daily');
    expect(text).not.toContain('"actions"');
  });
});

describe('post failures and duplicates', () => {
  it('treats unknown errors as uncertain: they may have been delivered, so they are never re-sent', () => {
    expect(classifyPostError(new Error('socket hang up'))).toEqual({
      kind: 'uncertain',
      reason: 'slack error: socket hang up',
    });
  });

  it('remembers a bounded number of event ids', () => {
    const seen = createRecentSet(2);
    expect([seen.add('a'), seen.add('a'), seen.add('b'), seen.add('c'), seen.add('a')]).toEqual([
      true,
      false,
      true,
      true,
      true,
    ]);
    expect(seen.size).toBe(2);
  });
});

describe('no match', () => {
  const noMatch = (suggestCommand?: 'topic' | 'discuss'): Reply => ({
    kind: 'no-match',
    query: 'xyzzy',
    message: { zh: '没有找到', en: 'Nothing matched' },
    suggestedTopics: ['agi', 'talent'],
    actions: [],
    ...(suggestCommand ? { suggestCommand } : {}),
  });

  it('suggests the command the user was running: discussion topics after a failed /quote discuss', () => {
    expect(JSON.stringify(renderReply(noMatch('discuss'), 'both').blocks)).toContain('/quote discuss agi');
    expect(JSON.stringify(renderReply(noMatch(), 'both').blocks)).toContain('/quote topic agi');
  });
});

describe('subscription status', () => {
  it('shows when the latest post did not arrive cleanly, escaped', () => {
    const reply: Reply = {
      kind: 'subscriptions',
      subscriptions: [
        {
          id: 1,
          kind: 'daily',
          time: '09:00',
          timezone: 'UTC',
          days: [0, 1, 2, 3, 4, 5, 6],
          lang: 'en',
          lastProblem: '2025-06-01: failed (<!channel>)',
        },
      ],
    };
    const text = JSON.stringify(renderReply(reply, 'en').blocks);
    expect(text).toContain('last post 2025-06-01: failed');
    expect(text).not.toContain('<!channel>');
  });
});
