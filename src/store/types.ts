import type { ChannelSettings } from '../bot/types.js';
import type { SubscriptionKind } from '../bot/command.js';
import type { Lang } from '../bot/reply.js';

/**
 * Where a post row stands.
 * - claimed: an instance owns it and is posting now (or died while posting).
 * - posted: the adapter returned a message id.
 * - missed: its time passed by more than the missed window before anyone could post it.
 * - failed: the last attempt failed; retried at `nextAttemptAt` when set, given up when not.
 * - uncertain: may or may not have gone out (a claim older than the stale-claim limit with no message id, or a
 *   request whose answer was lost: timeout, reset, 5xx); never re-posted (see schedule/index.ts).
 */
export type PostStatus = 'claimed' | 'posted' | 'missed' | 'failed' | 'uncertain';

/** A rotation deck: insight quotes for daily posts, quotes with a prompt for discussions. */
export type Deck = 'insight' | 'prompt';

/** What subscribe writes. */
export interface SubscriptionInput {
  /** Channel address. */
  channel: string;
  /** Daily or discuss. */
  kind: SubscriptionKind;
  /** HH:MM. */
  time: string;
  /** Days of week, 0 = Sunday. */
  days: number[];
  /** IANA zone. */
  timezone: string;
  /** Post language. */
  lang: Lang;
  /** User id of the requester. */
  createdBy: string;
  /** Posts are quote cards (images) rather than text; false when absent. */
  card?: boolean;
}

/** A subscription as stored. Instants are ISO strings (UTC, `toISOString()` form, so they sort as text). */
export interface SubscriptionRecord extends SubscriptionInput {
  /** Row id; kept when the channel re-subscribes, so today's post row still counts. */
  id: number;
  /** When first created. */
  createdAt: string;
  /**
   * Occurrences before this instant are never posted: set on every subscribe (no surprise catch-up post), and
   * pushed to 20 hours after a recent post so a new time or zone does not post twice in a day.
   */
  effectiveFrom: string;
  /** Why posting is paused, if it is. */
  pausedReason?: string;
  /** When it was paused. */
  pausedAt?: string;
  /** When a tick next has something to do for it (at or before the next occurrence or retry); absent when paused. */
  nextDueAt?: string;
}

/** One scheduled post of one subscription on one local date. */
export interface PostRecord {
  /** Row id. */
  id: number;
  /** Subscription it belongs to. */
  subscriptionId: number;
  /** YYYY-MM-DD in the subscription's zone; UNIQUE with subscriptionId, which is what makes posting exactly-once. */
  localDate: string;
  /** The instant the post was due. */
  scheduledAt: string;
  /** The quote chosen at claim time (absent for missed rows). */
  quoteId?: string;
  /** See PostStatus. */
  status: PostStatus;
  /** Attempts made so far. */
  attempts: number;
  /** When a failed post may be retried; absent once given up. */
  nextAttemptAt?: string;
  /** Platform message id once posted. */
  messageId?: string;
  /** Last failure reason. */
  error?: string;
  /** When the current attempt was claimed. */
  claimedAt?: string;
  /** When it was posted. */
  postedAt?: string;
}

/** Rotation state of one channel's deck. */
export interface RotationState {
  /** Current cycle number (0 before the first card). */
  cycle: number;
  /** Quote ids already shown in the current cycle. */
  shown: ReadonlySet<string>;
  /** The most recently shown quote id, across cycles. */
  lastShown?: string;
}

/** A post row joined with its subscription, for reports. */
export interface PostWithSubscription extends PostRecord {
  /** Channel address. */
  channel: string;
  /** Subscription kind. */
  kind: SubscriptionKind;
}

/** After a post, a re-subscription (new time or zone) of the same channel and kind starts this much later. */
export const RESUBSCRIBE_GAP_MS = 20 * 60 * 60 * 1000;

/**
 * One Slack installation (distribution mode) as oauth.v2.access returned it. Holds secrets: never log one, and
 * print only the non-secret fields.
 */
