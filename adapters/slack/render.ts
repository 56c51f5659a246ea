import type { types } from '@slack/bolt';
import type { Action, Lang, Message, QuoteView, Reply, SubscriptionView } from '../../src/bot/reply.js';
import { spellMessage, spellText } from '../../src/bot/syntax.js';
import type { Bilingual } from '../../src/quotes/schema.js';
import { setupOf, SETUP_LABELS } from '../../src/bot/reply.js';
import { SLACK_LIMITS, chunkEscaped, escapeText, link, pick, truncateEscaped } from './text.js';

/** A rendered Slack message: Block Kit plus the plain `text` fallback (notifications, screen readers). */
export interface SlackMessage {
  /** Fallback text; always set, escaped, at most one text object long. */
  text: string;
  /** Block Kit blocks, within Slack's limits. */
  blocks: types.KnownBlock[];
}

/** Where the message will be seen, which decides which buttons make sense. */
export type RenderMode = 'ephemeral' | 'public' | 'home';

/** Options for {@link renderReply}. */
export interface RenderOptions {
  /** ephemeral (default): every button; public: no share/another (they would act for everyone); home: none. */
  mode?: RenderMode;
  /** Display name of the person who shared this quote to the channel (plain text, never a mention). */
  sharedBy?: string;
}

/** Prefix of every action_id this app renders; the suffix is the Action kind. */
export const ACTION_ID_PREFIX = 'mingyan_';

/** Most characters of a context answer shown in one message; longer answers end with a link to the source. */
export const MAX_ANSWER_CHARS = 12_000;
/** Longest echo of a user's query. */
const MAX_QUERY_ECHO = 200;

const LIMIT = SLACK_LIMITS.textObject;

const section = (text: string): types.SectionBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text: text.trim() ? text : ' ', verbatim: true },
});
const context = (...texts: string[]): types.ContextBlock => ({
  type: 'context',
  elements: texts
    .filter((t) => t.trim())
    .slice(0, SLACK_LIMITS.contextElements)
    .map((text) => ({ type: 'mrkdwn' as const, text: text.slice(0, LIMIT), verbatim: true })),
});
/** Sections for a long escaped text, one per chunk. */
const sections = (raw: string, prefix = ''): types.SectionBlock[] =>
  chunkEscaped(raw, LIMIT - prefix.length).map((chunk, i) => section(i === 0 ? prefix + chunk : chunk));

/** Buttons for the actions that make sense in this mode; values longer than Slack allows are dropped. */
function actionsBlock(actions: readonly Action[], lang: Lang, mode: RenderMode): types.ActionsBlock[] {
  if (mode === 'home') return [];
  const usable = actions.filter(
    (a) =>
      a.payload.length <= SLACK_LIMITS.buttonValue &&
      (mode === 'ephemeral' || (a.kind !== 'share' && a.kind !== 'another')),
  );
  if (usable.length === 0) return [];
  const seen = new Map<string, number>();
  const elements: types.Button[] = usable.slice(0, SLACK_LIMITS.actionsElements).map((a) => {
    const n = (seen.get(a.kind) ?? 0) + 1;
    seen.set(a.kind, n);
    const full = pick(a.label, lang, ' ');
    const label =
      full.length <= SLACK_LIMITS.buttonText ? full : a.label.zh.slice(0, SLACK_LIMITS.buttonText);
    const button: types.Button = {
      type: 'button',
      action_id: `${ACTION_ID_PREFIX}${a.kind}${n > 1 ? `_${n}` : ''}`,
      text: { type: 'plain_text', text: label, emoji: false },
      value: a.payload,
    };
    if (a.kind === 'share') button.style = 'primary';
    return button;
  });
  return [{ type: 'actions', elements }];
}

/** The quote itself, per language: Chinese, English, or Chinese with English below. */
function quoteBody(quote: QuoteView, lang: Lang): types.KnownBlock[] {
  if (lang === 'zh') return sections(quote.text);
  if (lang === 'en')
    return [...sections(quote.en), context(`原文 ${truncateEscaped(quote.text, LIMIT - 3)}`)];
  return [...sections(quote.text), ...sections(quote.en)];
}

