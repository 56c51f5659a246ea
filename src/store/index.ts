import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { SubscriptionKind } from '../bot/command.js';
import type { Lang } from '../bot/reply.js';
import { migrate } from './migrations.js';
import { RESUBSCRIBE_GAP_MS } from './types.js';
import type {
  Deck,
  PostRecord,
  PostStatus,
  PostWithSubscription,
  RotationState,
  Store,
  SubscriptionRecord,
} from './types.js';

export type * from './types.js';
export { SCHEMA_VERSION } from './migrations.js';

/** How long a writer waits for another process's lock before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

// Defined beside the Store interface, so the scheduler can name it without loading the SQLite driver.
export { RESUBSCRIBE_GAP_MS };

interface SubscriptionRow {
  id: number;
  channel: string;
  kind: SubscriptionKind;
  time: string;
  days: string;
  timezone: string;
  lang: Lang;
  created_by: string;
  created_at: string;
  effective_from: string;
  paused_reason: string | null;
  paused_at: string | null;
  card: number;
}

interface PostRow {
  id: number;
  subscription_id: number;
  local_date: string;
  scheduled_at: string;
  quote_id: string | null;
  status: PostStatus;
  attempts: number;
  next_attempt_at: string | null;
  message_id: string | null;
  error: string | null;
  claimed_at: string | null;
  posted_at: string | null;
}

const toSubscription = (r: SubscriptionRow): SubscriptionRecord => ({
  id: r.id,
  channel: r.channel,
  kind: r.kind,
  time: r.time,
  days: r.days === '' ? [] : r.days.split(',').map(Number),
  timezone: r.timezone,
  lang: r.lang,
  createdBy: r.created_by,
  createdAt: r.created_at,
  effectiveFrom: r.effective_from,
  pausedReason: r.paused_reason ?? undefined,
  pausedAt: r.paused_at ?? undefined,
  card: r.card === 1,
});

const toPost = (r: PostRow): PostRecord => ({
  id: r.id,
  subscriptionId: r.subscription_id,
  localDate: r.local_date,
  scheduledAt: r.scheduled_at,
  quoteId: r.quote_id ?? undefined,
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at ?? undefined,
  messageId: r.message_id ?? undefined,
  error: r.error ?? undefined,
  claimedAt: r.claimed_at ?? undefined,
  postedAt: r.posted_at ?? undefined,
});

const iso = (d: Date): string => d.toISOString();

/**
 * Opens (creating if needed) the SQLite store at `path` (':memory:' for a private in-memory one): parent folders,
 * WAL, synchronous=FULL (a claim must survive power loss, or a restart could post twice), a busy timeout, and
 * migrations. Throws with a readable message if the file cannot be opened or is from a newer version.
 */
export function openStore(path: string): Store {
  if (path !== ':memory:' && path !== '') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('foreign_keys = ON');
    migrate(db);
  } catch (e) {
    db.close();
    throw e;
  }
  return createSqliteStore(db);
}

