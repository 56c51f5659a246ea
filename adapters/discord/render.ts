import {
  ButtonStyle,
  ComponentType,
  escapeMarkdown,
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
  type APIEmbedField,
} from 'discord.js';
import type { Action, Lang, Message, QuoteView, Reply, SubscriptionView } from '../../src/bot/reply.js';
import { spellMessage } from '../../src/bot/syntax.js';
import { spellDiscord } from './syntax.js';
import { setupOf, SETUP_LABELS } from '../../src/bot/reply.js';
import type { Bilingual } from '../../src/quotes/schema.js';
import { TOPIC_LABELS, type Topic } from '../../src/quotes/schema.js';
import { clip, label, LIMITS, pick, splitText } from './text.js';

/** One Discord message body (snake_case, as the API takes it). Output never pings anyone. */
export interface DiscordMessage {
  /** Embeds: the whole reply lives in them. */
  embeds: APIEmbed[];
  /** Rows of buttons. */
  components: APIActionRowComponent<APIButtonComponentWithCustomId>[];
  /** Always `{ parse: [] }`. */
  allowed_mentions: { parse: [] };
  /** Files to attach (a quote card); the embed shows it as its image via `attachment://<name>`. */
  files?: { name: string; data: Uint8Array }[];
}

/** How to render one reply. */
export interface RenderOptions {
  /** Language for replies that carry none (notices, help, topics, status). */
  lang: Lang;
  /** Only an ephemeral reply gets a Share button: sharing a public message would repeat it. */
  ephemeral: boolean;
  /** The custom_id for an action's button. */
  customId: (action: Action) => string;
}

/** Embed colours: a seal red for quotes, the usual blue/amber/red for notices. */
export const COLORS = Object.freeze({
  quote: 0xb5302a,
  discussion: 0x2f7d6d,
  info: 0x3b82c4,
  warning: 0xd79b00,
  error: 0xc0392b,
});

const L = Object.freeze({
  question: { zh: '问题', en: 'Question' },
  discuss: { zh: '讨论', en: 'For discussion' },
  context: { zh: '上下文', en: 'Context' },
  translation: { zh: '译文', en: 'Translation' },
  noMatch: { zh: '没有找到', en: 'No match' },
  tryTopics: { zh: '试试这些话题', en: 'Try a topic' },
  topics: { zh: '话题', en: 'Topics' },
  help: { zh: '名言 mingyan', en: 'mingyan 名言' },
  subscriptions: { zh: '本频道的订阅', en: "This channel's subscriptions" },
  none: { zh: '本频道还没有订阅。', en: 'This channel has no subscriptions.' },
  daily: { zh: '每日一句', en: 'Daily insight' },
  weekly: { zh: '每周讨论', en: 'Weekly discussion' },
  next: { zh: '下一次', en: 'Next' },
  paused: { zh: '已暂停', en: 'Paused' },
  everyDay: { zh: '每天', en: 'every day' },
} satisfies Record<string, Bilingual>);

const DAY_NAMES: Readonly<Record<'zh' | 'en', readonly string[]>> = {
  zh: ['周日', '周一', '周二', '周三', '周四', '周五', '周六'],
  en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
};

const esc = (text: string): string => escapeMarkdown(text);
/** A message with the commands it names spelled as slash commands (`/daily set time:09:00`), as inline code. */
const spell = (message: Message): Bilingual => spellMessage(message, (ref) => `\`${spellDiscord(ref)}\``);
/** Both names on one line, without repeating a shared part (`晚点 LatePost`, not `晚点 LatePost LatePost`). */
const both = (b: Bilingual, lang: Lang): string =>
  lang === 'both' ? (b.zh.includes(b.en) ? b.zh : `${b.zh} ${b.en}`) : pick(b, lang);