/** The question (`问 Q: …`) or the editor's lead that sets the quote up; shown with every quote, discussions included. */
function setupBlocks(quote: QuoteView, lang: Lang): types.ContextBlock[] {
  const blocks: types.ContextBlock[] = [];
  const setup = setupOf(quote);
  if (setup?.kind === 'question') {
    const label = lang === 'en' ? 'Q:' : lang === 'zh' ? '问:' : '问 Q:';
    blocks.push(context(`${label} ${truncateEscaped(pick(setup.text, lang, ' / '), LIMIT - 10)}`));
  } else if (setup) blocks.push(context(truncateEscaped(pick(setup.text, lang, ' / '), LIMIT)));
  if (quote.editorNote)
    blocks.push(
      context(
        `${pick(SETUP_LABELS.note, lang, ' ')}: ${truncateEscaped(pick(quote.editorNote, lang, ' / '), LIMIT - 30)}`,
      ),
    );
  return blocks;
}

/**
 * "— 周明,接受《晚点 LatePost》采访,2023 年 4 月 · <link|文本取自转载页…>" with the source's credit line and link label;
 * "— 周明 Zhou Ming · 晚点 LatePost · 2023-04 · <link|title>" for a source without them.
 */
function attributionLine(quote: QuoteView, lang: Lang): string {
  const a = quote.attribution;
  const credit = a.credit
    ? escapeText(pick(a.credit, lang, ' · '))
    : `${escapeText(pick(a.speaker, lang, ' '))} · ${escapeText(pick(a.publication, lang === 'both' ? 'zh' : lang, ' '))} · ${escapeText(a.date)}`;
  const what = a.urlLabel ? pick(a.urlLabel, lang, ' · ') : lang === 'en' ? a.title.en : a.title.zh;
  return `— ${credit} · ${link(a.url, truncateEscaped(what, 200))}`;
}

function sharedByLine(name: string, lang: Lang): string {
  const who = truncateEscaped(name, 80);
  if (lang === 'zh') return `${who} 分享了一条名言`;
  if (lang === 'en') return `${who} shared a quote`;
  return `${who} 分享了一条名言 · shared a quote`;
}

function quoteFallback(quote: QuoteView, lang: Lang): string {
  const main = lang === 'en' ? quote.en : quote.text;
  return truncateEscaped(`${main} — ${pick(quote.attribution.speaker, lang, ' ')}`, LIMIT);
}

const DAY_NAMES = {
  zh: ['周日', '周一', '周二', '周三', '周四', '周五', '周六'],
  en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
};

function subscriptionLine(s: SubscriptionView, lang: Lang): string {
  const kind = pick(
    s.kind === 'daily' ? { zh: '每日名言', en: 'Daily quote' } : { zh: '讨论', en: 'Discussion' },
    lang,
    ' ',
  );
  const every = s.days.length === 7;
  const days = every
    ? pick({ zh: '每天', en: 'every day' }, lang, ' ')
    : pick(
        {
          zh: s.days.map((d) => DAY_NAMES.zh[d] ?? '?').join('、'),
          en: s.days.map((d) => DAY_NAMES.en[d] ?? '?').join(', '),
        },
        lang,
        ' ',
      );
  const parts = [`*${kind}* ${escapeText(s.time)} ${escapeText(s.timezone)}`, days, `lang ${s.lang}`];
  if (s.card) parts.push(pick({ zh: '金句卡片', en: 'cards' }, lang, ' '));
  if (s.pausedReason)
    parts.push(`⏸ ${pick({ zh: '已暂停', en: 'paused' }, lang, ' ')}: ${escapeText(s.pausedReason)}`);
  else if (s.nextAt) parts.push(`${pick({ zh: '下次', en: 'next' }, lang, ' ')} ${escapeText(s.nextAt)}`);
  if (s.lastProblem)
    parts.push(`⚠ ${pick({ zh: '上一次', en: 'last post' }, lang, ' ')} ${escapeText(s.lastProblem)}`);
  return `• ${parts.join(' · ')}`;
}