function createSqliteStore(db: Database.Database): Store {
  const q = {
    getLang: db.prepare<[string], { lang: Lang }>('SELECT lang FROM channel_settings WHERE channel = ?'),
    setLang: db.prepare(
      `INSERT INTO channel_settings (channel, lang, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (channel) DO UPDATE SET lang = excluded.lang, updated_at = excluded.updated_at`,
    ),
    upsertSub: db.prepare(
      `INSERT INTO subscriptions (channel, kind, time, days, timezone, lang, created_by, created_at, effective_from, card)
       VALUES (@channel, @kind, @time, @days, @timezone, @lang, @createdBy, @now, @effectiveFrom, @card)
       ON CONFLICT (channel, kind) DO UPDATE SET
         time = excluded.time, days = excluded.days, timezone = excluded.timezone, lang = excluded.lang,
         card = excluded.card,
         created_by = excluded.created_by, effective_from = excluded.effective_from,
         created_at = CASE WHEN removed_at IS NULL THEN created_at ELSE excluded.created_at END,
         paused_reason = NULL, paused_at = NULL, removed_at = NULL`,
    ),
    // The latest post of the (channel, kind) row, removed or not, that went out, may have, or still will (a
    // pending retry); 'missed' rows and given-up failures never posted.
    lastDelivery: db.prepare<[string, string, string], { at: string | null }>(
      `SELECT MAX(COALESCE(p.posted_at, p.claimed_at)) AS at FROM posts p
       JOIN subscriptions s ON s.id = p.subscription_id
       WHERE s.channel = ? AND s.kind = ?
         AND (p.status IN ('posted', 'claimed', 'uncertain') OR (p.status = 'failed' AND p.next_attempt_at IS NOT NULL))
         AND COALESCE(p.posted_at, p.claimed_at) > ?`,
    ),
    getSub: db.prepare<[string, string], SubscriptionRow>(
      'SELECT * FROM subscriptions WHERE channel = ? AND kind = ? AND removed_at IS NULL',
    ),
    removeSub: db.prepare(
      'UPDATE subscriptions SET removed_at = ? WHERE channel = ? AND kind = ? AND removed_at IS NULL',
    ),
    listAll: db.prepare<[], SubscriptionRow>(
      'SELECT * FROM subscriptions WHERE removed_at IS NULL ORDER BY id',
    ),
    listChannel: db.prepare<[string], SubscriptionRow>(
      'SELECT * FROM subscriptions WHERE channel = ? AND removed_at IS NULL ORDER BY id',
    ),
    pause: db.prepare('UPDATE subscriptions SET paused_reason = ?, paused_at = ? WHERE id = ?'),
    getPost: db.prepare<[number, string], PostRow>(
      'SELECT * FROM posts WHERE subscription_id = ? AND local_date = ?',
    ),
    pendingRetries: db.prepare<[number], PostRow>(
      `SELECT * FROM posts WHERE subscription_id = ? AND status = 'failed' AND next_attempt_at IS NOT NULL
       ORDER BY local_date`,
    ),
    lastPost: db.prepare<[number], PostRow>(
      'SELECT * FROM posts WHERE subscription_id = ? ORDER BY local_date DESC LIMIT 1',
    ),
    insertClaim: db.prepare<unknown[], PostRow>(
      `INSERT INTO posts (subscription_id, local_date, scheduled_at, quote_id, status, attempts, claimed_at)
       VALUES (?, ?, ?, ?, 'claimed', 1, ?)
       ON CONFLICT (subscription_id, local_date) DO NOTHING RETURNING *`,
    ),
    // The same rule as schedule/due.ts superseded(), re-checked here against the current subscription, so of
    // two instances taking over one row only the first succeeds (its new scheduled_at is no longer older).
    claimSuperseded: db.prepare<unknown[], PostRow>(
      `UPDATE posts SET scheduled_at = @scheduledAt, quote_id = @quoteId, status = 'claimed', attempts = 1,
         claimed_at = @now,
         next_attempt_at = NULL, message_id = NULL, error = NULL, posted_at = NULL
       WHERE id = @id AND status IN ('posted', 'missed', 'uncertain', 'failed') AND next_attempt_at IS NULL
         AND scheduled_at < (SELECT effective_from FROM subscriptions s WHERE s.id = posts.subscription_id)
         AND @scheduledAt >= (SELECT effective_from FROM subscriptions s WHERE s.id = posts.subscription_id)
       RETURNING *`,
    ),
    insertMissed: db.prepare(
      `INSERT INTO posts (subscription_id, local_date, scheduled_at, status, attempts, error)
       VALUES (?, ?, ?, 'missed', 0, ?) ON CONFLICT (subscription_id, local_date) DO NOTHING`,
    ),
    reclaim: db.prepare(
      `UPDATE posts SET status = 'claimed', attempts = attempts + 1, claimed_at = ?, next_attempt_at = NULL
       WHERE id = ? AND status = 'failed' AND next_attempt_at IS NOT NULL AND next_attempt_at <= ?`,
    ),
    // 'uncertain' too: a slow post another instance flagged may still finish, and then it did go out.
    markPosted: db.prepare(
      `UPDATE posts SET status = 'posted', message_id = ?, posted_at = ?, error = NULL, next_attempt_at = NULL
       WHERE id = ? AND status IN ('claimed', 'uncertain')`,
    ),
    markFailed: db.prepare(
      `UPDATE posts SET status = 'failed', error = ?, next_attempt_at = ?
       WHERE id = ? AND status IN ('claimed', 'uncertain', 'failed')`,
    ),
    // Only a row still in flight: a 'posted' row (another instance's late success) stays posted.
    markUncertain: db.prepare(
      `UPDATE posts SET status = 'uncertain', error = ?, next_attempt_at = NULL
       WHERE id = ? AND status IN ('claimed', 'failed')`,
    ),
    markStale: db.prepare<[string], PostRow & { channel: string; kind: SubscriptionKind }>(
      `UPDATE posts SET status = 'uncertain',
         error = 'the process stopped while posting; not re-posted, it may or may not have gone out'
       WHERE status = 'claimed' AND claimed_at < ?
       RETURNING *, (SELECT channel FROM subscriptions s WHERE s.id = subscription_id) AS channel,
                    (SELECT kind FROM subscriptions s WHERE s.id = subscription_id) AS kind`,
    ),
    anyStale: db.prepare<[string], { one: number }>(
      "SELECT 1 AS one FROM posts WHERE status = 'claimed' AND claimed_at < ? LIMIT 1",
    ),
    maxCycle: db.prepare<[string, Deck], { cycle: number | null }>(
      'SELECT MAX(cycle) AS cycle FROM rotation_shown WHERE channel = ? AND deck = ?',
    ),
    shownIn: db.prepare<[string, Deck, number], { quote_id: string }>(
      'SELECT quote_id FROM rotation_shown WHERE channel = ? AND deck = ? AND cycle = ?',
    ),
    lastShown: db.prepare<[string, Deck], { quote_id: string }>(
      'SELECT quote_id FROM rotation_shown WHERE channel = ? AND deck = ? ORDER BY seq DESC LIMIT 1',
    ),
    shownSince: db.prepare<[string, Deck, string], { quote_id: string }>(
      'SELECT DISTINCT quote_id FROM rotation_shown WHERE channel = ? AND deck = ? AND shown_at >= ?',
    ),
    recordShown: db.prepare(
      `INSERT INTO rotation_shown (channel, deck, cycle, quote_id, shown_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (channel, deck, cycle, quote_id) DO NOTHING`,
    ),
  };

  const write = <T>(fn: () => T): T => db.transaction(fn).immediate();

  /**
   * When a (re)subscription takes effect: now, unless the channel's subscription of that kind posted (or may
   * have, or has a retry pending) in the last RESUBSCRIBE_GAP_MS; then that post's time plus the gap. So moving
   * a 09:00 Shanghai post that went out at 01:05Z to 20:00 Los Angeles at 02:00Z does not post again at 03:00Z
   * (a different local date in the new zone): the first post under the new schedule is the first occurrence at
   * least 20 hours after the last one. The gap is zone-independent on purpose: "the next local midnight in the
   * new zone" can be an hour away. Called inside the upsert's transaction, so two writers agree.
   */
  function effectiveFrom(input: { channel: string; kind: SubscriptionKind }, now: Date): Date {
    const since = iso(new Date(now.getTime() - RESUBSCRIBE_GAP_MS));
    const at = q.lastDelivery.get(input.channel, input.kind, since)?.at;
    if (!at) return now;
    return new Date(Math.max(now.getTime(), new Date(at).getTime() + RESUBSCRIBE_GAP_MS));
  }

  const store: Store = {
    write,
    getLang: (channel) => q.getLang.get(channel)?.lang,
    setLang: (channel, lang) => write(() => void q.setLang.run(channel, lang, iso(new Date()))),
    upsertSubscription: (input, now) =>
      write(() => {
        const days = [...new Set(input.days)].sort((a, b) => a - b).join(',');
        q.upsertSub.run({
          ...input,
          days,
          card: input.card ? 1 : 0,
          now: iso(now),
          effectiveFrom: iso(effectiveFrom(input, now)),
        });
        const row = q.getSub.get(input.channel, input.kind);
        if (!row) throw new Error('subscription vanished right after it was written');
        return toSubscription(row);
      }),
    removeSubscription: (channel, kind, now) =>
      write(() => q.removeSub.run(iso(now), channel, kind).changes > 0),
    getSubscription: (channel, kind) => {
      const row = q.getSub.get(channel, kind);
      return row && toSubscription(row);
    },
    listSubscriptions: (channel) =>
      (channel === undefined ? q.listAll.all() : q.listChannel.all(channel)).map(toSubscription),
    pauseSubscription: (id, reason, now) => write(() => void q.pause.run(reason, iso(now), id)),
    getPost: (subscriptionId, localDate) => {
      const row = q.getPost.get(subscriptionId, localDate);
      return row && toPost(row);
    },
    pendingRetries: (subscriptionId) => q.pendingRetries.all(subscriptionId).map(toPost),
    lastPost: (subscriptionId) => {
      const row = q.lastPost.get(subscriptionId);
      return row && toPost(row);
    },
    insertClaim: (input, now) =>
      write(() => {
        const row = q.insertClaim.get(
          input.subscriptionId,
          input.localDate,
          iso(input.scheduledAt),
          input.quoteId,
          iso(now),
        );
        return row && toPost(row);
      }),
    claimSuperseded: (postId, input, now) =>
      write(() => {
        const row = q.claimSuperseded.get({
          id: postId,
          scheduledAt: iso(input.scheduledAt),
          quoteId: input.quoteId,
          now: iso(now),
        });
        return row && toPost(row);
      }),
    insertMissed: (input, now) =>
      write(
        () =>
          q.insertMissed.run(
            input.subscriptionId,
            input.localDate,
            iso(input.scheduledAt),
            `not posted: ${iso(now)} was past the missed window`,
          ).changes > 0,
      ),
    reclaimForRetry: (postId, now) => write(() => q.reclaim.run(iso(now), postId, iso(now)).changes > 0),
    markPosted: (postId, messageId, now) => write(() => void q.markPosted.run(messageId, iso(now), postId)),
    markFailed: (postId, error, nextAttemptAt) =>
      write(() => void q.markFailed.run(error, nextAttemptAt ? iso(nextAttemptAt) : null, postId)),
    markUncertain: (postId, error) => write(() => void q.markUncertain.run(error, postId)),
    // Checked with a read first: every tick asks, and a write transaction costs an fsync even when it changes nothing.
    markStaleClaims: (claimedBefore) =>
      !q.anyStale.get(iso(claimedBefore))
        ? []
        : write(() =>
            q.markStale
              .all(iso(claimedBefore))
              .map((r): PostWithSubscription => ({ ...toPost(r), channel: r.channel, kind: r.kind })),
          ),
    getRotation: (channel, deck): RotationState => {
      const cycle = q.maxCycle.get(channel, deck)?.cycle ?? 0;
      return {
        cycle,
        shown: new Set(q.shownIn.all(channel, deck, cycle).map((r) => r.quote_id)),
        lastShown: q.lastShown.get(channel, deck)?.quote_id,
      };
    },
    shownSince: (channel, deck, since) => q.shownSince.all(channel, deck, iso(since)).map((r) => r.quote_id),
    recordShown: (channel, deck, cycle, quoteId, now) =>
      write(() => void q.recordShown.run(channel, deck, cycle, quoteId, iso(now))),
    close: () => {
      if (db.open) db.close();
    },
  };
  return store;
}
