import type { SubscriptionView } from '../bot/reply.js';
import { LANGS } from '../bot/reply.js';
import type { SubscribeRequest, Subscriptions } from '../bot/types.js';
import type { Bilingual } from '../quotes/schema.js';
import { err, ok } from '../result.js';
import type { Result } from '../result.js';
import { RESUBSCRIBE_GAP_MS, type PostStatus, type SubscriptionRecord } from '../store/types.js';
import { nextPostAt, superseded } from './due.js';
import { crossDeckSince, dealNext, deckFor, otherDeck } from './rotation.js';
import { isValidTimeZone, localDateOf, weekdayOf, zonedInstant } from './time.js';
import type { ScheduleEntry, SchedulerDeps } from './types.js';

/** The view of a subscription the bot and `schedule list` show. */
export async function viewOf(
  deps: SchedulerDeps,
  sub: SubscriptionRecord,
  windowMs: number,
): Promise<SubscriptionView> {
  const next = await nextPostAt(deps.store, sub, deps.clock.now(), windowMs);
  return {
    id: sub.id,
    kind: sub.kind,
    time: sub.time,
    timezone: sub.timezone,
    days: [...sub.days],
    lang: sub.lang,
    ...(sub.card ? { card: true } : {}),
    ...(next ? { nextAt: next.toISOString() } : {}),
    ...(sub.pausedReason !== undefined ? { pausedReason: sub.pausedReason } : {}),
    ...(await lastProblemOf(deps, sub)),
  };
}

const PROBLEM_TEXT: Partial<Record<PostStatus, string>> = {
  uncertain: 'may not have arrived (not resent, to avoid a duplicate)',
  missed: 'missed (the bot was down past the missed window)',
  failed: 'failed',
};

/** Says so in status when the latest post did not arrive cleanly, so a channel knows why a day is missing. */
async function lastProblemOf(
  deps: SchedulerDeps,
  sub: SubscriptionRecord,
): Promise<{ lastProblem?: string }> {
  const last = await deps.store.lastPost(sub.id);
  const text = last === undefined ? undefined : PROBLEM_TEXT[last.status];
  if (last === undefined || text === undefined) return {};
  return { lastProblem: `${last.localDate}: ${text}${last.error ? ` (${last.error})` : ''}` };
}

/** The quote the subscription's next post will show: the next card of the channel's deck. */
export async function peekQuoteId(deps: SchedulerDeps, sub: SubscriptionRecord): Promise<string | undefined> {
  const deck = deckFor(sub.kind);
  const { store } = deps;
  const since = crossDeckSince(deps.clock.now());
  return dealNext(
    deps.corpus,
    sub.channel,
    deck,
    await store.getRotation(sub.channel, deck),
    await store.shownSince(sub.channel, otherDeck(deck), since),
  )?.quoteId;
}

/**
 * Whether the first post comes later than the schedule's next occurrence because of the gap the store keeps
 * after the channel's last post (RESUBSCRIBE_GAP_MS): then the occurrence it skips and when that post was.
 */
async function heldBackBy(
  deps: SchedulerDeps,
  sub: SubscriptionRecord,
  view: SubscriptionView,
  now: Date,
  windowMs: number,
): Promise<SubscriptionView['heldBack']> {
  const from = Date.parse(sub.effectiveFrom);
  if (!(from > now.getTime())) return undefined;
  const unheld = await nextPostAt(deps.store, { ...sub, effectiveFrom: now.toISOString() }, now, windowMs);
  if (!unheld || (view.nextAt !== undefined && Date.parse(view.nextAt) <= unheld.getTime())) return undefined;
  return {
    skipped: unheld.toISOString(),
    lastPost: new Date(from - RESUBSCRIBE_GAP_MS).toISOString(),
    gapHours: RESUBSCRIBE_GAP_MS / 3_600_000,
  };
}

