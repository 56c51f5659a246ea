import type { PostRecord, Store, SubscriptionRecord } from '../store/types.js';
import { addDays, localDateOf, weekdayOf, zonedInstant } from './time.js';

/** Something a tick has to do for one occurrence. */
export interface PlanItem {
  /** The subscription. */
  sub: SubscriptionRecord;
  /** Local date of the occurrence. */
  localDate: string;
  /** When it was due. */
  scheduledAt: Date;
  /** post: no row yet; retry: failed, retry time come; missed: no row, past the window; expire: retry past the window. */
  action: 'post' | 'retry' | 'missed' | 'expire';
  /** The existing row for retry and expire. */
  post?: PostRecord;
}

/** Local dates looked back over: a window of up to 24 h can reach two local days back across a short DST day. */
const LOOK_BACK_DAYS = 2;
/** Local dates looked ahead for the next post: a weekly subscription's next day is at most 7 days away. */
const LOOK_AHEAD_DAYS = 8;

/** The occurrences of `sub` on local dates from `from` to `to` days around today, oldest first. */
function occurrences(sub: SubscriptionRecord, now: Date, from: number, to: number) {
  const today = localDateOf(now, sub.timezone);
  const found: { localDate: string; scheduledAt: Date }[] = [];
  for (let i = from; i <= to; i++) {
    const localDate = addDays(today, i);
    if (!sub.days.includes(weekdayOf(localDate))) continue;
    const scheduledAt = zonedInstant(localDate, sub.time, sub.timezone);
    if (scheduledAt.getTime() < new Date(sub.effectiveFrom).getTime()) continue;
    found.push({ localDate, scheduledAt });
  }
  return found;
}

/**
 * What is due for one subscription at `now`, read from the database (never from the timer having fired):
 * every occurrence whose time has passed, on an allowed weekday, at or after the subscription took effect,
 * that has no post row yet (post, or missed when older than the window), plus failed posts whose retry time
 * has come. A 'claimed', 'posted', 'missed' or 'uncertain' row means the occurrence is settled.
 */
export function planSubscription(
  store: Store,
  sub: SubscriptionRecord,
  now: Date,
  windowMs: number,
): PlanItem[] {
  if (sub.pausedReason !== undefined) return [];
  const items: PlanItem[] = [];
  for (const { localDate, scheduledAt } of occurrences(sub, now, -LOOK_BACK_DAYS, 0)) {
    if (scheduledAt.getTime() > now.getTime()) continue;
    const late = now.getTime() - scheduledAt.getTime() > windowMs;
    const post = store.getPost(sub.id, localDate);
    if (!post) {
      items.push({ sub, localDate, scheduledAt, action: late ? 'missed' : 'post' });
    } else if (post.status === 'failed' && post.nextAttemptAt !== undefined) {
      if (late) items.push({ sub, localDate, scheduledAt, action: 'expire', post });
      else if (post.nextAttemptAt <= now.toISOString())
        items.push({ sub, localDate, scheduledAt, action: 'retry', post });
    }
  }
  return items;
}

/** When the subscription will next post: a pending retry, an occurrence due now, or the next one ahead. */
export function nextPostAt(
  store: Store,
  sub: SubscriptionRecord,
  now: Date,
  windowMs: number,
): Date | undefined {
  if (sub.pausedReason !== undefined) return undefined;
  for (const { localDate, scheduledAt } of occurrences(sub, now, -LOOK_BACK_DAYS, LOOK_AHEAD_DAYS)) {
    const late = now.getTime() - scheduledAt.getTime() > windowMs;
    if (late) continue;
    const post = store.getPost(sub.id, localDate);
    if (!post) return scheduledAt;
    if (post.status === 'failed' && post.nextAttemptAt !== undefined) return new Date(post.nextAttemptAt);
  }
  return undefined;
}
