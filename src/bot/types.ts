import type { Command, CommandContext, SubscriptionKind } from './command.js';
import type { Bilingual } from '../quotes/schema.js';
import type { Lang, Reply, SubscriptionView } from './reply.js';
import type { Result } from '../result.js';
import type { Corpus } from '../quotes/corpus.js';
import type { QuoteSearch } from '../search/types.js';
import type { Clock } from '../clock.js';
import type { CardRenderer } from '../card/index.js';

/** The platform-neutral bot. Every adapter drives this and renders its Replies. */
export interface Bot {
  /** Parses a text command (`/quote 贫穷`, `quote topic agi`, `help`) and answers it. */
  handle(text: string, ctx: CommandContext): Promise<Reply>;
  /** Answers an already-parsed command (Discord builds these from slash options). */
  run(command: Command, ctx: CommandContext): Promise<Reply>;
  /** Answers a button press; `payload` is an `Action.payload` this bot produced. */
  action(payload: string, ctx: CommandContext): Promise<Reply>;
  /** Autocomplete: up to `limit` quotes for a partial query, as id plus a short label. */
  suggest(partial: string, limit: number): { id: string; label: string }[];
}

/** Per-channel settings the bot reads and writes. */
export interface ChannelSettings {
  /** The channel's display language, or undefined for the default (both). */
  getLang(channel: string): Promise<Lang | undefined>;
  /** Sets the channel's display language. */
  setLang(channel: string, lang: Lang): Promise<void>;
}

/** A request to subscribe a channel, as the bot passes it to the scheduler. */
export interface SubscribeRequest {
  channel: string;
  kind: SubscriptionKind;
  time: string;
  timezone: string;
  days: number[];
  lang: Lang;
  createdBy: string;
  /** Post quote cards instead of text. */
  card?: boolean;
}

/** What the bot needs of the scheduler; implemented in src/schedule. */
export interface Subscriptions {
  /** Creates or replaces the channel's subscription of that kind. Refusal explains why (bad zone...). */
  subscribe(request: SubscribeRequest): Promise<Result<SubscriptionView, Bilingual>>;
  /** Removes the channel's subscription of that kind; false if there was none. */
  unsubscribe(channel: string, kind: SubscriptionKind): Promise<boolean>;
  /** The channel's subscriptions with next due times and pause reasons. */
  list(channel: string): Promise<SubscriptionView[]>;
  /** Id of the channel's quote of the day: the one its daily post showed or will show today. */
  todayQuoteId(channel: string): Promise<string | undefined>;
}

/** What `createBot` needs. Everything platform-specific stays out. */
export interface BotDeps {
  /** The loaded quotes and sources. */
  corpus: Corpus;
  /** Search over the corpus. */
  search: QuoteSearch;
  /** Channel language settings (the Store in production, a Map in tests). */
  settings: ChannelSettings;
  /** The scheduler's subscription service; without it subscription commands say scheduling is off. */
  subscriptions?: Subscriptions;
  /** Where "now" comes from (quote of the day). */
  clock?: Clock;
  /** Random source in [0, 1) for /quote random; Math.random by default. */
  random?: () => number;
  /** Default IANA zone for new subscriptions. */
  defaultTimeZone?: string;
  /** Draws quote cards; without it `/quote card` says cards are off and shares are text only. */
  cards?: CardRenderer;
  /** Absolute base URL of the permalink pages (PUBLIC_URL); quotes carry `permalink` when set. */
  publicUrl?: string;
}
