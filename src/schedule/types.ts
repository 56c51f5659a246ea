import type { Adapter } from '../adapter.js';
import type { SubscriptionKind } from '../bot/command.js';
import type { SubscriptionView } from '../bot/reply.js';
import type { Subscriptions } from '../bot/types.js';
import type { CardRenderer } from '../card/index.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { Corpus } from '../quotes/corpus.js';
import type { PostRecord, Store } from '../store/types.js';

/** What `createScheduler` needs. */
export interface SchedulerDeps {
  /** Subscriptions, post history, rotation. */
  store: Store;
  /** Quotes to deal from. */
  corpus: Corpus;
  /** Where "now" comes from. */
  clock: Clock;
  /** Scrubbing logger. */
  logger: Logger;
  /** The adapter that posts to a channel address, or undefined when its platform is not running. */
  adapterFor(channel: string): Adapter | undefined;
  /** Zone for subscriptions that name none. */
  defaultTimeZone: string;
  /** A post later than this many hours after its time is recorded as missed (raised to 2 minutes at least). */
  missedWindowHours: number;
  /** Where a tick starts in the due list (spreads work between instances); Math.random by default. */
  random?: () => number;
  /** Retry and crash policy; the defaults suit production. */
  policy?: Partial<SchedulePolicy>;
  /** Draws the cards of subscriptions that chose cards; without it they post text. */
  cards?: CardRenderer;
  /** Absolute base URL of the permalink pages (PUBLIC_URL), for the link under a post. */
  publicUrl?: string;
}

/** Knobs for failures and crashes. */
export interface SchedulePolicy {
  /** Attempts per post, the first included, before giving up for the day. */
  maxAttempts: number;
  /** First retry delay; doubles per attempt (a server's retry-after wins when longer). */
  baseRetryMs: number;
  /** A claim older than this with no message id is flagged 'uncertain' (never re-posted). */
  staleClaimMs: number;
  /** Scheduled posts in flight at once per instance (the bounded post pool). */
  maxConcurrentPosts: number;
}

/** The scheduler: the bot's subscription service plus the posting loop. */
export interface Scheduler extends Subscriptions {
  /** Starts the minute timer and runs one tick at once (catch-up after a restart). */
  start(): void;
  /** Stops the timer and waits for posts in flight. */
  stop(): Promise<void>;
  /**
   * Posts what is due now and resolves with what this tick did once its posts are settled. A subscription an
   * earlier tick of this scheduler is still posting (a rate limit being waited out) is left to that tick.
   */
  tick(): Promise<TickReport>;
  /** What a tick would do now, without claiming or posting (dry run). */
  dueNow(): Promise<DueItem[]>;
  /** Every active subscription of every channel, with its last post (for `schedule list`). */
  listAll(): Promise<ScheduleEntry[]>;
}

/** One occurrence of one subscription. */
export interface OccurrenceRef {
  /** Subscription id. */
  subscriptionId: number;
  /** Channel address. */
  channel: string;
  /** Daily or discuss. */
  kind: SubscriptionKind;
  /** YYYY-MM-DD in the subscription's zone. */
  localDate: string;
  /** ISO instant it was due. */
  scheduledAt: string;
}

/** What one tick did. */
export interface TickReport {
  /** ISO instant of the tick. */
  at: string;
  /** Posted now. */
  posted: (OccurrenceRef & { quoteId: string; messageId: string; attempt: number })[];
  /** Recorded as missed (past the window). */
  missed: OccurrenceRef[];
  /** Failed now: `retryAt` set when it will be retried, absent when given up for the day. */
  failed: (OccurrenceRef & { quoteId?: string; reason: string; attempt: number; retryAt?: string })[];
  /** Paused now by a permanent failure. */
  paused: (OccurrenceRef & { reason: string })[];
  /** Due but not attempted (no adapter for the platform, adapter not ready, empty deck); still due next tick. */
  skipped: (OccurrenceRef & { reason: string })[];
  /**
   * Posts whose outcome is unknown, reported once and never re-posted: claims found stale now (the process that
   * claimed them stopped mid-post), or attempts whose answer was lost now (timeout, reset, 5xx; with `reason`).
   */
  uncertain: (OccurrenceRef & { quoteId?: string; claimedAt?: string; reason?: string; attempt?: number })[];
}

/** A line of the dry run. */
export interface DueItem extends OccurrenceRef {
  /** post: first attempt; retry: a failed post whose retry time has come; missed: would be recorded as missed. */
  action: 'post' | 'retry' | 'missed';
  /** The quote it would show (for post and retry). */
  quoteId?: string;
  /** Whether an adapter for the channel's platform is available and ready. */
  adapter: 'ready' | 'not-ready' | 'missing';
}

/** A subscription with its channel and last post, for operators. */
export interface ScheduleEntry extends SubscriptionView {
  /** Channel address. */
  channel: string;
  /** Most recent post row, if any. */
  lastPost?: Pick<PostRecord, 'localDate' | 'status' | 'quoteId' | 'messageId' | 'error' | 'attempts'>;
}
