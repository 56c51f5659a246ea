// PostgreSQL session leases (Discord shard locks): one holder at a time, freed when the holder lets go, closes or
// loses its connection; a lost connection is reported once. Real PostgreSQL server.
import pg from 'pg';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { openLeases } from '../src/store/index.js';
import type { Leases } from '../src/store/index.js';
import { createPgDatabase } from './pg.js';

const opened: Leases[] = [];
afterEach(async () => {
  for (const l of opened.splice(0)) await l.close();
});
const open = async (url: string, onLost: (e: unknown) => void = () => undefined): Promise<Leases> => {
  const l = await openLeases(url, onLost);
  opened.push(l);
  return l;
};

describe('leases on PostgreSQL', () => {
  it('go to one holder at a time, and to the next once released or once the holder closes', async () => {
    const url = await createPgDatabase('leases');
    const a = await open(url);
    const b = await open(url);
    expect(await a.tryTake('discord:shard:0')).toBe(true);
    expect(await b.tryTake('discord:shard:0')).toBe(false);
    expect(await b.tryTake('discord:shard:1')).toBe(true);
    await a.release('discord:shard:0');
    expect(await b.tryTake('discord:shard:0')).toBe(true);
    expect(await a.tryTake('discord:shard:0')).toBe(false);
    await b.close();
    expect(b.alive).toBe(false);
    expect(await a.tryTake('discord:shard:0')).toBe(true);
    expect(await a.tryTake('discord:shard:1')).toBe(true);
  });

  it('a connection the server ends is reported lost once; its holder can no longer take or check', async () => {
    const url = await createPgDatabase('leases');
    const lost: unknown[] = [];
    const a = await open(url, (e) => lost.push(e));
    expect(await a.tryTake('discord:shard:0')).toBe(true);
    await a.check();
    const admin = new pg.Client({ connectionString: inject('pgAdminUrl') });
    await admin.connect();
    try {
      await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'mingyan-leases' AND datname = $1",
        [new URL(url).pathname.slice(1)],
      );
    } finally {
      await admin.end();
    }
    await expect.poll(() => lost.length).toBe(1);
    expect(a.alive).toBe(false);
    await expect(a.check()).rejects.toThrow('the lease connection is closed');
    await expect(a.tryTake('discord:shard:1')).rejects.toThrow('the lease connection is closed');
    // Another instance takes what it held.
    const b = await open(url);
    expect(await b.tryTake('discord:shard:0')).toBe(true);
    expect(lost).toHaveLength(1);
  });
});
