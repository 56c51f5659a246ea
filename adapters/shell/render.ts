import type {
  Action,
  Attribution,
  Lang,
  Message,
  QuoteView,
  Reply,
  SubscriptionView,
} from '../../src/bot/reply.js';
import { spellMessage, spellText } from '../../src/bot/syntax.js';
import { setupOf, SETUP_LABELS } from '../../src/bot/reply.js';
import { stripControls } from '../../src/bot/text.js';
import { DAY_NAMES, localDateTimeIn } from '../../src/bot/time.js';
import { TOPIC_LABELS, type Bilingual, type Topic } from '../../src/quotes/schema.js';
import { displayWidth, padEnd, wrap } from './width.js';

/** How the shell shows one reply. */
export interface RenderOptions {
  /** Terminal columns to wrap to. */
  width: number;
}

/** A message with the commands it names spelled as typed here (`/quote daily 09:00`). */
const spell = (message: Message): Bilingual => spellMessage(message, spellText);

/** The lines of a bilingual text in the channel's language: Chinese, English, or Chinese then English. */
function inLang(text: Bilingual, lang: Lang | undefined): string[] {
  if (lang === 'zh') return [text.zh];
  if (lang === 'en') return [text.en];
  return text.zh === text.en ? [text.zh] : [text.zh, text.en];
}

/**
 * `— 周明,接受《晚点 LatePost》采访,2023 年 4 月 · Zhou Ming, interviewed by LatePost, April 2023` (the source's credit
 * line; else `— 周明 Zhou Ming, 晚点 LatePost, 2023-04`), then the link with what it is when the source says
 * (`文本取自转载页… · Text from a repost…: <url>`): the same lines under every quote.
 */
export function attributionLines(a: Attribution, lang: Lang = 'both'): string[] {
  const both = (b: Bilingual): string => (b.zh.includes(b.en) ? b.zh : `${b.zh} ${b.en}`);
  const credit = a.credit
    ? inLang(a.credit, lang).join(' · ')
    : `${both(a.speaker)}, ${both(a.publication)}, ${a.date}`;
  if (!a.urlLabel) return [`— ${credit} ${a.url}`];
  return [`— ${credit}`, `${inLang(a.urlLabel, lang).join(' · ')}: ${a.url}`];
}

/** The attribution as one line (wrapped by the caller). */
export function attributionLine(a: Attribution, lang: Lang = 'both'): string {
  return attributionLines(a, lang).join(' ');
}

/** The question or editor's lead (and any editor's note) under a quote, indented, in the channel's language. */
function setupLines(quote: QuoteView, lang: Lang, width: number): string[] {
  const lines: string[] = [];
  const setup = setupOf(quote);
  const labelled = (label: { zh: string; en: string }, text: { zh: string; en: string }): void => {
    if (lang !== 'en') lines.push(...wrap(`${label.zh}:${text.zh}`, width, '  '));
    if (lang !== 'zh') lines.push(...wrap(`${label.en}: ${text.en}`, width, '  '));
  };
  if (setup?.kind === 'question') labelled(SETUP_LABELS.question, setup.text);
  else if (setup) for (const line of inLang(setup.text, lang)) lines.push(...wrap(line, width, '  '));
  if (quote.editorNote) labelled(SETUP_LABELS.note, quote.editorNote);
  return lines;
}

/** What to type in the shell for each button. */
function actionHints(actions: readonly Action[], quoteId?: string): string | undefined {
  const hints: string[] = [];
  for (const a of actions) {
    if (a.kind === 'another') hints.push('next: /quote next');
    else if (a.kind === 'random') hints.push('random: /quote');
    else if (a.kind === 'context' && quoteId) hints.push(`context: /quote context ${quoteId}`);
    else if (a.kind === 'discuss') hints.push('any prompt: /quote discuss');
  }
  return hints.length > 0 ? `(${hints.join(' · ')})` : undefined;
}

function topicName(id: string): string {
  const label = TOPIC_LABELS[id as Topic];
  return label ? `${label.zh} ${label.en === label.zh ? '' : label.en}`.trim() : id;
}