export interface SlackInstallation {
  /** Enterprise Grid org id, if the workspace belongs to one. */
  enterpriseId?: string;
  /** Workspace id; absent for an org-wide install, which serves every workspace of the org. */
  teamId?: string;
  /** Workspace name, for people. */
  teamName?: string;
  /** Org name, for people. */
  enterpriseName?: string;
  /** The org's URL (org-wide installs). */
  enterpriseUrl?: string;
  /** Installed org-wide (Enterprise Grid). */
  isEnterpriseInstall: boolean;
  /** The Slack app id. */
  appId?: string;
  /** Bot token (xoxb- or, with rotation, xoxe.xoxb-). Secret. */
  botToken: string;
  /** Bot id (B...). */
  botId?: string;
  /** Bot user id (U...). */
  botUserId: string;
  /** Scopes granted to the bot. */
  botScopes: string[];
  /** Refresh token when token rotation is on. Secret. */
  botRefreshToken?: string;
  /** When the bot token expires (ISO instant), when token rotation is on. */
  botExpiresAt?: string;
  /** The user who installed the app. */
  installerUserId?: string;
  /** First installed (kept across reinstalls and refreshes). */
  installedAt: string;
  /** Last written. */
  updatedAt: string;
}

/** Which installation: a workspace (team id, with its org if any) or an org-wide one (enterprise id only). */
export interface InstallationKey {
  /** Org id, if any. */
  enterpriseId?: string;
  /** Workspace id; absent for an org-wide install. */
  teamId?: string;
}

/** The Slack installations of distribution mode, and leases (one holder at a time, across instances). */
export interface InstallationStore {
  /** Creates or replaces the installation with that key (first install time kept). */
  saveInstallation(
    installation: Omit<SlackInstallation, 'installedAt' | 'updatedAt'>,
    now: Date,
  ): Promise<void>;
  /** The installation with exactly that key. */
  getInstallation(key: InstallationKey): Promise<SlackInstallation | undefined>;
  /**
   * The installation serving a workspace: its own, else the org-wide one of the org it was last seen in (see
   * rememberEnterpriseTeam). Scheduled posts know only the team id of their channel address.
   */
  installationForTeam(teamId: string): Promise<SlackInstallation | undefined>;
  /** Records that a workspace belongs to an org (seen in a request under an org-wide install). */
  rememberEnterpriseTeam(teamId: string, enterpriseId: string, now: Date): Promise<void>;
  /** Workspaces seen under an org. */
  teamsOfEnterprise(enterpriseId: string): Promise<string[]>;
  /** Deletes the installation with that key; false if there was none. */
  deleteInstallation(key: InstallationKey): Promise<boolean>;
  /** Every installation, ordered by key (for status; print no token). */
  listInstallations(): Promise<SlackInstallation[]>;
  /**
   * Pauses the active, unpaused subscriptions whose channel address starts with `prefix` (e.g. `slack:T1:`),
   * with `reason`. Returns how many.
   */
  pauseChannels(prefix: string, reason: string, now: Date): Promise<number>;
  /**
   * Resumes the subscriptions under `prefix` paused with exactly `reason` (others stay paused); they take effect
   * now, with no catch-up post for the time they were paused. Returns how many.
   */
  resumeChannels(prefix: string, reason: string, now: Date): Promise<number>;
  /**
   * Takes the lease `name` for `holder` until now + ttlMs if it is free, expired or already this holder's;
   * false if another holder has it. Atomic across instances.
   */
  acquireLease(name: string, holder: string, now: Date, ttlMs: number): Promise<boolean>;
  /** Gives the lease back if `holder` has it. */
  releaseLease(name: string, holder: string): Promise<void>;
}

/**
 * Persistent state: channel settings, subscriptions, post history, rotation. One implementation over SQLite
 * (the embedded default) and PostgreSQL (several instances sharing the work); every method is asynchronous.
 */