/** Renders a neutral reply as one or more messages (more only for long context answers). */
export function renderReply(reply: Reply, options: RenderOptions): [DiscordMessage, ...DiscordMessage[]] {
  const lang =
    reply.kind === 'quote' || reply.kind === 'discussion' || reply.kind === 'context'
      ? reply.lang
      : options.lang;
  const buttons = 'actions' in reply ? buttonRows(reply.actions, lang, options) : [];
  switch (reply.kind) {
    case 'quote': {
      const embed = quoteEmbed(reply.quote, lang, COLORS.quote, reply.note);
      // The title opens the quote's page when there is one; the page links the interview.
      if (reply.quote.permalink) embed.url = reply.quote.permalink;
      if (!reply.card) return [message([embed], buttons)];
      embed.image = { url: `attachment://${reply.card.filename}` };
      return [{ ...message([embed], buttons), files: [{ name: reply.card.filename, data: reply.card.png }] }];
    }
    case 'discussion': {
      const embed = quoteEmbed(reply.quote, lang, COLORS.discussion);
      embed.fields = [
        ...(embed.fields ?? []),
        { name: label(L.discuss, lang), value: clip(pick(reply.prompt, lang), LIMITS.fieldValue) },
      ];
      return [message([embed], buttons)];
    }
    case 'context':
      return contextMessages(reply, lang, buttons);
    case 'no-match':
      return [message([noMatchEmbed(reply, options.lang)], buttons)];
    case 'topics':
      return [message([topicsEmbed(reply.topics, options.lang)], [])];
    case 'help':
      return [message([helpEmbed(reply, options.lang)], [])];
    case 'subscriptions':
      return [message([subscriptionsEmbed(reply.subscriptions, reply.message, options.lang)], [])];
    case 'notice':
      return [
        message(
          [
            {
              color: COLORS[reply.level],
              description: clip(pick(spell(reply.message), options.lang, '\n\n'), 4096),
            },
          ],
          [],
        ),
      ];
  }
}

/** A name for the thread under a discussion prompt (Discord allows 100 characters). */
export function threadName(prompt: Bilingual, lang: Lang): string {
  return clip(lang === 'en' ? prompt.en : prompt.zh, LIMITS.threadName);
}

/** Discord's count for the 6000-character limit over all embeds of a message. */
export function embedLength(embed: APIEmbed): number {
  let n = (embed.title?.length ?? 0) + (embed.description?.length ?? 0);
  n += (embed.footer?.text.length ?? 0) + (embed.author?.name.length ?? 0);
  for (const f of embed.fields ?? []) n += f.name.length + f.value.length;
  return n;
}

function message(embeds: APIEmbed[], components: DiscordMessage['components']): DiscordMessage {
  return { embeds: embeds.map(fit), components, allowed_mentions: { parse: [] } };
}

/** Each part is clipped to its own limit; if together they still pass 6000, the description gives way. */
function fit(embed: APIEmbed): APIEmbed {
  const excess = embedLength(embed) - LIMITS.embedTotal;
  if (excess <= 0 || !embed.description) return embed;
  return { ...embed, description: clip(embed.description, Math.max(1, embed.description.length - excess)) };
}

function quoteEmbed(q: QuoteView, lang: Lang, color: number, note?: string): APIEmbed {
  const body = lang === 'zh' ? esc(q.text) : lang === 'en' ? esc(q.en) : `${esc(q.text)}\n\n*${esc(q.en)}*`;
  return {
    color,
    ...(note ? { author: { name: clip(note, LIMITS.authorName) } } : {}),
    title: clip(linkTitle(q, lang), LIMITS.embedTitle),
    url: q.attribution.url,
    description: clip(body, LIMITS.embedDescription),
    fields: setupFields(q, lang),
    footer: { text: clip(attributionLine(q), LIMITS.footer) },
  };
}

/** The article's title as the link's text, saying what the link is when it is not the publication's page (a repost). */
function linkTitle(q: QuoteView, lang: Lang): string {
  const a = q.attribution;
  const title = lang === 'en' ? a.title.en : a.title.zh;
  return a.urlLabel ? `${title} (${pick(a.urlLabel, lang === 'both' ? 'both' : lang, ' · ')})` : title;
}

/** The question or the editor's lead that sets the quote up (every quote shows one), and any editor's note. */
function setupFields(q: QuoteView, lang: Lang): APIEmbedField[] {
  const fields: APIEmbedField[] = [];
  const setup = setupOf(q);
  if (setup) {
    const name = setup.kind === 'lead' ? SETUP_LABELS.lead : L.question;
    fields.push({ name: label(name, lang), value: clip(pick(setup.text, lang), LIMITS.fieldValue) });
  }
  if (q.editorNote)
    fields.push({
      name: label(SETUP_LABELS.note, lang),
      value: clip(esc(pick(q.editorNote, lang)), LIMITS.fieldValue),
    });
  return fields;
}

