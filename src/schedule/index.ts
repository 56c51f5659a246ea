import cron from 'node-cron';
import type { ScheduledTask } from 'node-cron';
import type { Adapter, PostFailure } from '../adapter.js';
import { platformOf } from '../adapter.js';
import { redactText } from '../log.js';
import { err } from '../result.js';
import type { Result } from '../result.js';
import type { Reply } from '../bot/reply.js';
import type { PlanItem } from './due.js';
import { planSubscription, superseded } from './due.js';
import { scheduledReply } from './post-reply.js';
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
});

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
 * it deals, in one immediate transaction; the UNIQUE key means one instance (process or connection) wins, the
 * others see the row and move on. The message id is recorded after the post.
 *
 * Killed between claim and post: the row stays 'claimed' and is NEVER re-posted automatically. The scheduler
 * cannot know whether the platform received the message (the process may have died after sending, before the
 * answer), and a channel seeing the same "daily" quote twice is worse than a day without one, which
 * `/quote today` still covers. Once the claim is older than `staleClaimMs` a tick marks it 'uncertain', logs a
 * warning and reports it once in `TickReport.uncertain`; `schedule list` shows it. A graceful stop() waits for
 * posts in flight, so only a hard kill (SIGKILL, power loss, OOM) leaves one.
 *
 * Failures (PostFailure.kind): a transient one is retried with exponential backoff (the server's retry-after
 * when longer), at most `maxAttempts` times and never past the missed window; one refusing the bot's
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
  const policy: SchedulePolicy = { ...DEFAULT_POLICY, ...deps.policy };
  // One tick must never count as "late": a window below two minutes would record every post as missed.
  const windowMs = Math.max(deps.missedWindowHours * 60 * MINUTE, 2 * MINUTE);
  const subscriptions = createSubscriptionService(deps, windowMs);
  let running: Promise<TickReport> | undefined;
  let task: ScheduledTask | undefined;
  // Platforms already logged as having no adapter, or as refusing the bot's credentials: said once, not per tick.
  const missingLogged = new Set<string>();
  const credentialsLogged = new Set<string>();

  function adapterState(channel: string): { adapter?: Adapter; state: DueItem['adapter'] } {
    const adapter = deps.adapterFor(channel);
    if (!adapter) return { state: 'missing' };
    return { adapter, state: adapter.isReady() ? 'ready' : 'not-ready' };
  }

  /** Claims a first attempt in one immediate transaction, dealing the channel's next card with it. */
  function claim(item: PlanItem): { postId: number; quoteId: string } | 'taken' | 'empty' {
    const { sub } = item;
    const deck = deckFor(sub.kind);
    return store.write(() => {
      const existing = store.getPost(sub.id, item.localDate);
      if (existing && !superseded(existing, sub)) return 'taken';
      const now = clock.now();
      const card = dealNext(
        corpus,
        sub.channel,
        deck,
        store.getRotation(sub.channel, deck),
        store.shownSince(sub.channel, otherDeck(deck), crossDeckSince(now)),
      );
      if (!card) return 'empty';
      const input = {
        subscriptionId: sub.id,
        localDate: item.localDate,
        scheduledAt: item.scheduledAt,
        quoteId: card.quoteId,
      };
      const row = existing ? store.claimSuperseded(existing.id, input, now) : store.insertClaim(input, now);
      if (!row) return 'taken';
      store.recordShown(sub.channel, deck, card.cycle, card.quoteId, now);
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

  async function deliver(
    item: PlanItem,
    adapter: Adapter,
    claimed: { postId: number; quoteId: string; attempt: number },
    report: TickReport,
  ): Promise<void> {
    const { sub } = item;
    const { postId, quoteId, attempt } = claimed;
    let reply: Reply;
    try {
      reply = scheduledReply(sub, quoteId, corpus, deps.publicUrl);
    } catch (e) {
      // The corpus changed under a claimed post (a retry after a restart): not the channel's fault, no pause.
      const reason = e instanceof Error ? e.message : String(e);
      store.markFailed(postId, reason, undefined);
      report.failed.push({ ...ref(item), quoteId, attempt, reason });
      logger.error({ ...ref(item), quoteId, reason }, 'scheduled post could not be built');
      return;
    }
    if (sub.card && reply.kind === 'quote') reply = await withCard(reply, item);
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
    if (result.ok) {
      store.markPosted(postId, result.value.messageId, now);
      credentialsLogged.delete(platform);
      report.posted.push({ ...base, messageId: result.value.messageId });
      logger.info({ ...base, messageId: result.value.messageId }, 'scheduled post sent');
      return;
    }
    const { reason, kind } = result.error;
    if (kind === 'permanent') {
      store.write(() => {
        store.markFailed(postId, reason, undefined);
        store.pauseSubscription(sub.id, reason, now);
      });
      report.failed.push({ ...base, reason });
      report.paused.push({ ...ref(item), reason });
      logger.warn({ ...base, reason }, 'scheduled post failed permanently; subscription paused');
      return;
    }
    if (kind === 'uncertain') {
      const why = `${reason}: it may or may not have gone out; not re-posted`;
      store.markUncertain(postId, why);
      report.uncertain.push({ ...base, reason: why });
      logger.warn(
        { ...base, reason },
        'scheduled post outcome unknown; recorded as uncertain, not re-posted',
      );
      return;
    }
    if (kind === 'rejected') {
      store.markFailed(postId, reason, undefined);
      report.failed.push({ ...base, reason });
      logger.error({ ...base, reason }, 'the platform rejected a scheduled post; not retried today');
      return;
    }
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
    store.markFailed(postId, reason, retry ? retryAt : undefined);
    report.failed.push({ ...base, reason, ...(retry ? { retryAt: retryAt.toISOString() } : {}) });
    logger.warn(
      { ...base, reason, retryAt: retry ? retryAt.toISOString() : undefined },
      'scheduled post failed',
    );
  }

  async function runTick(): Promise<TickReport> {
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
    for (const p of store.markStaleClaims(new Date(now.getTime() - policy.staleClaimMs))) {
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
    for (const sub of store.listSubscriptions()) {
      for (const item of planSubscription(store, sub, now, windowMs)) {
        try {
          const started = handle(item, report, missing);
          // A failed bookkeeping write leaves the row 'claimed' (later 'uncertain'); the other posts carry on.
          if (started)
            deliveries.push(
              started.catch((e: unknown) =>
                logger.error({ ...ref(item), err: e }, 'could not record a post outcome'),
              ),
            );
        } catch (e) {
          const reason = redactText(e instanceof Error ? e.message : String(e));
          report.skipped.push({ ...ref(item), reason });
          logger.error({ ...ref(item), reason }, 'scheduler could not handle a due post');
        }
      }
    }
    const fresh = [...missing].filter((p) => !missingLogged.has(p));
    if (fresh.length > 0) {
      for (const p of fresh) missingLogged.add(p);
      logger.warn({ platforms: fresh }, 'scheduled posts waiting: no adapter running for these platforms');
    }
    await Promise.all(deliveries);
    return report;
  }

  /** Does what one plan item needs; returns the delivery when it claimed a post. */
  function handle(item: PlanItem, report: TickReport, missing: Set<string>): Promise<void> | undefined {
    const now = clock.now();
    if (item.action === 'missed') {
      if (
        store.insertMissed(
          { subscriptionId: item.sub.id, localDate: item.localDate, scheduledAt: item.scheduledAt },
          now,
        )
      ) {
        report.missed.push(ref(item));
        logger.warn(ref(item), 'scheduled post missed: past the missed window');
      }
      return undefined;
    }
    if (item.action === 'expire') {
      const reason = `${item.post?.error ?? 'failed'}; gave up: past the missed window`;
      if (item.post) store.markFailed(item.post.id, reason, undefined);
      report.failed.push({ ...ref(item), reason, attempt: item.post?.attempts ?? 0 });
      return undefined;
    }
    const { adapter, state } = adapterState(item.sub.channel);
    if (state !== 'missing') missingLogged.delete(platformOf(item.sub.channel));
    if (!adapter || state !== 'ready') {
      if (state === 'missing') missing.add(platformOf(item.sub.channel));
      report.skipped.push({ ...ref(item), reason: state === 'missing' ? 'no adapter' : 'adapter not ready' });
      return undefined;
    }
    if (item.action === 'retry' && item.post) {
      if (!item.post.quoteId || !store.reclaimForRetry(item.post.id, now)) return undefined;
      const claimed = { postId: item.post.id, quoteId: item.post.quoteId, attempt: item.post.attempts + 1 };
      return deliver(item, adapter, claimed, report);
    }
    const claimed = claim(item);
    if (claimed === 'taken') return undefined;
    if (claimed === 'empty') {
      report.skipped.push({ ...ref(item), reason: `no ${deckFor(item.sub.kind)} quotes to post` });
      return undefined;
    }
    return deliver(item, adapter, { ...claimed, attempt: 1 }, report);
  }

  function tick(): Promise<TickReport> {
    running ??= runTick().finally(() => {
      running = undefined;
    });
    return running;
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
      await running?.catch(() => undefined);
    },
    dueNow() {
      const now = clock.now();
      const items: DueItem[] = [];
      for (const sub of store.listSubscriptions()) {
        for (const item of planSubscription(store, sub, now, windowMs)) {
          if (item.action === 'expire') continue;
          const quoteId =
            item.action === 'post'
              ? peekQuoteId(deps, sub)
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