/** Checks and normalises a request; the refusal says what to type instead, in both languages. */
function validate(req: SubscribeRequest, defaultZone: string): Result<SubscribeRequest, Bilingual> {
  const time = /^(\d{1,2}):(\d{2})$/.exec(req.time.trim());
  if (!time || Number(time[1]) > 23 || Number(time[2]) > 59) {
    return err({
      zh: `时间“${req.time}”无效：请用 24 小时制 HH:MM，例如 09:00。`,
      en: `"${req.time}" is not a time: use 24-hour HH:MM, e.g. 09:00.`,
    });
  }
  const zone = req.timezone.trim() || defaultZone;
  if (!isValidTimeZone(zone)) {
    return err({
      zh: `未知时区“${zone}”：请用 IANA 时区名，例如 Asia/Shanghai、Europe/London。`,
      en: `Unknown time zone "${zone}": use an IANA name such as Asia/Shanghai or Europe/London.`,
    });
  }
  const days = [...new Set(req.days)].sort((a, b) => a - b);
  if (days.length === 0 || days.some((d) => !Number.isInteger(d) || d < 0 || d > 6)) {
    return err({
      zh: '星期几无效：请给出至少一天（0 = 周日 … 6 = 周六）。',
      en: 'Bad days of the week: give at least one day (0 = Sunday … 6 = Saturday).',
    });
  }
  if (!LANGS.includes(req.lang)) {
    return err({ zh: '语言只能是 zh、en 或 both。', en: 'Language must be zh, en or both.' });
  }
  if (!req.channel.trim()) return err({ zh: '缺少频道。', en: 'No channel given.' });
  const canonicalZone = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  const hhmm = `${time[1]?.padStart(2, '0')}:${time[2]}`;
  return ok({ ...req, time: hhmm, timezone: canonicalZone, days });
}

/** The Subscriptions half of the scheduler (what the bot calls), plus the all-channel listing. */
export function createSubscriptionService(
  deps: SchedulerDeps,
  windowMs: number,
): Subscriptions & { listAll(): Promise<ScheduleEntry[]> } {
  const { store, clock } = deps;
  return {
    async subscribe(request) {
      const checked = validate(request, deps.defaultTimeZone);
      if (!checked.ok) return checked;
      const now = clock.now();
      const sub = await store.upsertSubscription(checked.value, now);
      deps.logger.info(
        { channel: sub.channel, kind: sub.kind, time: sub.time, timezone: sub.timezone, days: sub.days },
        'subscribed',
      );
      const view = await viewOf(deps, sub, windowMs);
      const heldBack = await heldBackBy(deps, sub, view, now, windowMs);
      return ok(heldBack ? { ...view, heldBack } : view);
    },
    async unsubscribe(channel, kind) {
      const removed = await store.removeSubscription(channel, kind, clock.now());
      if (removed) deps.logger.info({ channel, kind }, 'unsubscribed');
      return removed;
    },
    list: async (channel) =>
      Promise.all((await store.listSubscriptions(channel)).map((s) => viewOf(deps, s, windowMs))),
    listAll: async () =>
      Promise.all(
        (await store.listSubscriptions()).map(async (s) => {
          const last = await store.lastPost(s.id);
          return {
            ...(await viewOf(deps, s, windowMs)),
            channel: s.channel,
            ...(last
              ? {
                  lastPost: {
                    localDate: last.localDate,
                    status: last.status,
                    quoteId: last.quoteId,
                    messageId: last.messageId,
                    error: last.error,
                    attempts: last.attempts,
                  },
                }
              : {}),
          };
        }),
      ),
    /**
     * The quote the daily post showed today (the claimed row's quote, whatever its delivery outcome), or, if
     * it will still post today, the next card of the channel's deck: exactly what the claim will then deal.
     * Undefined when no daily post happens today (none subscribed, paused, not a posting day, missed).
     */
    async todayQuoteId(channel) {
      const sub = await store.getSubscription(channel, 'daily');
      if (!sub || sub.pausedReason !== undefined) return undefined;
      const now = clock.now();
      const today = localDateOf(now, sub.timezone);
      const post = await store.getPost(sub.id, today);
      if (post && !superseded(post, sub)) return post.quoteId;
      if (!sub.days.includes(weekdayOf(today))) return undefined;
      const at = zonedInstant(today, sub.time, sub.timezone);
      if (at.getTime() < new Date(sub.effectiveFrom).getTime()) return undefined;
      if (now.getTime() - at.getTime() > windowMs) return undefined;
      return peekQuoteId(deps, sub);
    },
  };
}