export interface Store extends ChannelSettings, InstallationStore {
  /** Which database this is. */
  readonly dialect: 'sqlite' | 'postgres';
  /**
   * Runs `fn` in one transaction and gives it a Store bound to that transaction (use only that one inside `fn`;
   * its own `write` runs inline). SQLite: immediate (write-locking) across processes. Postgres: read committed,
   * with row locks where a read decides a write (lockSubscription, upsertSubscription).
   */
  write<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
  /**
   * Inside write: makes claims of one subscription take turns across instances (a row lock on Postgres; a no-op on
   * SQLite, whose write transactions already exclude each other). Call it before reading what the claim decides on.
   */
  lockSubscription(id: number): Promise<void>;
  /**
   * Inside write: makes transactions that lock the same `key` take turns across instances until they end (a
   * transaction-scoped advisory lock on Postgres; a no-op on SQLite, whose write transactions already exclude
   * each other). For work that must happen once at a time everywhere, e.g. refreshing one installation's token.
   */
  lockKey(key: string): Promise<void>;
  /**
   * Creates or replaces the channel's subscription of that kind (same id), unpausing it. It takes effect now, or
   * RESUBSCRIBE_GAP_MS after the subscription's last post when that is later (one post per channel per ~day).
   */
  upsertSubscription(input: SubscriptionInput, now: Date): Promise<SubscriptionRecord>;
  /** Removes the channel's subscription of that kind (kept as history); false if there was none. */
  removeSubscription(channel: string, kind: SubscriptionKind, now: Date): Promise<boolean>;
  /** The channel's active subscription of that kind. */
  getSubscription(channel: string, kind: SubscriptionKind): Promise<SubscriptionRecord | undefined>;
  /** Active subscriptions, of one channel or of all, ordered by id. */
  listSubscriptions(channel?: string): Promise<SubscriptionRecord[]>;
  /**
   * Active, unpaused subscriptions whose next due instant is at or before `now`, earliest first: what a tick
   * works on. An index on the instant keeps this proportional to the due work, not to all subscriptions.
   */
  dueSubscriptions(now: Date, limit?: number): Promise<SubscriptionRecord[]>;
  /** Sets when a tick next has something to do for the subscription (undefined: nothing ahead). */
  setNextDue(id: number, at: Date | undefined): Promise<void>;
  /** The subscription's post rows on `localDate` and after. */
  postsFrom(subscriptionId: number, localDate: string): Promise<PostRecord[]>;
  /** Pauses a subscription with a reason shown in status. */
  pauseSubscription(id: number, reason: string, now: Date): Promise<void>;
  /** The post row of a subscription on a local date. */
  getPost(subscriptionId: number, localDate: string): Promise<PostRecord | undefined>;
  /** Failed rows of a subscription with a retry pending (`nextAttemptAt` set), oldest local date first. */
  pendingRetries(subscriptionId: number): Promise<PostRecord[]>;
  /**
   * What a tick plans from, for many subscriptions in one read: their post rows on `localDate` and after, and
   * their failed rows with a retry pending on any date; by subscription, then local date.
   */
  postsForPlanning(subscriptionIds: readonly number[], localDate: string): Promise<PostRecord[]>;
  /** The most recent post row of a subscription. */
  lastPost(subscriptionId: number): Promise<PostRecord | undefined>;
  /** Inserts a claimed row (INSERT ... ON CONFLICT DO NOTHING); undefined if the (subscription, date) row exists. */
  insertClaim(
    input: { subscriptionId: number; localDate: string; scheduledAt: Date; quoteId: string },
    now: Date,
  ): Promise<PostRecord | undefined>;
  /**
   * Re-uses the row of an occurrence from before the channel subscribed again (settled, scheduled before the
   * subscription's effectiveFrom) as a fresh claim for the new schedule's occurrence on the same local date;
   * undefined if the row is not such a row (any more), e.g. another instance took it over first.
   */
  claimSuperseded(
    postId: number,
    input: { scheduledAt: Date; quoteId: string },
    now: Date,
  ): Promise<PostRecord | undefined>;
  /** Records a missed occurrence; false if the row already exists. */
  insertMissed(
    input: { subscriptionId: number; localDate: string; scheduledAt: Date },
    now: Date,
  ): Promise<boolean>;
  /** Re-claims a failed row whose retry time has come; false if another instance got it first. */
  reclaimForRetry(postId: number, now: Date): Promise<boolean>;
  /** Records the message id of a successful post. */
  markPosted(postId: number, messageId: string, now: Date): Promise<void>;
  /** Records a failure (or gives up a pending retry); `nextAttemptAt` undefined means given up. */
  markFailed(postId: number, error: string, nextAttemptAt: Date | undefined): Promise<void>;
  /** Records that a post may or may not have gone out (the platform's answer was lost): never re-posted. */
  markUncertain(postId: number, error: string): Promise<void>;
  /** Turns claims older than `claimedBefore` into 'uncertain' and returns them (each to one caller only). */
  markStaleClaims(claimedBefore: Date): Promise<PostWithSubscription[]>;
  /** The channel's rotation state for a deck. */
  getRotation(channel: string, deck: Deck): Promise<RotationState>;
  /** Distinct quote ids the channel's deck dealt at or after `since`, in any cycle (as stored: old ids too). */
  shownSince(channel: string, deck: Deck, since: Date): Promise<string[]>;
  /** Records that a quote was shown in a cycle of the channel's deck. */
  recordShown(channel: string, deck: Deck, cycle: number, quoteId: string, now: Date): Promise<void>;
  /** Answers when the database does (readiness); throws otherwise. */
  ping(): Promise<void>;
  /** Closes the database (the pool, on Postgres). */
  close(): Promise<void>;
}