function quoteBlock(quote: QuoteView, lang: Lang, width: number, withQuestion: boolean): string[] {
  const lines: string[] = [];
  if (lang !== 'en') lines.push(...wrap(quote.text, width));
  if (lang !== 'zh') lines.push(...wrap(quote.en, width));
  if (withQuestion) lines.push(...setupLines(quote, lang, width));
  for (const line of attributionLines(quote.attribution, lang)) lines.push(...wrap(line, width));
  return lines;
}

function footer(
  quote: QuoteView,
  actions: readonly Action[],
  note: string | undefined,
  width: number,
): string[] {
  const lines = wrap(`id: ${quote.id}${note ? ` · ${note}` : ''}`, width);
  const hints = actionHints(actions, quote.id);
  if (hints) lines.push(...wrap(hints, width));
  return lines;
}

/** Two lines: what and when, then the next post or why it is paused. */
function subscriptionLines(s: SubscriptionView, lang: Lang | undefined): string[] {
  const kind =
    s.kind === 'daily' ? { zh: '每日一句', en: 'daily insight' } : { zh: '讨论题', en: 'discussion' };
  const every = s.days.length === 7;
  const days = every
    ? { zh: '每天', en: 'every day' }
    : {
        zh: s.days.map((d) => DAY_NAMES[d]?.zh ?? d).join('、'),
        en: s.days.map((d) => DAY_NAMES[d]?.en ?? d).join(', '),
      };
  const name =
    lang === 'zh'
      ? `${kind.zh} ${days.zh}`
      : lang === 'en'
        ? `${kind.en} ${days.en}`
        : `${kind.zh} ${kind.en}, ${days.en}`;
  const state = s.pausedReason
    ? `paused: ${s.pausedReason}`
    : s.nextAt
      ? `next ${localDateTimeIn(s.nextAt, s.timezone)}`
      : 'not scheduled';
  const problem = s.lastProblem ? [`   last post ${s.lastProblem}`] : [];
  const card = s.card ? ' · card' : '';
  return [`#${s.id} ${name} ${s.time} ${s.timezone} · ${s.lang}${card}`, `   ${state}`, ...problem];
}

/**
 * Renders any Reply as plain terminal text (no trailing newline). Control characters and escape sequences in
 * any text (a query echoed back, a quote file) are dropped, so nothing can recolour or rewrite the terminal.
 */
export function renderReply(reply: Reply, options: RenderOptions): string {
  return renderLines(reply, options).map(stripControls).join('\n');
}