/** The credit, what the title's link is (a repost, when the source says so), and the quote id. */
function attributionLine(q: QuoteView): string {
  const a = q.attribution;
  const via = a.urlLabel ? ` · ${both(a.urlLabel, 'both')}` : '';
  const credit = a.credit
    ? both(a.credit, 'both')
    : `${both(a.speaker, 'both')} · ${both(a.publication, 'both')} · ${a.date}`;
  return `— ${credit}${via} · ${q.id}`;
}

// Room left in an embed description for the ** ** around the highlighted quote.
const CONTEXT_CHUNK = LIMITS.embedDescription - 4;

function contextMessages(
  reply: Extract<Reply, { kind: 'context' }>,
  lang: Lang,
  buttons: DiscordMessage['components'],
): [DiscordMessage, ...DiscordMessage[]] {
  const quote = esc(reply.quote.text);
  // A quote spanning paragraphs is bolded paragraph by paragraph (each one wholly inside it).
  const squeeze = (t: string): string => t.replace(/\s+/g, '');
  const needle = squeeze(reply.quote.text);
  const paragraphs = reply.answer.map((p) =>
    !squeeze(p).includes(needle) && squeeze(p) && needle.includes(squeeze(p)) ? `**${esc(p)}**` : esc(p),
  );
  const chunks = splitText(paragraphs, CONTEXT_CHUNK).map((c) => c.replace(quote, `**${quote}**`));
  const embeds: APIEmbed[] = (chunks.length ? chunks : ['']).map((description) => ({
    color: COLORS.quote,
    ...(description ? { description } : {}),
  }));
  const first = embeds[0] as APIEmbed;
  first.title = clip(`${label(L.context, lang)}: ${reply.quote.id}`, LIMITS.embedTitle);
  first.url = reply.quote.attribution.url;
  const lead = reply.quote.lead;
  first.fields = [
    ...(lead
      ? [{ name: label(SETUP_LABELS.lead, lang), value: clip(esc(pick(lead, lang)), LIMITS.fieldValue) }]
      : []),
    ...(reply.question
      ? [{ name: label(L.question, lang), value: clip(pick(reply.question, lang), LIMITS.fieldValue) }]
      : []),
  ];
  const last = embeds[embeds.length - 1] as APIEmbed;
  if (lang !== 'zh')
    last.fields = [
      ...(last.fields ?? []),
      { name: label(L.translation, lang), value: clip(esc(reply.quote.en), LIMITS.fieldValue) },
    ];
  if (reply.quote.editorNote)
    last.fields = [
      ...(last.fields ?? []),
      {
        name: label(SETUP_LABELS.note, lang),
        value: clip(esc(pick(reply.quote.editorNote, lang)), LIMITS.fieldValue),
      },
    ];
  last.footer = { text: clip(attributionLine(reply.quote), LIMITS.footer) };
  const groups = packEmbeds(embeds.map(fit));
  const messages = groups.map((group, i) => message(group, i === groups.length - 1 ? buttons : []));
  return messages as [DiscordMessage, ...DiscordMessage[]];
}

/** Groups embeds into messages of at most 10 embeds and 6000 characters. */
function packEmbeds(embeds: APIEmbed[]): APIEmbed[][] {
  const groups: APIEmbed[][] = [];
  let group: APIEmbed[] = [];
  let total = 0;
  for (const embed of embeds) {
    const n = embedLength(embed);
    if (group.length && (total + n > LIMITS.embedTotal || group.length === LIMITS.embedsPerMessage)) {
      groups.push(group);
      group = [];
      total = 0;
    }
    group.push(embed);
    total += n;
  }
  groups.push(group);
  return groups;
}

