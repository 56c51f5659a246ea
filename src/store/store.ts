import type { Kysely, Selectable } from 'kysely';
import { sql } from 'kysely';
import type { SubscriptionKind } from '../bot/command.js';
import type { DialectName, Tables } from './schema.js';
import type {
  InstallationKey,
  PostRecord,
  PostWithSubscription,
  RotationState,
  SlackInstallation,
  Store,
  SubscriptionRecord,
} from './types.js';

import { RESUBSCRIBE_GAP_MS } from './types.js';

export { RESUBSCRIBE_GAP_MS };

type SubscriptionRow = Selectable<Tables['subscriptions']>;
type PostRow = Selectable<Tables['posts']>;
type InstallationRow = Selectable<Tables['slack_installations']>;

const toInstallation = (r: InstallationRow): SlackInstallation => ({
  enterpriseId: r.enterprise_id || undefined,
  teamId: r.team_id || undefined,
  teamName: r.team_name ?? undefined,
  enterpriseName: r.enterprise_name ?? undefined,
  enterpriseUrl: r.enterprise_url ?? undefined,
  isEnterpriseInstall: Number(r.is_enterprise_install) === 1,
  appId: r.app_id ?? undefined,
  botToken: r.bot_token,
  botId: r.bot_id ?? undefined,
  botUserId: r.bot_user_id,
  botScopes: r.bot_scopes === '' ? [] : r.bot_scopes.split(','),
  botRefreshToken: r.bot_refresh_token ?? undefined,
  botExpiresAt: r.bot_expires_at ?? undefined,
  installerUserId: r.installer_user_id ?? undefined,
  installedAt: r.installed_at,
  updatedAt: r.updated_at,
});

/** The row key of an installation: '' for an absent part, so (enterprise, team) is a plain primary key. */
const keyOf = (key: InstallationKey): { enterprise_id: string; team_id: string } => ({
  enterprise_id: key.enterpriseId ?? '',
  team_id: key.teamId ?? '',
});

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
  nextDueAt: r.next_due_at ?? undefined,
  card: Number(r.card) === 1,
});

const toPost = (r: PostRow): PostRecord => ({
  id: r.id,
  subscriptionId: r.subscription_id,
  localDate: r.local_date,
  scheduledAt: r.scheduled_at,
  quoteId: r.quote_id ?? undefined,
  status: r.status,
  attempts: Number(r.attempts),
  nextAttemptAt: r.next_attempt_at ?? undefined,
  messageId: r.message_id ?? undefined,
  error: r.error ?? undefined,
  claimedAt: r.claimed_at ?? undefined,
  postedAt: r.posted_at ?? undefined,
});

const iso = (d: Date): string => d.toISOString();
/** Subscription ids per statement when reading many at once (SQLite allows 32,766 parameters). */
const PLANNING_SLICE = 500;

/** What a Store is built on: the database handle (or an open transaction) and what it is. */
interface Backing {
  db: Kysely<Tables>;
  dialect: DialectName;
  /** Set inside write(): the Store's own write then runs inline. */
  inTransaction: boolean;
  /** Closes the database; only the outermost Store has one. */
  destroy?: () => Promise<void>;
}

/**
 * The one implementation of Store, written once with Kysely for SQLite and Postgres. Every query below runs on
 * both; the few differences (row locks) are said where they are.
 */
