import type { Bilingual } from '../quotes/schema.js';
import type { Command } from './command.js';

/** Display language of a channel: Chinese only, English only, or Chinese with English below. */
export type Lang = 'zh' | 'en' | 'both';
export const LANGS: readonly Lang[] = ['zh', 'en', 'both'];

/** The general forms of the commands, as the help lists them (`/quote daily HH:MM [zone] [zh|en|both]`). */
export type UsageKey =
  | 'random'
  | 'search'
  | 'topic'
  | 'topics'
  | 'today'
  | 'id'
  | 'context'
  | 'discuss'
  | 'lang'
  | 'card'
  | 'daily'
  | 'daily-card'
  | 'daily-off'
  | 'status'
  | 'weekly'
  | 'weekly-off'
  | 'help';

/**
 * A command named inside a message: a line to type (`run`) or a command's general form (`usage`). Each adapter
 * spells it in its own syntax: `/quote daily 09:00` in Slack and the shell, `/daily set time:09:00` in Discord.
 */
export type CommandRef = { run: Command } | { usage: UsageKey };

/**
 * Text in both languages that may name commands: the marker `commandMarker(i)` in either language stands for
 * `refs[i]`, which the adapter spells (see fillCommands in syntax.ts).
 */
export interface Message extends Bilingual {
  /** The commands the text names, in marker order. */
  refs?: CommandRef[];
}

/** Everything an adapter needs to render one quote; plain text only, no platform markup. */
export interface QuoteView {
  /** Stable quote id. */
  id: string;
  /** Verbatim Chinese text. */
  text: string;
  /** English translation. */
  en: string;
  /** The question it answered; absent for quotes from the article's introduction. */
  question?: Bilingual;
  /** The editor's one-line lead-in; when present, adapters and cards show it instead of the question (see setupOf). */
  lead?: Bilingual;
  /** The editor's note on a factual slip in the source, shown with the quote and its context. */
  editorNote?: Bilingual;
  /** Topic ids. */
  topics: string[];
  /** Attribution: speaker, publication, date, link. */
  attribution: Attribution;
  /** The quote's page (`PUBLIC_URL/q/<id>`), whose link preview is its card; absent without PUBLIC_URL. */
  permalink?: string;
}

/** A quote card image (金句卡片) attached to a reply; adapters upload it (Slack, Discord) or save it (shell). */
export interface CardAttachment {
  /** PNG bytes. */
  png: Uint8Array;
  /** Upload file name, e.g. `mingyan-poverty-limits-imagination.png`. */
  filename: string;
  /** Pixel size. */
  width: number;
  height: number;
  /** The quote as text, for screen readers and notifications. */
  alt: string;
  /** The same image on the quote pages (with PUBLIC_URL), for platforms that show images by URL. */
  url?: string;
}

/** Who said it, where, when, with the link to the source. */
export interface Attribution {
  /** Speaker, e.g. 周明 / Zhou Ming. */
  speaker: Bilingual;
  /** Publication, e.g. 晚点 LatePost. */
  publication: Bilingual;
  /** Article title. */
  title: Bilingual;
  /** YYYY-MM. */
  date: string;
  /** Source URL. */
  url: string;
  /** What the link is when it is not the publication's page (e.g. the repost the text was taken from). */
  urlLabel?: Bilingual;
  /** The credit line, e.g. 周明接受《晚点 LatePost》采访,2023 年 4 月 / Zhou Ming, interviewed by LatePost, April 2023. */
  credit?: Bilingual;
}

/** Labels for the lines around a quote, shared by the adapters. */
export const SETUP_LABELS = Object.freeze({
  question: { zh: '问', en: 'Q' },
  lead: { zh: '编者按', en: "Editor's lead" },
  note: { zh: '编者注', en: "Editor's note" },
  repost: { zh: '转载', en: 'Repost' },
} satisfies Record<string, Bilingual>);

/**
 * The line that sets a quote up, shown with every quote on every platform: the editor's lead when there is one,
 * else the interviewer's question. Undefined only for a quote with neither (the loader requires one).
 */