/** Packs lines into as few sections as fit. */
function packLines(lines: readonly string[]): types.SectionBlock[] {
  const out: types.SectionBlock[] = [];
  let current = '';
  for (const line of lines) {
    const piece = line.length > LIMIT ? `${line.slice(0, LIMIT - 1)}…` : line;
    if (current && current.length + 1 + piece.length > LIMIT) {
      out.push(section(current));
      current = piece;
    } else current = current ? `${current}\n${piece}` : piece;
  }
  if (current) out.push(section(current));
  return out;
}

/** A message with the commands it names spelled as typed in Slack, as inline code (escaped later, with the rest). */
const spell = (message: Message): Bilingual => spellMessage(message, (ref) => `\`${spellText(ref)}\``);

const NOTICE_ICON = { info: ':information_source:', warning: ':warning:', error: ':x:' } as const;

/** Blocks for a context reply: the question, the whole answer (trimmed to fit), a link for the rest. */
function contextBlocks(
  reply: Extract<Reply, { kind: 'context' }>,
  lang: Lang,
  reserved: number,
): types.KnownBlock[] {
  const lead = reply.quote.lead;
  const blocks: types.KnownBlock[] = [
    ...(lead ? [section(`*${truncateEscaped(pick(lead, lang, ' / '), LIMIT - 10)}*`)] : []),
    ...(reply.question
      ? [
          section(
            `*${lang === 'en' ? 'Q:' : lang === 'zh' ? '问:' : '问 Q:'}* ${truncateEscaped(pick(reply.question, lang, ' / '), LIMIT - 20)}`,
          ),
        ]
      : []),
  ];
  const budget = SLACK_LIMITS.messageBlocks - reserved - blocks.length - 2;
  let used = 0;
  let cut = false;
  const body: types.SectionBlock[] = [];
  for (const paragraph of reply.answer) {
    if (!paragraph.trim()) continue;
    const room = MAX_ANSWER_CHARS - used;
    const text = paragraph.length > room ? paragraph.slice(0, Math.max(0, room)) : paragraph;
    if (text !== paragraph) cut = true;
    for (const s of sections(text)) {
      if (body.length >= budget) {
        cut = true;
        break;
      }
      body.push(s);
    }
    used += text.length;
    if (cut) break;
  }
  blocks.push(...body);
  if (lang !== 'zh')
    blocks.push(
      context(`${lang === 'en' ? 'Quote' : '名言 Quote'}: ${truncateEscaped(reply.quote.en, LIMIT - 20)}`),
    );
  if (reply.quote.editorNote)
    blocks.push(
      context(
        `${pick(SETUP_LABELS.note, lang, ' ')}: ${truncateEscaped(pick(reply.quote.editorNote, lang, ' / '), LIMIT - 30)}`,
      ),
    );
  if (cut) {
    const more = pick({ zh: '回答较长,全文见原文', en: 'The answer continues in the source' }, lang, ' · ');
    blocks.push(context(`… ${link(reply.quote.attribution.url, more)}`));
  }
  return blocks;
}

/**
 * Renders a neutral Reply as a Slack message. Pure: no I/O. `lang` is used for replies that carry no
 * language of their own (help, notices...); quote-like replies use their own `lang`.
 */
