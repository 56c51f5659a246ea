import type { Bilingual } from '../quotes/schema.js';
import type { CardLayout, CardTheme } from '../card/layout.js';
import type { CommandRef, Lang, UsageKey } from './reply.js';

/** The kinds of scheduled post a channel can subscribe to. */
export type SubscriptionKind = 'daily' | 'discuss';

/** A parsed command: the one language every adapter speaks (Discord builds these from slash options). */
export type Command =
  | { name: 'random' }
  | { name: 'search'; query: string; offset?: number }
  | { name: 'topic'; topic: string; offset?: number }
  | { name: 'topics' }
  | { name: 'today' }
  | { name: 'id'; id: string }
  | { name: 'context'; id: string }
  | { name: 'discuss'; query?: string }
  | { name: 'lang'; lang?: Lang }
  /** A quote card: a random insight without a query, else the quote with that id or the best match. */
  | { name: 'card'; query?: string; layout?: CardLayout; theme?: CardTheme }
  | {
      name: 'subscribe';
      kind: SubscriptionKind;
      /** HH:MM, 24-hour, local to `timezone`. */
      time: string;
      /** IANA zone, or a place the bot resolves to one (`London`, `北京`); when absent, the zone the channel uses. */
      timezone?: string;
      /** Days of week, 0 = Sunday; every day for daily, Monday for discuss when absent. */
      days?: number[];
      lang?: Lang;
      /** Post cards (true) or text (false); unchanged when absent. */
      card?: boolean;
    }
  | { name: 'unsubscribe'; kind: SubscriptionKind }
  | { name: 'status' }
  | { name: 'help' }
  /** A mistyped subcommand (`contxt <id>`), answered with the line it most likely meant. */
  | { name: 'typo'; unknown: string; suggestion: CommandRef }
  /** A known subcommand with arguments that make no sense (`daily 25:00`); answered with `message` and `usage`. */
  | { name: 'invalid'; message: Bilingual; usage?: UsageKey };

/** Who asked, and where. */
export interface CommandContext {
  /** Channel address with platform prefix: `slack:T1:C1`, `discord:G1:C1`, `shell:local`. */
  channel: string;
  /** The user who typed the command or pressed the button. */
  user: { id: string; name?: string };
  /** Whether this user may change the channel's settings and subscriptions. */
  canManage: boolean;
  /** A direct message rather than a channel (subscriptions are per channel). */
  isDirect?: boolean;
}
