import cron from 'node-cron';
import type { ScheduledTask } from 'node-cron';
import type { Adapter, PostFailure } from '../adapter.js';
import { platformOf } from '../adapter.js';
import { redactText } from '../log.js';
import { err } from '../result.js';
import type { Result } from '../result.js';
import type { Reply } from '../bot/reply.js';
import type { PostRecord, SubscriptionRecord } from '../store/types.js';
import type { PlanItem } from './due.js';
import { createWriteBatcher } from './batch.js';
import { nextDueAt, planFromRows, planningFrom, planSubscription, superseded } from './due.js';
import { scheduledReply } from './post-reply.js';
import { createPostPool } from './pool.js';
import { crossDeckSince, dealNext, deckFor, otherDeck } from './rotation.js';
import { createSubscriptionService, peekQuoteId } from './subscriptions.js';
import type {
  DueItem,
  OccurrenceRef,
  SchedulePolicy,
  Scheduler,
  SchedulerDeps,
  TickReport,
} from './types.js';

export type * from './types.js';
export { isValidTimeZone, localDateOf, zonedInstant } from './time.js';

const MINUTE = 60_000;
/** Production defaults: 6 attempts at 1, 2, 4, 8, 16 minutes apart; a claim is stale after 10 minutes. */
export const DEFAULT_POLICY: Readonly<SchedulePolicy> = Object.freeze({
  maxAttempts: 6,
  baseRetryMs: MINUTE,
  staleClaimMs: 10 * MINUTE,
  maxConcurrentPosts: 8,
});

/**
 * A rate limit up to this long is waited out in the pool (its scope held, the posts still queued there unclaimed,
 * the post that met it sent again afterwards): Slack's per-minute windows answer up to a minute. A longer one
 * leaves that scope's posts unclaimed and due until it ends.
 */
const IN_POOL_WAIT_MS = 90_000;
/**
 * A post that met a rate limit is sent again after each wait (a 429 is surely not posted) while its waits add up
 * to less than this, well inside the time after which a claim counts as stale, and at most MAX_RESENDS times.
 */
const MAX_RESEND_WAIT_MS = 5 * 60_000;
const MAX_RESENDS = 30;
/** Slack asks for about one message a second per channel. */
const CHANNEL_GAP_MS: Readonly<Record<string, number>> = Object.freeze({ slack: 1_000 });

/**
 * What one rate limit covers: Slack limits each workspace on its own (`slack:T1`), Discord limits the whole bot.
 * A 429 from one workspace holds back that workspace's posts only.
 */
export function rateScopeOf(channel: string): string {
  const platform = platformOf(channel);
  if (platform !== 'slack') return platform;
  const team = channel.split(':')[1];
  return team ? `slack:${team}` : platform;
}

const ref = (i: PlanItem): OccurrenceRef => ({
  subscriptionId: i.sub.id,
  channel: i.sub.channel,
  kind: i.sub.kind,
  localDate: i.localDate,
  scheduledAt: i.scheduledAt.toISOString(),
});

/**
 * Creates the scheduler. What is due is read from the database at each tick (the minute timer only wakes it).
 *
 * Exactly once: before posting, a tick inserts the (subscription, local date) row as 'claimed', with the quote
 * it deals, in an immediate transaction (a group commit shared with the other posts in flight: batch.ts); the
 * UNIQUE key means one instance (process or connection) wins, the others see the row and move on. The message
 * id is recorded after the post.
 *
 * Killed between claim and post: the row stays 'claimed' and is NEVER re-posted automatically. The scheduler
 * cannot know whether the platform received the message (the process may have died after sending, before the
 * answer), and a channel seeing the same "daily" quote twice is worse than a day without one, which
 * `/quote today` still covers. Once the claim is older than `staleClaimMs` a tick marks it 'uncertain', logs a
 * warning and reports it once in `TickReport.uncertain`; `schedule list` shows it. A graceful stop() waits for
 * posts in flight, so only a hard kill (SIGKILL, power loss, OOM) leaves one.
 *
 * Failures (PostFailure.kind): a transient one asking for a wait of up to IN_POOL_WAIT_MS (a 429) is sent again
 * after it; otherwise it is retried with exponential backoff (the server's retry-after when longer), at most
 * `maxAttempts` times and never past the missed window; one refusing the bot's
 * credentials is transient too (the adapter asks for a long wait) and logged as an error once per platform,
 * since pausing every channel for a bad token would need every channel to subscribe again. A permanent one
 * pauses the subscription with the reason until the channel subscribes again; a rejected one fails that day
 * only. An uncertain one (the request may have reached the platform: timeout, reset, 5xx) is recorded as
 * 'uncertain' like a crash mid-post and never re-sent; so is a throw from post(), whose outcome is unknown.
 * Every attempt at one (subscription, date) row passes the same idempotency key, `mg<row id>`, so a platform
 * that dedupes by it (Discord's nonce) never shows a retried post twice.
 *
 * A channel whose platform has no running (or ready) adapter is not claimed: it stays due, and the missing
 * platform is logged once per process (again if it comes back and goes away).
 */