export function renderReply(reply: Reply, lang: Lang = 'both', options: RenderOptions = {}): SlackMessage {
  const mode = options.mode ?? 'ephemeral';
  const l: Lang = reply.lang ?? lang;
  const head: types.KnownBlock[] = options.sharedBy ? [context(sharedByLine(options.sharedBy, l))] : [];
  const finish = (text: string, body: types.KnownBlock[], actions: readonly Action[] = []): SlackMessage => {
    const tail = actionsBlock(actions, l, mode);
    const max =
      (mode === 'home' ? SLACK_LIMITS.homeBlocks : SLACK_LIMITS.messageBlocks) - head.length - tail.length;
    return { text: text.trim() ? text : '名言 mingyan', blocks: [...head, ...body.slice(0, max), ...tail] };
  };
  switch (reply.kind) {
    case 'quote': {
      const body = [
        ...quoteBody(reply.quote, l),
        ...setupBlocks(reply.quote, l),
        context(attributionLine(reply.quote, l)),
      ];
      if (reply.note) body.push(context(truncateEscaped(reply.note, LIMIT)));
      // A card reachable on the quote pages shows inline; without PUBLIC_URL, Share uploads it.
      if (reply.card?.url)
        body.push({ type: 'image', image_url: reply.card.url, alt_text: reply.card.alt.slice(0, 2000) });
      if (reply.quote.permalink)
        body.push(context(link(reply.quote.permalink, escapeText(reply.quote.permalink))));
      return finish(quoteFallback(reply.quote, l), body, reply.actions);
    }
    case 'discussion': {
      const title = section(`*${pick({ zh: '讨论', en: 'Discussion' }, l, ' · ')}*`);
      const prompt = sections(pick(reply.prompt, l, '\n'), ':speech_balloon: ');
      const body = [
        title,
        ...quoteBody(reply.quote, l),
        ...setupBlocks(reply.quote, l),
        context(attributionLine(reply.quote, l)),
        ...prompt,
      ];
      return finish(truncateEscaped(pick(reply.prompt, l, ' '), LIMIT), body, reply.actions);
    }
    case 'context': {
      const reserved = head.length + 2;
      const body = [...contextBlocks(reply, l, reserved), context(attributionLine(reply.quote, l))];
      const heading = reply.question ?? reply.quote.lead ?? { zh: reply.quote.text, en: reply.quote.en };
      return finish(truncateEscaped(pick(heading, l, ' '), LIMIT), body, reply.actions);
    }
    case 'no-match': {
      const message = spell(reply.message);
      // Echo the query only when the bot's message does not already quote it.
      const quoted = message.zh.includes(reply.query) || message.en.includes(reply.query);
      const echo = quoted ? '' : `\n“${truncateEscaped(reply.query, MAX_QUERY_ECHO)}”`;
      const body: types.KnownBlock[] = [
        section(`${truncateEscaped(pick(message, l, '\n'), LIMIT - 300)}${echo}`),
      ];
      if (reply.suggestedTopics.length > 0) {
        const topics = reply.suggestedTopics
          .slice(0, 8)
          .map((t) => `\`/quote ${reply.suggestCommand ?? 'topic'} ${escapeText(t)}\``)
          .join('  ');
        body.push(context(`${pick({ zh: '试试', en: 'Try' }, l, ' ')}: ${topics}`));
      }
      return finish(truncateEscaped(pick(message, l, ' '), LIMIT), body, reply.actions);
    }
    case 'topics': {
      const lines = reply.topics.map(
        (t) => `• *${escapeText(pick(t.label, l, ' / '))}* \`/quote topic ${escapeText(t.id)}\` (${t.count})`,
      );
      const title = section(`*${pick({ zh: '话题', en: 'Topics' }, l, ' · ')}*`);
      return finish(pick({ zh: '话题', en: 'Topics' }, l, ' · '), [title, ...packLines(lines)]);
    }
    case 'help': {
      const body: types.KnownBlock[] = [];
      const lines = reply.entries.map(
        (e) => `\`${escapeText(e.usage)}\` — ${escapeText(pick(e.summary, l, ' · '))}`,
      );
      body.push(...packLines(lines));
      return finish(pick({ zh: '名言 mingyan 用法', en: 'How to use mingyan' }, l, ' · '), body);
    }
    case 'subscriptions': {
      const body: types.KnownBlock[] = [];
      const note = reply.message ? spell(reply.message) : undefined;
      if (note) body.push(section(truncateEscaped(pick(note, l, '\n'), LIMIT)));
      if (reply.subscriptions.length === 0)
        body.push(
          section(pick({ zh: '这个频道还没有订阅。', en: 'This channel has no subscriptions.' }, l, '\n')),
        );
      else body.push(...packLines(reply.subscriptions.map((s) => subscriptionLine(s, l))));
      const text = note ? pick(note, l, ' ') : pick({ zh: '订阅', en: 'Subscriptions' }, l, ' · ');
      return finish(truncateEscaped(text, LIMIT), body);
    }
    case 'notice': {
      const spelled = spell(reply.message);
      const message = truncateEscaped(pick(spelled, l, '\n'), LIMIT - 30);
      return finish(truncateEscaped(pick(spelled, l, ' '), LIMIT), [
        section(`${NOTICE_ICON[reply.level]} ${message}`),
      ]);
    }
  }
}
