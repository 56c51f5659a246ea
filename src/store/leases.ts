// Session-level PostgreSQL advisory locks on one dedicated connection: a lease lasts exactly as long as that
// connection. When the process dies, Postgres ends the session and every lease is free for another instance.
import pg from 'pg';

/** A query slower than this means the connection is unusable: its leases are treated as lost. */
const QUERY_TIMEOUT_MS = 10_000;

/** Leases held by this process on its own PostgreSQL connection. */
export interface Leases {
  /** Takes `key` without waiting: true when this process holds it now. Once per key: locks stack. */
  tryTake(key: string): Promise<boolean>;
  /** Gives `key` back so another instance can take it. */
  release(key: string): Promise<void>;
  /** Asks the server something; rejects (and reports the loss) when the connection is gone. */
  check(): Promise<void>;
  /** False once the connection has dropped or was closed: every lease is gone with it. */
  readonly alive: boolean;
  /** Closes the connection, which releases every lease. */
  close(): Promise<void>;
}

/**
 * Opens the lease connection. `onLost` runs once if the connection drops (the server went away, a query timed
 * out): by then Postgres may already have given the leases to another instance, so the caller must stop
 * whatever they guarded.
 */
export async function openLeases(databaseUrl: string, onLost: (error: unknown) => void): Promise<Leases> {
  const client = new pg.Client({
    connectionString: databaseUrl,
    keepAlive: true,
    query_timeout: QUERY_TIMEOUT_MS,
    application_name: 'mingyan-leases',
  });
  let alive = true;
  const lost = (error: unknown) => {
    if (!alive) return;
    alive = false;
    client.end().catch(() => undefined);
    onLost(error);
  };
  client.on('error', lost);
  client.on('end', () => lost(new Error('the lease connection closed')));
  await client.connect();
  // A holder whose host vanishes (power loss, a partition) sends no FIN: without these, the server would keep its
  // session, and its locks, for the OS default of two hours. Probing after 10 s idle, every 5 s, 3 times frees the
  // locks about 25 s after the host goes; the holder itself notices sooner (its 5 s checks time out after 10 s).
  await client
    .query('SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3')
    .catch(() => undefined);

  const query = async (text: string, values: unknown[]) => {
    if (!alive) throw new Error('the lease connection is closed');
    try {
      return await client.query<{ ok: boolean }>(text, values);
    } catch (error) {
      lost(error);
      throw error;
    }
  };

  return {
    async tryTake(key) {
      const { rows } = await query('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok', [key]);
      return rows[0]?.ok === true;
    },
    async release(key) {
      await query('SELECT pg_advisory_unlock(hashtextextended($1, 0)) AS ok', [key]);
    },
    async check() {
      await query('SELECT true AS ok', []);
    },
    get alive() {
      return alive;
    },
    async close() {
      if (!alive) return;
      alive = false;
      await client.end().catch(() => undefined);
    },
  };
}