export function createScheduler(deps: SchedulerDeps): Scheduler {
  const { store, corpus, clock, logger } = deps;
  const random = deps.random ?? Math.random;
  const policy: SchedulePolicy = { ...DEFAULT_POLICY, ...deps.policy };
  // One tick must never count as "late": a window below two minutes would record every post as missed.
  const windowMs = Math.max(deps.missedWindowHours * 60 * MINUTE, 2 * MINUTE);
  const subscriptions = createSubscriptionService(deps, windowMs);
  // Ticks in progress: a tick whose posts are still draining (rate limits) does not hold the next minute's back.
  const ticks = new Set<Promise<TickReport>>();
  // Subscriptions a tick of this instance has planned and not yet settled: later ticks leave them to it.
  const inProgress = new Set<number>();
  let task: ScheduledTask | undefined;
  // Platforms already logged as having no adapter, or as refusing the bot's credentials: said once, not per tick.
  const missingLogged = new Set<string>();
  const credentialsLogged = new Set<string>();
  // Posts go out through one bounded pool per instance; platforms that answered 429 wait here.
  const pool = createPostPool({ concurrency: policy.maxConcurrentPosts, channelGapMs: CHANNEL_GAP_MS });
  // Rate-limit scope -> until when a long rate limit keeps its posts unclaimed (they stay due).
  const rateLimitedUntil = new Map<string, number>();
  // Claims and outcomes share commits: the bookkeeping must keep up with what the platforms allow.
  const writes = createWriteBatcher(store);

  function adapterState(channel: string): { adapter?: Adapter; state: DueItem['adapter'] } {
    const adapter = deps.adapterFor(channel);
    if (!adapter) return { state: 'missing' };
    return { adapter, state: adapter.isReady() ? 'ready' : 'not-ready' };
  }

  /** Claims a first attempt in one immediate transaction, dealing the channel's next card with it. */
  function claim(item: PlanItem): Promise<{ postId: number; quoteId: string } | 'taken' | 'empty'> {
    const { sub } = item;
    const deck = deckFor(sub.kind);
    return writes.run(sub.id, async (tx) => {
      // Postgres: instances claiming this subscription take turns from here, so the deck is dealt once per post.
      await tx.lockSubscription(sub.id);
      const existing = await tx.getPost(sub.id, item.localDate);
      if (existing && !superseded(existing, sub)) return 'taken';
      const now = clock.now();
      const card = dealNext(
        corpus,
        sub.channel,
        deck,
        await tx.getRotation(sub.channel, deck),
        await tx.shownSince(sub.channel, otherDeck(deck), crossDeckSince(now)),
      );
      if (!card) return 'empty';
      const input = {
        subscriptionId: sub.id,
        localDate: item.localDate,
        scheduledAt: item.scheduledAt,
        quoteId: card.quoteId,
      };
      const row = existing
        ? await tx.claimSuperseded(existing.id, input, now)
        : await tx.insertClaim(input, now);
      if (!row) return 'taken';
      await tx.recordShown(sub.channel, deck, card.cycle, card.quoteId, now);
      return { postId: row.id, quoteId: card.quoteId };
    });
  }

  /** The post with its card attached; text alone when the card cannot be drawn (a day's post is never lost). */
  async function withCard(reply: Extract<Reply, { kind: 'quote' }>, item: PlanItem): Promise<Reply> {
    if (!deps.cards) return reply;
    try {
      const card = await deps.cards.render(reply.quote, { lang: reply.lang });
      return {
        ...reply,
        card: {
          png: card.png,
          filename: card.filename,
          width: card.width,
          height: card.height,
          alt: card.alt,
        },
      };
    } catch (e) {
      logger.warn({ ...ref(item), err: e }, 'the quote card could not be drawn; posting text');
      return reply;
    }
  }

  /** A claimed post and what it sends; kept when a short rate limit sends it again. */
  interface Claimed {
    postId: number;
    quoteId: string;
    attempt: number;
    reply?: Reply;
    /** Rate-limit waits met so far, and their total. */
    resends?: number;
    waitedMs?: number;
  }

  /**
   * Builds the claimed post's reply, posts it and records the outcome. Resolves with the claim again when the
   * platform asked for a short wait (a 429 is surely not posted): the caller sends it again once the wait is
   * over, so a burst limit delays a post by seconds instead of a retry a minute later.
   */
  async function deliver(
    item: PlanItem,
    adapter: Adapter,
    claimed: Claimed,
    report: TickReport,
  ): Promise<Claimed | undefined> {
    const { sub } = item;
    const { postId, quoteId, attempt } = claimed;
    let reply = claimed.reply;
    if (!reply) {
      try {
        reply = scheduledReply(sub, quoteId, corpus, deps.publicUrl);
      } catch (e) {
        // The corpus changed under a claimed post (a retry after a restart): not the channel's fault, no pause.
        const reason = e instanceof Error ? e.message : String(e);
        await writes.run(sub.id, (tx) => tx.markFailed(postId, reason, undefined));
        report.failed.push({ ...ref(item), quoteId, attempt, reason });
        logger.error({ ...ref(item), quoteId, reason }, 'scheduled post could not be built');
        return undefined;
      }
      if (sub.card && reply.kind === 'quote') reply = await withCard(reply, item);
    }
    let result: Result<{ messageId: string }, PostFailure>;
    try {
      result = await adapter.post(sub.channel, reply, { idempotencyKey: `mg${postId}` });
    } catch (e) {
      // Adapters should return failures; a throw may have come after the request left, so never re-send it.
      result = err({ kind: 'uncertain', reason: redactText(e instanceof Error ? e.message : String(e)) });
    }
    const now = clock.now();
    const base = { ...ref(item), quoteId, attempt };
    const platform = platformOf(sub.channel);
    const scope = rateScopeOf(sub.channel);
    if (result.ok) {
      const { messageId } = result.value;
      await writes.run(sub.id, (tx) => tx.markPosted(postId, messageId, now));
      credentialsLogged.delete(platform);
      report.posted.push({ ...base, messageId });
      logger.info({ ...base, messageId }, 'scheduled post sent');
      return undefined;
    }
    const { reason, kind } = result.error;
    if (kind === 'permanent') {
      await writes.run(sub.id, async (tx) => {
        await tx.markFailed(postId, reason, undefined);
        await tx.pauseSubscription(sub.id, reason, now);
      });
      report.failed.push({ ...base, reason });
      report.paused.push({ ...ref(item), reason });
      logger.warn({ ...base, reason }, 'scheduled post failed permanently; subscription paused');
      return undefined;
    }
    if (kind === 'uncertain') {
      const why = `${reason}: it may or may not have gone out; not re-posted`;
      await writes.run(sub.id, (tx) => tx.markUncertain(postId, why));
      report.uncertain.push({ ...base, reason: why });
      logger.warn(
        { ...base, reason },
        'scheduled post outcome unknown; recorded as uncertain, not re-posted',
      );
      return undefined;
    }
    if (kind === 'rejected') {
      await writes.run(sub.id, (tx) => tx.markFailed(postId, reason, undefined));
      report.failed.push({ ...base, reason });
      logger.error({ ...base, reason }, 'the platform rejected a scheduled post; not retried today');
      return undefined;
    }
    // A rate limit (429 retry_after) holds the other posts of its scope back: a short one is waited out within
    // this tick and this post sent again after it; a long one until that time (those posts stay unclaimed and
    // due, this one retries then). A refused token is not a rate limit.
    const wait = result.error.credentials ? undefined : result.error.retryAfterMs;
    if (wait !== undefined && wait <= IN_POOL_WAIT_MS) {
      pool.hold(scope, wait);
      const resends = (claimed.resends ?? 0) + 1;
      const waitedMs = (claimed.waitedMs ?? 0) + wait;
      if (resends <= MAX_RESENDS && waitedMs <= MAX_RESEND_WAIT_MS) {
        logger.debug({ ...base, reason, waitMs: wait }, 'rate limited; sending again after the wait');
        return { ...claimed, reply, resends, waitedMs };
      }
    } else if (wait !== undefined) rateLimitedUntil.set(scope, now.getTime() + wait);
    if (result.error.credentials && !credentialsLogged.has(platform)) {
      credentialsLogged.add(platform);
      logger.error(
        { platform, reason },
        `${platform} refused the bot's credentials: scheduled posts wait and retry; fix the token (no subscription is paused)`,
      );
    }
    const delay = Math.max(policy.baseRetryMs * 2 ** (attempt - 1), result.error.retryAfterMs ?? 0);
    const retryAt = new Date(now.getTime() + delay);
    const retry = attempt < policy.maxAttempts && retryAt.getTime() - item.scheduledAt.getTime() <= windowMs;
    await writes.run(sub.id, (tx) => tx.markFailed(postId, reason, retry ? retryAt : undefined));
    report.failed.push({ ...base, reason, ...(retry ? { retryAt: retryAt.toISOString() } : {}) });
    logger.warn(
      { ...base, reason, retryAt: retry ? retryAt.toISOString() : undefined },
      'scheduled post failed',
    );
    return undefined;
  }

  async function runTick(): Promise<TickReport> {
    const began = performance.now();
    const now = clock.now();
    const report: TickReport = {
      at: now.toISOString(),
      posted: [],
      missed: [],
      failed: [],
      paused: [],
      skipped: [],
      uncertain: [],
    };
    for (const p of await store.markStaleClaims(new Date(now.getTime() - policy.staleClaimMs))) {
      report.uncertain.push({
        subscriptionId: p.subscriptionId,
        channel: p.channel,
        kind: p.kind,
        localDate: p.localDate,
        scheduledAt: p.scheduledAt,
        quoteId: p.quoteId,
        claimedAt: p.claimedAt,
      });
      logger.warn(
        { channel: p.channel, kind: p.kind, localDate: p.localDate, quoteId: p.quoteId },
        'a claimed post never recorded a message id (process stopped mid-post?); not re-posting',
      );
    }
    const missing = new Set<string>();
    const deliveries: Promise<void>[] = [];
    // Only subscriptions whose next due instant has come (an index lookup), and their rows in one read: the
    // cost follows the due work. Each instance starts at its own random place in the list, so several instances
    // ticking together spread the claims between them instead of all racing for the same first rows.
    const due = await store.dueSubscriptions(now);
    const rows = new Map<number, PostRecord[]>();
    if (due.length > 0) {
      for (const p of await store.postsForPlanning(
        due.map((d) => d.id),
        planningFrom(now),
      )) {
        const list = rows.get(p.subscriptionId);
        if (list) list.push(p);
        else rows.set(p.subscriptionId, [p]);
      }
    }
    const start = Math.floor(random() * due.length);
    let planned = 0;
    for (const sub of [...due.slice(start), ...due.slice(0, start)]) {
      if (inProgress.has(sub.id)) continue; // still queued or posting from an earlier tick
      inProgress.add(sub.id);
      const own: Promise<void>[] = [];
      for (const item of planFromRows(sub, rows.get(sub.id) ?? [], now, windowMs)) {
        planned++;
        own.push(
          handle(item, report, missing).catch((e: unknown) => {
            // A failed bookkeeping write leaves the row 'claimed' (later 'uncertain'); the other posts carry on.
            const reason = redactText(e instanceof Error ? e.message : String(e));
            report.skipped.push({ ...ref(item), reason });
            logger.error({ ...ref(item), reason }, 'scheduler could not handle a due post');
          }),
        );
      }
      // Once its posts are settled, the subscription is next due at its next occurrence or retry.
      deliveries.push(
        Promise.all(own)
          .then(() => refreshNextDue(sub))
          .catch((e: unknown) =>
            logger.error(
              { subscriptionId: sub.id, err: e },
              'could not record when a subscription is next due',
            ),
          )
          .finally(() => inProgress.delete(sub.id)),
      );
    }
    // What a tick itself costs: finding and planning the due work; the posts then drain through the pool.
    if (due.length > 0)
      logger.debug(
        { due: due.length, planned, planMs: Math.round((performance.now() - began) * 100) / 100 },
        'scheduler tick planned',
      );
    const fresh = [...missing].filter((p) => !missingLogged.has(p));
    if (fresh.length > 0) {
      for (const p of fresh) missingLogged.add(p);
      logger.warn({ platforms: fresh }, 'scheduled posts waiting: no adapter running for these platforms');
    }
    await Promise.all(deliveries);
    return report;
  }

  /**
   * Recomputes and stores when `sub` is next due, under its lock and from the rows as they are now, so an
   * instance that read older rows never overwrites a retry time another instance has just recorded. Reads the
   * subscription again: it may have been changed, paused or removed meanwhile.
   */
  function refreshNextDue(sub: SubscriptionRecord): Promise<void> {
    return writes.run(sub.id, async (tx) => {
      await tx.lockSubscription(sub.id);
      const current = await tx.getSubscription(sub.channel, sub.kind);
      if (!current || current.id !== sub.id) return;
      await tx.setNextDue(sub.id, await nextDueAt(tx, current, clock.now()));
    });
  }

  /** Does what one plan item needs: records a miss, or posts through the pool (claiming when its turn comes). */
  async function handle(item: PlanItem, report: TickReport, missing: Set<string>): Promise<void> {
    const now = clock.now();
    if (item.action === 'missed') {
      const input = { subscriptionId: item.sub.id, localDate: item.localDate, scheduledAt: item.scheduledAt };
      if (await writes.run(item.sub.id, (tx) => tx.insertMissed(input, now))) {
        report.missed.push(ref(item));
        logger.warn(ref(item), 'scheduled post missed: past the missed window');
      }
      return;
    }
    if (item.action === 'expire') {
      const reason = `${item.post?.error ?? 'failed'}; gave up: past the missed window`;
      const post = item.post;
      if (post) await writes.run(item.sub.id, (tx) => tx.markFailed(post.id, reason, undefined));
      report.failed.push({ ...ref(item), reason, attempt: item.post?.attempts ?? 0 });
      return;
    }
    const { adapter, state } = adapterState(item.sub.channel);
    const platform = platformOf(item.sub.channel);
    if (state !== 'missing') missingLogged.delete(platform);
    if (!adapter || state !== 'ready') {
      if (state === 'missing') missing.add(platform);
      report.skipped.push({ ...ref(item), reason: state === 'missing' ? 'no adapter' : 'adapter not ready' });
      return;
    }
    const target = { platform, channel: item.sub.channel, scope: rateScopeOf(item.sub.channel) };
    // Claimed only when the pool runs it: a post waiting for a slot is still free for another instance, and a
    // process killed meanwhile leaves no claim behind for it.
    const first = async (): Promise<Claimed | undefined> => {
      const until = rateLimitedUntil.get(target.scope) ?? 0;
      if (clock.now().getTime() < until) {
        report.skipped.push({ ...ref(item), reason: `rate limited until ${new Date(until).toISOString()}` });
        return undefined;
      }
      if (item.action === 'retry' && item.post) {
        const post = item.post;
        if (
          !post.quoteId ||
          !(await writes.run(item.sub.id, (tx) => tx.reclaimForRetry(post.id, clock.now())))
        )
          return undefined;
        return deliver(
          item,
          adapter,
          { postId: post.id, quoteId: post.quoteId, attempt: post.attempts + 1 },
          report,
        );
      }
      const claimed = await claim(item);
      if (claimed === 'taken') return undefined;
      if (claimed === 'empty') {
        report.skipped.push({ ...ref(item), reason: `no ${deckFor(item.sub.kind)} quotes to post` });
        return undefined;
      }
      return deliver(item, adapter, { ...claimed, attempt: 1 }, report);
    };
    // A post that met a short rate limit goes back to the pool, which holds its scope for the wait.
    let again = await pool.run(target, first);
    while (again) {
      const claimed = again;
      again = await pool.run(target, () => deliver(item, adapter, claimed, report));
    }
  }

  function tick(): Promise<TickReport> {
    const t = runTick();
    ticks.add(t);
    const done = (): void => void ticks.delete(t);
    t.then(done, done);
    return t;
  }

  function safeTick(): void {
    tick().catch((e: unknown) => logger.error({ err: e }, 'scheduler tick failed'));
  }

  return {
    ...subscriptions,
    tick,
    start() {
      if (task) return;
      task = cron.schedule('* * * * *', safeTick, {
        name: 'mingyan-scheduler',
        logger: {
          info: (m) => logger.debug(m),
          warn: (m) => logger.warn(m),
          error: (m, e) => logger.error({ err: e ?? m }, String(m)),
          debug: (m) => logger.debug(String(m)),
        },
      });
      safeTick();
    },
    async stop() {
      const t = task;
      task = undefined;
      if (t) await t.destroy();
      await Promise.allSettled([...ticks]);
    },
    async dueNow() {
      const now = clock.now();
      const items: DueItem[] = [];
      for (const sub of await store.listSubscriptions()) {
        for (const item of await planSubscription(store, sub, now, windowMs)) {
          if (item.action === 'expire') continue;
          const quoteId =
            item.action === 'post'
              ? await peekQuoteId(deps, sub)
              : item.action === 'retry'
                ? item.post?.quoteId
                : undefined;
          items.push({
            ...ref(item),
            action: item.action,
            ...(quoteId ? { quoteId } : {}),
            adapter: adapterState(sub.channel).state,
          });
        }
      }
      return items;
    },
  };
}