function noMatchEmbed(reply: Extract<Reply, { kind: 'no-match' }>, lang: Lang): APIEmbed {
  const topics = reply.suggestedTopics.map((t) => topicLabel(t, lang));
  const fields: APIEmbedField[] = topics.length
    ? [{ name: label(L.tryTopics, lang), value: clip(topics.join(' · '), LIMITS.fieldValue) }]
    : [];
  const query = reply.query.trim() ? `\n\n> ${esc(clip(reply.query.replace(/\s+/g, ' '), 200))}` : '';
  return {
    color: COLORS.warning,
    title: label(L.noMatch, lang),
    description: clip(pick(spell(reply.message), lang, '\n') + query, LIMITS.embedDescription),
    fields,
  };
}

function topicLabel(id: string, lang: Lang): string {
  const known = TOPIC_LABELS[id as Topic] as Bilingual | undefined;
  return known ? `${both(known, lang)} (\`${id}\`)` : `\`${id}\``;
}

function topicsEmbed(topics: Extract<Reply, { kind: 'topics' }>['topics'], lang: Lang): APIEmbed {
  const lines = topics.map((t) => `**${esc(both(t.label, lang))}** \`${t.id}\` (${t.count})`);
  return {
    color: COLORS.info,
    title: label(L.topics, lang),
    description: clip(lines.join('\n'), LIMITS.embedDescription),
  };
}

function helpEmbed(reply: Extract<Reply, { kind: 'help' }>, lang: Lang): APIEmbed {
  const fields = reply.entries.slice(0, LIMITS.fields).map((e) => ({
    name: clip(e.usage, LIMITS.fieldName),
    value: clip(pick(e.summary, lang), LIMITS.fieldValue),
  }));
  return {
    color: COLORS.info,
    title: label(L.help, lang),
    fields,
  };
}

function subscriptionsEmbed(subs: SubscriptionView[], note: Message | undefined, lang: Lang): APIEmbed {
  const fields = subs.slice(0, LIMITS.fields).map((s) => {
    const days = s.days.length === 7 ? pick(L.everyDay, lang, ' / ') : dayNames(s.days, lang);
    const lines = [`${days} · ${s.lang}${s.card ? ' · card' : ''}`];
    if (s.pausedReason) lines.push(`⏸ ${label(L.paused, lang)}: ${esc(s.pausedReason)}`);
    else if (s.nextAt) {
      const unix = Math.floor(Date.parse(s.nextAt) / 1000);
      if (Number.isFinite(unix)) lines.push(`${label(L.next, lang)}: <t:${unix}:F> (<t:${unix}:R>)`);
    }
    if (s.lastProblem) lines.push(`⚠ ${esc(s.lastProblem)}`);
    return {
      name: clip(
        `${label(s.kind === 'daily' ? L.daily : L.weekly, lang)} ${s.time} ${s.timezone}`,
        LIMITS.fieldName,
      ),
      value: clip(lines.join('\n'), LIMITS.fieldValue),
    };
  });
  const description = note ? pick(spell(note), lang) : subs.length ? undefined : pick(L.none, lang);
  return {
    color: COLORS.info,
    title: label(L.subscriptions, lang),
    ...(description ? { description: clip(description, LIMITS.embedDescription) } : {}),
    fields,
  };
}

function dayNames(days: number[], lang: Lang): string {
  const names = (l: 'zh' | 'en') => days.map((d) => DAY_NAMES[l][d] ?? String(d)).join(' ');
  return lang === 'both' ? `${names('zh')} / ${names('en')}` : names(lang);
}

function buttonRows(actions: Action[], lang: Lang, options: RenderOptions): DiscordMessage['components'] {
  const seen = new Set<string>();
  const buttons: APIButtonComponentWithCustomId[] = [];
  for (const action of actions) {
    if (action.kind === 'share' && !options.ephemeral) continue;
    const customId = options.customId(action);
    if (seen.has(customId)) continue;
    seen.add(customId);
    buttons.push({
      type: ComponentType.Button,
      style: action.kind === 'share' ? ButtonStyle.Primary : ButtonStyle.Secondary,
      label: clip(label(action.label, lang), LIMITS.buttonLabel),
      custom_id: customId,
    });
  }
  const rows: DiscordMessage['components'] = [];
  for (let i = 0; i < buttons.length && rows.length < LIMITS.rows; i += LIMITS.buttonsPerRow)
    rows.push({ type: ComponentType.ActionRow, components: buttons.slice(i, i + LIMITS.buttonsPerRow) });
  return rows;
}