function renderLines(reply: Reply, options: RenderOptions): string[] {
  const width = Math.max(20, options.width);
  const out: string[] = [];
  const para = (texts: string[], indent = ''): void => {
    for (const t of texts) out.push(...wrap(t, width, indent));
  };
  switch (reply.kind) {
    case 'quote':
      out.push(...quoteBlock(reply.quote, reply.lang, width, true));
      out.push(...footer(reply.quote, reply.actions, reply.note, width));
      break;
    case 'discussion':
      out.push(reply.lang === 'en' ? '[Discussion]' : reply.lang === 'zh' ? '[讨论]' : '[讨论 Discussion]');
      out.push(...quoteBlock(reply.quote, reply.lang, width, true));
      if (reply.lang !== 'en') out.push(...wrap(`讨论题:${reply.prompt.zh}`, width));
      if (reply.lang !== 'zh') out.push(...wrap(`For discussion: ${reply.prompt.en}`, width));
      out.push(...footer(reply.quote, reply.actions, undefined, width));
      break;
    case 'context': {
      const lead = reply.quote.lead;
      if (lead) para(inLang(lead, reply.lang));
      if (reply.question) {
        if (reply.lang !== 'en') para([`问:${reply.question.zh}`]);
        if (reply.lang !== 'zh') para([`Q: ${reply.question.en}`]);
      }
      // Paragraphs holding part of the quote are marked (a quote may span paragraphs), so the reader finds it.
      const marked = quoteParagraphs(reply.answer, reply.quote.text);
      reply.answer.forEach((p, i) => para([p], marked.has(i) ? '» ' : '  '));
      if (reply.lang !== 'zh') para([`Quote: ${reply.quote.en}`]);
      const note = reply.quote.editorNote;
      if (note) {
        if (reply.lang !== 'en') para([`${SETUP_LABELS.note.zh}:${note.zh}`]);
        if (reply.lang !== 'zh') para([`${SETUP_LABELS.note.en}: ${note.en}`]);
      }
      for (const line of attributionLines(reply.quote.attribution, reply.lang))
        out.push(...wrap(line, width));
      out.push(...footer(reply.quote, reply.actions, undefined, width));
      break;
    }
    case 'no-match': {
      para(inLang(spell(reply.message), reply.lang));
      if (reply.suggestedTopics.length > 0) {
        const command = reply.suggestCommand ?? 'topic';
        const usage = reply.suggestedTopics.map((t) => `/quote ${command} ${t}`);
        const col = Math.max(...usage.map(displayWidth)) + 2;
        reply.suggestedTopics.forEach((t, i) => out.push(`  ${padEnd(usage[i] ?? '', col)}${topicName(t)}`));
      }
      const hints = actionHints(reply.actions);
      if (hints) para([hints]);
      break;
    }
    case 'topics': {
      out.push(reply.lang === 'en' ? 'Topics' : reply.lang === 'zh' ? '话题' : '话题 Topics');
      const col = Math.max(0, ...reply.topics.map((t) => displayWidth(t.id))) + 2;
      for (const t of reply.topics) {
        const label = inLang(t.label, reply.lang).join(' · ');
        out.push(`  ${padEnd(t.id, col)}${label} (${t.count})`);
      }
      para(['/quote topic <topic>']);
      break;
    }
    case 'help': {
      // Usages in a column, summaries beside them wrapping under themselves; a usage too long for the column
      // takes its own line.
      const usageWidths = reply.entries.map((e) => displayWidth(e.usage));
      const col = Math.min(Math.max(...usageWidths) + 2, Math.floor(width * 0.45));
      const indent = ' '.repeat(col);
      for (const e of reply.entries) {
        const texts = inLang(e.summary, reply.lang);
        const joined = wrap(texts.join(' · '), width, indent);
        // Both languages on one line when they fit, else one line each, so neither is cut mid-phrase.
        const summary = joined.length === 1 ? joined : texts.flatMap((t) => wrap(t, width, indent));
        if (displayWidth(e.usage) + 2 <= col) {
          out.push(padEnd(e.usage, col) + (summary[0] ?? '').slice(col), ...summary.slice(1));
        } else {
          out.push(e.usage, ...summary);
        }
      }
      out.push('');
      para(
        inLang(
          {
            zh: '在终端里:next 换一句,exit 或 Ctrl-D 退出。',
            en: 'In this shell: next for another match, exit or Ctrl-D to leave.',
          },
          reply.lang,
        ),
      );
      break;
    }
    case 'subscriptions':
      if (reply.message) para(inLang(spell(reply.message), reply.lang));
      for (const s of reply.subscriptions) para(subscriptionLines(s, reply.lang), '  ');
      break;
    case 'notice': {
      const mark = reply.level === 'error' ? '✗ ' : reply.level === 'warning' ? '! ' : '';
      for (const line of inLang(spell(reply.message), reply.lang)) out.push(...wrap(mark + line, width));
      break;
    }
  }
  return out;
}

/** Indexes of the answer paragraphs that hold part of the quote (white space ignored). */
function quoteParagraphs(answer: readonly string[], quote: string): Set<number> {
  const squeeze = (t: string): string => t.replace(/\s+/g, '');
  const needle = squeeze(quote);
  const joined = answer.map(squeeze);
  const at = joined.join('').indexOf(needle);
  const marked = new Set<number>();
  if (at < 0 || needle === '') return marked;
  let start = 0;
  joined.forEach((p, i) => {
    const end = start + p.length;
    if (p.length > 0 && start < at + needle.length && end > at) marked.add(i);
    start = end;
  });
  return marked;
}

/** The header over a scheduled post, so it stands out from answers typed at the prompt. */
export function postHeader(reply: Reply): string {
  if (reply.kind === 'quote') return '[每日一句 daily insight]';
  if (reply.kind === 'discussion') return '[每周讨论 weekly discussion]';
  return '[scheduled post]';
}
