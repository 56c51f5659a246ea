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
  /** The existing row: for retry and expire, and for a post whose local date a superseded row holds. */
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
 * A settled row of an occurrence from before the channel last subscribed (a new time or zone). Its local date
 * is free again for the new schedule, which can land on the same local date in another zone: 09:00 Shanghai
 * on June 1 and 20:00 Los Angeles on June 1 are a day apart. The 20-hour rule of upsertSubscription already
 * spaces the two posts. A claim in flight or a pending retry is never superseded: it is still that day's post.
 * The store's claimSuperseded checks the same in SQL.
 */
export function superseded(post: PostRecord, sub: SubscriptionRecord): boolean {
  if (post.status === 'claimed' || (post.status === 'failed' && post.nextAttemptAt !== undefined))
    return false;
  return post.scheduledAt < sub.effectiveFrom;
}

/**
 * What is due for one subscription at `now`, read from the database (never from the timer having fired):
 * every occurrence whose time has passed, on an allowed weekday, at or after the subscription took effect,
 * that has no post row yet (post, or missed when older than the window), plus failed posts whose retry time
 * has come. A 'claimed', 'posted', 'missed' or 'uncertain' row means the occurrence is settled.
 *
 * Retries come from the rows, not from the current schedule: a channel that subscribes again (new time or
 * zone) while a retry is pending keeps that day's retry, and a pending retry whose own time is past the
 * window expires; neither is left with a retry time nobody will ever act on.
 */
export async function planSubscription(
  store: Store,
  sub: SubscriptionRecord,
  now: Date,
  windowMs: number,
): Promise<PlanItem[]> {
  if (sub.pausedReason !== undefined) return [];
  const rows = await store.postsForPlanning([sub.id], planningFrom(now));
  return planFromRows(sub, rows, now, windowMs);
}

/**
 * The earliest local date a plan can look at, in any zone: local dates run from a day behind UTC to a day
 * ahead, and a plan looks LOOK_BACK_DAYS back from the local today.
 */
export function planningFrom(now: Date): string {
  return addDays(localDateOf(now, 'UTC'), -(LOOK_BACK_DAYS + 1));
}

/**
 * planSubscription from rows already read: `rows` holds at least the subscription's rows from
 * planningFrom(now) and its pending retries (Store.postsForPlanning), so one read serves a whole tick.
 */
export function planFromRows(
  sub: SubscriptionRecord,
  rows: readonly PostRecord[],
  now: Date,
  windowMs: number,
): PlanItem[] {
  if (sub.pausedReason !== undefined) return [];
  const own = rows.filter((p) => p.subscriptionId === sub.id);
  const items: PlanItem[] = [];
  const retries = own
    .filter((p) => p.status === 'failed' && p.nextAttemptAt !== undefined)
    .sort((a, b) => (a.localDate < b.localDate ? -1 : a.localDate > b.localDate ? 1 : 0));
  for (const post of retries) {
    const scheduledAt = new Date(post.scheduledAt);
    const item = { sub, localDate: post.localDate, scheduledAt, post };
    if (now.getTime() - scheduledAt.getTime() > windowMs) items.push({ ...item, action: 'expire' });
    else if ((post.nextAttemptAt ?? '') <= now.toISOString()) items.push({ ...item, action: 'retry' });
  }
  const byDate = new Map(own.map((p) => [p.localDate, p]));
  for (const { localDate, scheduledAt } of occurrences(sub, now, -LOOK_BACK_DAYS, 0)) {
    if (scheduledAt.getTime() > now.getTime()) continue;
    const late = now.getTime() - scheduledAt.getTime() > windowMs;
    const post = byDate.get(localDate);
    if (post && (late || !superseded(post, sub))) continue;
    items.push({ sub, localDate, scheduledAt, action: late ? 'missed' : 'post', ...(post ? { post } : {}) });
  }
  return items;
}

/** When the subscription will next post: a pending retry, an occurrence due now, or the next one ahead. */
export async function nextPostAt(
  store: Store,
  sub: SubscriptionRecord,
  now: Date,
  windowMs: number,
): Promise<Date | undefined> {
  if (sub.pausedReason !== undefined) return undefined;
  const inWindow = (at: Date): boolean => now.getTime() - at.getTime() <= windowMs;
  const retry = (await store.pendingRetries(sub.id))
    .filter((p) => inWindow(new Date(p.scheduledAt)))
    .map((p) => new Date(p.nextAttemptAt ?? p.scheduledAt))[0];
  for (const { localDate, scheduledAt } of occurrences(sub, now, -LOOK_BACK_DAYS, LOOK_AHEAD_DAYS)) {
    if (!inWindow(scheduledAt)) continue;
    const post = await store.getPost(sub.id, localDate);
    if (post && !superseded(post, sub)) continue;
    return retry && retry < scheduledAt ? retry : scheduledAt;
  }
  return retry;
}

/**
 * When a tick next has something to do for `sub`: its oldest occurrence not yet settled (a past one too: it is
 * posted, or recorded as missed), or its earliest pending retry, whichever comes first; undefined when paused.
 * Stored as the subscription's next_due_at, so a tick reads only the subscriptions that are due.
 */
export async function nextDueAt(store: Store, sub: SubscriptionRecord, now: Date): Promise<Date | undefined> {
  if (sub.pausedReason !== undefined) return undefined;
  let best: Date | undefined;
  for (const p of await store.pendingRetries(sub.id)) {
    const at = new Date(p.nextAttemptAt ?? p.scheduledAt);
    if (!best || at < best) best = at;
  }
  const rows = new Map(
    (await store.postsFrom(sub.id, addDays(localDateOf(now, sub.timezone), -LOOK_BACK_DAYS))).map((p) => [
      p.localDate,
      p,
    ]),
  );
  for (const { localDate, scheduledAt } of occurrences(sub, now, -LOOK_BACK_DAYS, LOOK_AHEAD_DAYS)) {
    const post = rows.get(localDate);
    if (post && !superseded(post, sub)) continue;
    return best && best < scheduledAt ? best : scheduledAt;
  }
  return best;
}