export function createKyselyStore(backing: Backing): Store {
  const { db, dialect } = backing;
  let closed = false;

  const write = <T>(fn: (tx: Store) => Promise<T>): Promise<T> =>
    backing.inTransaction
      ? fn(store)
      : db.transaction().execute((trx) => fn(createKyselyStore({ db: trx, dialect, inTransaction: true })));

  const activeSub = (channel: string, kind: SubscriptionKind) =>
    db
      .selectFrom('subscriptions')
      .selectAll()
      .where('channel', '=', channel)
      .where('kind', '=', kind)
      .where('removed_at', 'is', null);

  /**
   * When a (re)subscription takes effect: now, unless the channel's subscription of that kind posted (or may
   * have, or has a retry pending) in the last RESUBSCRIBE_GAP_MS; then that post's time plus the gap. So moving
   * a 09:00 Shanghai post that went out at 01:05Z to 20:00 Los Angeles at 02:00Z does not post again at 03:00Z
   * (a different local date in the new zone): the first post under the new schedule is the first occurrence at
   * least 20 hours after the last one. The gap is zone-independent on purpose: "the next local midnight in the
   * new zone" can be an hour away. Called inside the upsert's transaction, after the row lock, so writers agree.
   */
  async function effectiveFrom(
    tx: Kysely<Tables>,
    input: { channel: string; kind: SubscriptionKind },
    now: Date,
  ): Promise<Date> {
    const since = iso(new Date(now.getTime() - RESUBSCRIBE_GAP_MS));
    const delivered = sql<string>`COALESCE(p.posted_at, p.claimed_at)`;
    // The latest post of the (channel, kind) row, removed or not, that went out, may have, or still will (a
    // pending retry); 'missed' rows and given-up failures never posted.
    const row = await tx
      .selectFrom('posts as p')
      .innerJoin('subscriptions as s', 's.id', 'p.subscription_id')
      .select((eb) => eb.fn.max(delivered).as('at'))
      .where('s.channel', '=', input.channel)
      .where('s.kind', '=', input.kind)
      .where((eb) =>
        eb.or([
          eb('p.status', 'in', ['posted', 'claimed', 'uncertain']),
          eb.and([eb('p.status', '=', 'failed'), eb('p.next_attempt_at', 'is not', null)]),
        ]),
      )
      .where(delivered, '>', since)
      .executeTakeFirst();
    const at = row?.at;
    if (!at) return now;
    return new Date(Math.max(now.getTime(), new Date(at).getTime() + RESUBSCRIBE_GAP_MS));
  }

  /** Runs `body` in this Store's transaction, or in a new one. */
  const inTx = <T>(body: (t: Kysely<Tables>) => Promise<T>): Promise<T> =>
    backing.inTransaction ? body(db) : db.transaction().execute(body);

  const store: Store = {
    dialect,
    write,
    async lockSubscription(id) {
      // Postgres only: later reads in this read-committed transaction then see what the lock's holder wrote.
      if (dialect !== 'postgres') return;
      await db.selectFrom('subscriptions').select('id').where('id', '=', id).forUpdate().execute();
    },
    async lockKey(key) {
      if (dialect !== 'postgres') return;
      await sql`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(db);
    },
    async getLang(channel) {
      const row = await db
        .selectFrom('channel_settings')
        .select('lang')
        .where('channel', '=', channel)
        .executeTakeFirst();
      return row?.lang;
    },
    async setLang(channel, lang) {
      await db
        .insertInto('channel_settings')
        .values({ channel, lang, updated_at: iso(new Date()) })
        .onConflict((oc) =>
          oc.column('channel').doUpdateSet((eb) => ({
            lang: eb.ref('excluded.lang'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    },
    upsertSubscription: (input, now) =>
      inTx(async (t) => {
        // Two instances re-subscribing one channel (Postgres): the second waits here, then sees the first's row.
        if (dialect === 'postgres')
          await t
            .selectFrom('subscriptions')
            .select('id')
            .where('channel', '=', input.channel)
            .where('kind', '=', input.kind)
            .forUpdate()
            .execute();
        const days = [...new Set(input.days)].sort((a, b) => a - b).join(',');
        const from = iso(await effectiveFrom(t, input, now));
        await t
          .insertInto('subscriptions')
          .values({
            channel: input.channel,
            kind: input.kind,
            time: input.time,
            days,
            timezone: input.timezone,
            lang: input.lang,
            created_by: input.createdBy,
            created_at: iso(now),
            effective_from: from,
            card: input.card ? 1 : 0,
            // Now, not effective_from: a pending retry of the old schedule may be due before that.
            next_due_at: iso(now),
          })
          .onConflict((oc) =>
            oc.columns(['channel', 'kind']).doUpdateSet((eb) => ({
              time: eb.ref('excluded.time'),
              days: eb.ref('excluded.days'),
              timezone: eb.ref('excluded.timezone'),
              lang: eb.ref('excluded.lang'),
              card: eb.ref('excluded.card'),
              created_by: eb.ref('excluded.created_by'),
              effective_from: eb.ref('excluded.effective_from'),
              next_due_at: eb.ref('excluded.next_due_at'),
              created_at: eb
                .case()
                .when('subscriptions.removed_at', 'is', null)
                .then(eb.ref('subscriptions.created_at'))
                .else(eb.ref('excluded.created_at'))
                .end(),
              paused_reason: null,
              paused_at: null,
              removed_at: null,
            })),
          )
          .execute();
        const row = await t
          .selectFrom('subscriptions')
          .selectAll()
          .where('channel', '=', input.channel)
          .where('kind', '=', input.kind)
          .where('removed_at', 'is', null)
          .executeTakeFirst();
        if (!row) throw new Error('subscription vanished right after it was written');
        return toSubscription(row);
      }),
    async removeSubscription(channel, kind, now) {
      const r = await db
        .updateTable('subscriptions')
        .set({ removed_at: iso(now), next_due_at: null })
        .where('channel', '=', channel)
        .where('kind', '=', kind)
        .where('removed_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async getSubscription(channel, kind) {
      const row = await activeSub(channel, kind).executeTakeFirst();
      return row && toSubscription(row);
    },
    async listSubscriptions(channel) {
      let q = db.selectFrom('subscriptions').selectAll().where('removed_at', 'is', null);
      if (channel !== undefined) q = q.where('channel', '=', channel);
      return (await q.orderBy('id').execute()).map(toSubscription);
    },
    async dueSubscriptions(now, limit) {
      let q = db
        .selectFrom('subscriptions')
        .selectAll()
        .where('next_due_at', '<=', iso(now))
        .where('removed_at', 'is', null)
        .where('paused_reason', 'is', null)
        .orderBy('next_due_at')
        .orderBy('id');
      if (limit !== undefined) q = q.limit(limit);
      return (await q.execute()).map(toSubscription);
    },
    async setNextDue(id, at) {
      await db
        .updateTable('subscriptions')
        .set({ next_due_at: at ? iso(at) : null })
        .where('id', '=', id)
        .where('removed_at', 'is', null)
        .where('paused_reason', 'is', null)
        .execute();
    },
    async postsFrom(subscriptionId, localDate) {
      const rows = await db
        .selectFrom('posts')
        .selectAll()
        .where('subscription_id', '=', subscriptionId)
        .where('local_date', '>=', localDate)
        .orderBy('local_date')
        .execute();
      return rows.map(toPost);
    },
    async pauseSubscription(id, reason, now) {
      await db
        .updateTable('subscriptions')
        .set({ paused_reason: reason, paused_at: iso(now), next_due_at: null })
        .where('id', '=', id)
        .execute();
    },
    async getPost(subscriptionId, localDate) {
      const row = await db
        .selectFrom('posts')
        .selectAll()
        .where('subscription_id', '=', subscriptionId)
        .where('local_date', '=', localDate)
        .executeTakeFirst();
      return row && toPost(row);
    },
    async pendingRetries(subscriptionId) {
      const rows = await db
        .selectFrom('posts')
        .selectAll()
        .where('subscription_id', '=', subscriptionId)
        .where('status', '=', 'failed')
        .where('next_attempt_at', 'is not', null)
        .orderBy('local_date')
        .execute();
      return rows.map(toPost);
    },
    async postsForPlanning(subscriptionIds, localDate) {
      const found: PostRecord[] = [];
      // In slices: SQLite caps the parameters of one statement.
      for (let i = 0; i < subscriptionIds.length; i += PLANNING_SLICE) {
        const rows = await db
          .selectFrom('posts')
          .selectAll()
          .where('subscription_id', 'in', subscriptionIds.slice(i, i + PLANNING_SLICE))
          .where((eb) =>
            eb.or([
              eb('local_date', '>=', localDate),
              eb.and([eb('status', '=', 'failed'), eb('next_attempt_at', 'is not', null)]),
            ]),
          )
          .orderBy('subscription_id')
          .orderBy('local_date')
          .execute();
        for (const r of rows) found.push(toPost(r));
      }
      return found;
    },
    async lastPost(subscriptionId) {
      const row = await db
        .selectFrom('posts')
        .selectAll()
        .where('subscription_id', '=', subscriptionId)
        .orderBy('local_date', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row && toPost(row);
    },
    async insertClaim(input, now) {
      // The UNIQUE (subscription_id, local_date) key is what makes a post exactly-once: of two instances
      // inserting the same occurrence, one gets the row back and the other nothing.
      const row = await db
        .insertInto('posts')
        .values({
          subscription_id: input.subscriptionId,
          local_date: input.localDate,
          scheduled_at: iso(input.scheduledAt),
          quote_id: input.quoteId,
          status: 'claimed',
          attempts: 1,
          claimed_at: iso(now),
        })
        .onConflict((oc) => oc.columns(['subscription_id', 'local_date']).doNothing())
        .returningAll()
        .executeTakeFirst();
      return row && toPost(row);
    },
    async claimSuperseded(postId, input, now) {
      // The same rule as schedule/due.ts superseded(), re-checked here against the current subscription, so of
      // two instances taking over one row only the first succeeds (its new scheduled_at is no longer older).
      const scheduledAt = iso(input.scheduledAt);
      const row = await db
        .updateTable('posts')
        .set({
          scheduled_at: scheduledAt,
          quote_id: input.quoteId,
          status: 'claimed',
          attempts: 1,
          claimed_at: iso(now),
          next_attempt_at: null,
          message_id: null,
          error: null,
          posted_at: null,
        })
        .where('id', '=', postId)
        .where('status', 'in', ['posted', 'missed', 'uncertain', 'failed'])
        .where('next_attempt_at', 'is', null)
        .where(({ eb, selectFrom }) => {
          const from = selectFrom('subscriptions as s')
            .select('s.effective_from')
            .whereRef('s.id', '=', 'posts.subscription_id');
          return eb.and([eb('posts.scheduled_at', '<', from), eb(eb.val(scheduledAt), '>=', from)]);
        })
        .returningAll()
        .executeTakeFirst();
      return row && toPost(row);
    },
    async insertMissed(input, now) {
      const r = await db
        .insertInto('posts')
        .values({
          subscription_id: input.subscriptionId,
          local_date: input.localDate,
          scheduled_at: iso(input.scheduledAt),
          status: 'missed',
          attempts: 0,
          error: `not posted: ${iso(now)} was past the missed window`,
        })
        .onConflict((oc) => oc.columns(['subscription_id', 'local_date']).doNothing())
        .returning('id')
        .executeTakeFirst();
      return r !== undefined;
    },
    async reclaimForRetry(postId, now) {
      const r = await db
        .updateTable('posts')
        .set((eb) => ({
          status: 'claimed',
          attempts: eb('attempts', '+', 1),
          claimed_at: iso(now),
          next_attempt_at: null,
        }))
        .where('id', '=', postId)
        .where('status', '=', 'failed')
        .where('next_attempt_at', 'is not', null)
        .where('next_attempt_at', '<=', iso(now))
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async markPosted(postId, messageId, now) {
      // 'uncertain' too: a slow post another instance flagged may still finish, and then it did go out.
      await db
        .updateTable('posts')
        .set({
          status: 'posted',
          message_id: messageId,
          posted_at: iso(now),
          error: null,
          next_attempt_at: null,
        })
        .where('id', '=', postId)
        .where('status', 'in', ['claimed', 'uncertain'])
        .execute();
    },
    async markFailed(postId, error, nextAttemptAt) {
      await db
        .updateTable('posts')
        .set({ status: 'failed', error, next_attempt_at: nextAttemptAt ? iso(nextAttemptAt) : null })
        .where('id', '=', postId)
        .where('status', 'in', ['claimed', 'uncertain', 'failed'])
        .execute();
    },
    async markUncertain(postId, error) {
      // Only a row still in flight: a 'posted' row (another instance's late success) stays posted.
      await db
        .updateTable('posts')
        .set({ status: 'uncertain', error, next_attempt_at: null })
        .where('id', '=', postId)
        .where('status', 'in', ['claimed', 'failed'])
        .execute();
    },
    async markStaleClaims(claimedBefore) {
      const before = iso(claimedBefore);
      // Checked with a read first: every tick asks, and a write costs an fsync even when it changes nothing.
      const any = await db
        .selectFrom('posts')
        .select('id')
        .where('status', '=', 'claimed')
        .where('claimed_at', '<', before)
        .limit(1)
        .executeTakeFirst();
      if (!any) return [];
      // One UPDATE: of two instances sweeping at once, each row is returned to one of them only.
      const rows = await db
        .updateTable('posts')
        .set({
          status: 'uncertain',
          error: 'the process stopped while posting; not re-posted, it may or may not have gone out',
        })
        .where('status', '=', 'claimed')
        .where('claimed_at', '<', before)
        .returningAll()
        .returning(({ selectFrom }) => [
          selectFrom('subscriptions as s')
            .select('s.channel')
            .whereRef('s.id', '=', 'posts.subscription_id')
            .as('channel'),
          selectFrom('subscriptions as s')
            .select('s.kind')
            .whereRef('s.id', '=', 'posts.subscription_id')
            .as('kind'),
        ])
        .execute();
      return rows.map((r): PostWithSubscription => ({
        ...toPost(r),
        channel: r.channel ?? '',
        kind: (r.kind ?? 'daily') as SubscriptionKind,
      }));
    },
    async getRotation(channel, deck): Promise<RotationState> {
      const max = await db
        .selectFrom('rotation_shown')
        .select((eb) => eb.fn.max('cycle').as('cycle'))
        .where('channel', '=', channel)
        .where('deck', '=', deck)
        .executeTakeFirst();
      const cycle = Number(max?.cycle ?? 0);
      const shown = await db
        .selectFrom('rotation_shown')
        .select('quote_id')
        .where('channel', '=', channel)
        .where('deck', '=', deck)
        .where('cycle', '=', cycle)
        .execute();
      const last = await db
        .selectFrom('rotation_shown')
        .select('quote_id')
        .where('channel', '=', channel)
        .where('deck', '=', deck)
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      return { cycle, shown: new Set(shown.map((r) => r.quote_id)), lastShown: last?.quote_id };
    },
    async shownSince(channel, deck, since) {
      const rows = await db
        .selectFrom('rotation_shown')
        .select('quote_id')
        .distinct()
        .where('channel', '=', channel)
        .where('deck', '=', deck)
        .where('shown_at', '>=', iso(since))
        .execute();
      return rows.map((r) => r.quote_id);
    },
    async recordShown(channel, deck, cycle, quoteId, now) {
      await db
        .insertInto('rotation_shown')
        .values({ channel, deck, cycle, quote_id: quoteId, shown_at: iso(now) })
        .onConflict((oc) => oc.columns(['channel', 'deck', 'cycle', 'quote_id']).doNothing())
        .execute();
    },
    async saveInstallation(i, now) {
      const { enterprise_id, team_id } = keyOf(i);
      await db
        .insertInto('slack_installations')
        .values({
          enterprise_id,
          team_id,
          team_name: i.teamName ?? null,
          enterprise_name: i.enterpriseName ?? null,
          enterprise_url: i.enterpriseUrl ?? null,
          is_enterprise_install: i.isEnterpriseInstall ? 1 : 0,
          app_id: i.appId ?? null,
          bot_token: i.botToken,
          bot_id: i.botId ?? null,
          bot_user_id: i.botUserId,
          bot_scopes: i.botScopes.join(','),
          bot_refresh_token: i.botRefreshToken ?? null,
          bot_expires_at: i.botExpiresAt ?? null,
          installer_user_id: i.installerUserId ?? null,
          installed_at: iso(now),
          updated_at: iso(now),
        })
        .onConflict((oc) =>
          oc.columns(['enterprise_id', 'team_id']).doUpdateSet((eb) => ({
            team_name: eb.ref('excluded.team_name'),
            enterprise_name: eb.ref('excluded.enterprise_name'),
            enterprise_url: eb.ref('excluded.enterprise_url'),
            is_enterprise_install: eb.ref('excluded.is_enterprise_install'),
            app_id: eb.ref('excluded.app_id'),
            bot_token: eb.ref('excluded.bot_token'),
            bot_id: eb.ref('excluded.bot_id'),
            bot_user_id: eb.ref('excluded.bot_user_id'),
            bot_scopes: eb.ref('excluded.bot_scopes'),
            bot_refresh_token: eb.ref('excluded.bot_refresh_token'),
            bot_expires_at: eb.ref('excluded.bot_expires_at'),
            installer_user_id: eb.ref('excluded.installer_user_id'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    },
    async getInstallation(key) {
      const k = keyOf(key);
      const row = await db
        .selectFrom('slack_installations')
        .selectAll()
        .where('enterprise_id', '=', k.enterprise_id)
        .where('team_id', '=', k.team_id)
        .executeTakeFirst();
      return row && toInstallation(row);
    },
    async installationForTeam(teamId) {
      if (teamId === '') return undefined;
      const own = await db
        .selectFrom('slack_installations')
        .selectAll()
        .where('team_id', '=', teamId)
        .orderBy('updated_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (own) return toInstallation(own);
      const org = await db
        .selectFrom('slack_enterprise_teams as t')
        .innerJoin('slack_installations as i', 'i.enterprise_id', 't.enterprise_id')
        .selectAll('i')
        .where('t.team_id', '=', teamId)
        .where('i.team_id', '=', '')
        .executeTakeFirst();
      return org && toInstallation(org);
    },
    async rememberEnterpriseTeam(teamId, enterpriseId, now) {
      await db
        .insertInto('slack_enterprise_teams')
        .values({ team_id: teamId, enterprise_id: enterpriseId, seen_at: iso(now) })
        .onConflict((oc) =>
          oc.column('team_id').doUpdateSet((eb) => ({
            enterprise_id: eb.ref('excluded.enterprise_id'),
            seen_at: eb.ref('excluded.seen_at'),
          })),
        )
        .execute();
    },
    async teamsOfEnterprise(enterpriseId) {
      const rows = await db
        .selectFrom('slack_enterprise_teams')
        .select('team_id')
        .where('enterprise_id', '=', enterpriseId)
        .orderBy('team_id')
        .execute();
      return rows.map((r) => r.team_id);
    },
    async deleteInstallation(key) {
      const k = keyOf(key);
      const r = await db
        .deleteFrom('slack_installations')
        .where('enterprise_id', '=', k.enterprise_id)
        .where('team_id', '=', k.team_id)
        .executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async listInstallations() {
      const rows = await db
        .selectFrom('slack_installations')
        .selectAll()
        .orderBy('enterprise_id')
        .orderBy('team_id')
        .execute();
      return rows.map(toInstallation);
    },
    async pauseChannels(prefix, reason, now) {
      // substr, not LIKE: a prefix is compared as it is on both databases (no wildcards, same case rules).
      const r = await db
        .updateTable('subscriptions')
        .set({ paused_reason: reason, paused_at: iso(now), next_due_at: null })
        .where(sql<string>`substr(channel, 1, ${prefix.length})`, '=', prefix)
        .where('removed_at', 'is', null)
        .where('paused_reason', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    },
    async resumeChannels(prefix, reason, now) {
      const r = await db
        .updateTable('subscriptions')
        .set((eb) => ({
          paused_reason: null,
          paused_at: null,
          next_due_at: iso(now),
          // No catch-up: occurrences from the time the team was gone are not posted late.
          effective_from: eb
            .case()
            .when('effective_from', '<', iso(now))
            .then(iso(now))
            .else(eb.ref('effective_from'))
            .end(),
        }))
        .where(sql<string>`substr(channel, 1, ${prefix.length})`, '=', prefix)
        .where('removed_at', 'is', null)
        .where('paused_reason', '=', reason)
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    },
    async acquireLease(name, holder, now, ttlMs) {
      const until = iso(new Date(now.getTime() + ttlMs));
      // One statement: of two instances asking at once, the database gives the row to one of them.
      const row = await db
        .insertInto('leases')
        .values({ name, holder, expires_at: until })
        .onConflict((oc) =>
          oc
            .column('name')
            .doUpdateSet({ holder, expires_at: until })
            .where((eb) =>
              eb.or([eb('leases.expires_at', '<=', iso(now)), eb('leases.holder', '=', holder)]),
            ),
        )
        .returning('holder')
        .executeTakeFirst();
      return row?.holder === holder;
    },
    async releaseLease(name, holder) {
      await db.deleteFrom('leases').where('name', '=', name).where('holder', '=', holder).execute();
    },
    async ping() {
      // A closed Store may share its SQLite connection with another one still open: it answers for itself.
      if (closed) throw new Error('the store is closed');
      await sql`SELECT 1`.execute(db);
    },
    async close() {
      closed = true;
      await backing.destroy?.();
    },
  };
  return store;
}