export function setupOf(
  quote: Pick<QuoteView, 'lead' | 'question'>,
): { kind: 'lead' | 'question'; text: Bilingual } | undefined {
  if (quote.lead) return { kind: 'lead', text: quote.lead };
  if (quote.question) return { kind: 'question', text: quote.question };
  return undefined;
}

/** A button under a reply. `payload` goes back to `Bot.action` unchanged when the button is pressed. */
export interface Action {
  /** What the button does; adapters pick presentation (e.g. Slack "share" posts to the channel). */
  kind: 'another' | 'share' | 'context' | 'random' | 'discuss';
  /** Button label. */
  label: Bilingual;
  /** Opaque, compact (<= 90 chars ASCII-safe where possible) string for `Bot.action`. */
  payload: string;
}

/** A line of a subscription status listing. */
export interface SubscriptionView {
  /** Subscription id. */
  id: number;
  /** Daily insight or weekly discussion prompt. */
  kind: 'daily' | 'discuss';
  /** HH:MM local time. */
  time: string;
  /** IANA zone. */
  timezone: string;
  /** Days of week, 0 = Sunday. */
  days: number[];
  /** Display language for posts. */
  lang: Lang;
  /** Posts come as quote cards (images) rather than text. */
  card?: boolean;
  /** ISO instant of the next post, if not paused. */
  nextAt?: string;
  /** Why posting is paused, if it is. */
  pausedReason?: string;
  /** The latest post when it did not arrive cleanly (uncertain, missed, failed), e.g. `2025-06-01: missed`. */
  lastProblem?: string;
  /**
   * Set when a new schedule skips its next occurrence because the channel got a post of this kind less than
   * a day earlier (one post per channel per day): ISO instants of the skipped occurrence and of that post, and
   * the hours a new schedule waits after a post.
   */
  heldBack?: { skipped: string; lastPost: string; gapHours: number };
}

/** The neutral answer to any command. Adapters render it; the core never formats for a platform. */
export type Reply =
  | {
      kind: 'quote';
      quote: QuoteView;
      lang: Lang;
      /** Why this quote: e.g. search result rank, "today's quote". Plain text. */
      note?: string;
      actions: Action[];
      /** The quote's card, for `/quote card`, shares and card subscriptions; text-only adapters ignore it. */
      card?: CardAttachment;
    }
  | {
      kind: 'discussion';
      quote: QuoteView;
      lang: Lang;
      /** The open question for the team. */
      prompt: Bilingual;
      actions: Action[];
    }
  | {
      kind: 'context';
      quote: QuoteView;
      lang: Lang;
      /** The interviewer's question; absent for intro quotes (the quote's lead sets them up). */
      question?: Bilingual;
      /** The whole answer, verbatim, paragraph by paragraph (Chinese). */
      answer: string[];
      actions: Action[];
    }
  | {
      kind: 'no-match';
      /** The channel's display language, so adapters can show one language; both when absent. */
      lang?: Lang;
      /** The query as the user typed it (adapters escape it). */
      query: string;
      /** Why nothing was found, plain text in both languages. */
      message: Message;
      /** Topic ids worth trying. */
      suggestedTopics: string[];
      /** The subcommand to try them with: `/quote discuss <topic>` after a failed discuss; `topic` when absent. */
      suggestCommand?: 'topic' | 'discuss';
      actions: Action[];
    }
  | {
      kind: 'topics';
      /** The channel's display language, so adapters can show one language; both when absent. */
      lang?: Lang;
      topics: { id: string; label: Bilingual; count: number }[];
    }
  | {
      kind: 'help';
      /** The channel's display language, so adapters can show one language; both when absent. */
      lang?: Lang;
      entries: { usage: string; summary: Bilingual }[];
    }
  | {
      kind: 'subscriptions';
      /** The channel's display language, so adapters can show one language; both when absent. */
      lang?: Lang;
      subscriptions: SubscriptionView[];
      message?: Message;
    }
  | {
      /** A short confirmation or refusal (language set, subscribed, not allowed, too long...). */
      kind: 'notice';
      /** The channel's display language, so adapters can show one language; both when absent. */
      lang?: Lang;
      level: 'info' | 'warning' | 'error';
      message: Message;
    };
