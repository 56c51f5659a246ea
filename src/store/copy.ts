import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DialectName, Tables } from './schema.js';

/**
 * Tables `db copy` moves, parents first (posts refer to subscriptions), with the columns that identify a row and
 * whether that is a serial id. Leases are not copied: they only matter while their holder runs.
 */
const TABLES = [
  { table: 'channel_settings', keys: ['channel'], serial: false },
  { table: 'subscriptions', keys: ['id'], serial: true },
  { table: 'posts', keys: ['id'], serial: true },
  { table: 'rotation_shown', keys: ['seq'], serial: true },
  { table: 'slack_installations', keys: ['enterprise_id', 'team_id'], serial: false },
  { table: 'slack_enterprise_teams', keys: ['team_id'], serial: false },
] as const;

const keyOf = (row: Record<string, unknown>, keys: readonly string[]): string =>
  keys.map((k) => String(row[k])).join(' ');

type CopiedTable = (typeof TABLES)[number]['table'];

/** What one table's copy did. */
export interface TableCopy {
  /** Table name. */
  table: CopiedTable;
  /** Rows in the source. */
  source: number;
  /** Rows written to the target now. */
  copied: number;
  /** Rows the target already had, identical (an earlier copy). */
  present: number;
}

/** Rows per INSERT: well under both databases' bound-parameter limits. */
const BATCH = 500;

const same = (a: Record<string, unknown>, b: Record<string, unknown>): boolean =>
  Object.keys(a).every((k) => String(a[k] ?? '') === String(b[k] ?? ''));

/**
 * Copies every row of every table from one migrated database to another, keeping ids (so post history still
 * points at its subscription). Reads the source in one transaction (a consistent snapshot; on SQLite it also
 * holds writers off), writes the target in one transaction: all or nothing. A row the target already has
 * identically is left alone, so running it twice is harmless; a row the target has *differently* (the target
 * is another install's database) aborts the whole copy, naming the table and key, and nothing is written.
 * Postgres id sequences are moved past the copied ids, so new rows do not collide.
 */
export async function copyDatabase(
  from: Kysely<Tables>,
  to: Kysely<Tables>,
  toDialect: DialectName,
): Promise<TableCopy[]> {
  const rows = await from.transaction().execute(async (trx) => {
    const all = new Map<CopiedTable, Record<string, unknown>[]>();
    for (const { table, keys } of TABLES) {
      let q = trx.selectFrom(table).selectAll();
      for (const k of keys) q = q.orderBy(sql.ref(k));
      all.set(table, await q.execute());
    }
    return all;
  });
  return to.transaction().execute(async (trx) => {
    const report: TableCopy[] = [];
    for (const { table, keys } of TABLES) {
      const key = keys.join(', ');
      const source = rows.get(table) ?? [];
      let copied = 0;
      for (let i = 0; i < source.length; i += BATCH) {
        const batch = source.slice(i, i + BATCH);
        const written = await trx
          .insertInto(table)
          .values(batch as never)
          .onConflict((oc) => oc.doNothing())
          .returning(sql<string>`1`.as('one'))
          .execute();
        copied += written.length;
      }
      // Every source row must now be in the target exactly as it is in the source.
      if (copied < source.length) {
        const target = new Map(
          (await trx.selectFrom(table).selectAll().execute()).map((r) => [
            keyOf(r as Record<string, unknown>, keys),
            r as Record<string, unknown>,
          ]),
        );
        for (const row of source) {
          const there = target.get(keyOf(row, keys));
          if (!there || !same(row, there)) {
            throw new Error(
              `the target already has a different ${table} row (${key} ${keyOf(row, keys)}${
                there ? '' : ', or one with the same channel'
              }): it holds another install's data; copy into an empty database`,
            );
          }
        }
      }
      report.push({ table, source: source.length, copied, present: source.length - copied });
    }
    if (toDialect === 'postgres') {
      for (const { table, keys } of TABLES.filter((t) => t.serial)) {
        const key = keys[0];
        await sql`SELECT setval(pg_get_serial_sequence(${table}, ${key}), GREATEST((SELECT COALESCE(MAX(${sql.ref(key)}), 0) FROM ${sql.table(table)}), 1), (SELECT COUNT(*) > 0 FROM ${sql.table(table)}))`.execute(
          trx,
        );
      }
    }
    return report;
  });
}
