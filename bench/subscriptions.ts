import type { Kysely } from 'kysely';
import { localTimeOf } from '../src/schedule/time.js';
import type { Tables } from '../src/store/schema.js';

/** The benchmarks' time zones: 400 of the IANA zones. */
export const ZONES = Intl.supportedValuesOf('timeZone').slice(0, 400);

/** One daily subscription for the benchmarks: due at `at` in `zone`, subscribed at `from`. */
export interface BenchSubscription {
  channel: string;
  zone: string;
  at: Date;
  from: Date;
}

/** Inserts the subscriptions straight into the table, in one transaction and slices of 500 rows. */
export async function insertDailySubscriptions(
  db: Kysely<Tables>,
  subs: readonly BenchSubscription[],
): Promise<void> {
  const rows = subs.map(({ channel, zone, at, from }) => ({
    channel,
    kind: 'daily' as const,
    time: localTimeOf(at, zone),
    days: '0,1,2,3,4,5,6',
    timezone: zone,
    lang: 'both' as const,
    created_by: 'bench',
    created_at: from.toISOString(),
    effective_from: from.toISOString(),
    next_due_at: at.toISOString(),
  }));
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 500)
      await trx
        .insertInto('subscriptions')
        .values(rows.slice(i, i + 500))
        .execute();
  });
}
