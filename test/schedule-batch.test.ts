import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/index.js';
import type { Store } from '../src/store/index.js';
import { createWriteBatcher } from '../src/schedule/batch.js';
import { tempDb } from './schedule-helpers.js';

const NOW = new Date('2025-06-01T00:00:00Z');
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A real SQLite store that counts its write transactions. */
async function counted(): Promise<{ store: Store; transactions: () => number }> {
  const db = tempDb();
  const store = await openStore(db.path);
  cleanups.push(db.cleanup, () => store.close());
  let n = 0;
  const write: Store['write'] = (fn) => {
    n++;
    return store.write(fn);
  };
  return { store: Object.assign(Object.create(store) as Store, { write }), transactions: () => n };
}

const subscribe = (s: Store, i: number) =>
  s.upsertSubscription(
    {
      channel: `discord:G1:C${i}`,
      kind: 'daily',
      time: '09:00',
      days: [0, 1, 2, 3, 4, 5, 6],
      timezone: 'UTC',
      lang: 'both',
      createdBy: 'U1',
    },
    NOW,
  );

describe('group commit of scheduler writes', () => {
  it('writes started together share one transaction, and each gets its own result', async () => {
    const { store, transactions } = await counted();
    const ids = [];
    for (let i = 0; i < 20; i++) ids.push((await subscribe(store, i)).id);
    const before = transactions();
    const batcher = createWriteBatcher(store);
    const rows = await Promise.all(
      ids.map((id) =>
        batcher.run(id, (tx) =>
          tx.insertClaim(
            { subscriptionId: id, localDate: '2025-06-01', scheduledAt: NOW, quoteId: `q${id}` },
            NOW,
          ),
        ),
      ),
    );
    expect(transactions() - before).toBe(1);
    expect(rows.map((r) => [r?.subscriptionId, r?.quoteId])).toEqual(ids.map((id) => [id, `q${id}`]));
    for (const id of ids) expect(await store.getPost(id, '2025-06-01')).toMatchObject({ status: 'claimed' });
  });

  it('writes queued while a batch commits go together in the next one', async () => {
    const { store, transactions } = await counted();
    const { id } = await subscribe(store, 1);
    const before = transactions();
    const batcher = createWriteBatcher(store);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = batcher.run(id, async () => gate);
    await new Promise((r) => setImmediate(r)); // the first batch is now running, held open by the gate
    const later = Array.from({ length: 10 }, (_, i) => batcher.run(id + i, async () => i));
    release();
    await first;
    expect(await Promise.all(later)).toEqual(Array.from({ length: 10 }, (_, i) => i));
    expect(transactions() - before).toBe(2);
  });

  it('writes arriving at different moments while a batch commits still share the next one', async () => {
    const { store, transactions } = await counted();
    const { id } = await subscribe(store, 1);
    const before = transactions();
    const batcher = createWriteBatcher(store);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    // Two writes started together make the first batch, held open by the gate.
    const first = Promise.all([batcher.run(id, async () => gate), batcher.run(id + 1, async () => gate)]);
    const later: Promise<number>[] = [];
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setImmediate(r)); // a later turn of the event loop, the first batch still open
      later.push(batcher.run(id + i, async () => i));
    }
    release();
    await first;
    expect(await Promise.all(later)).toEqual([0, 1, 2]);
    expect(transactions() - before).toBe(2);
  });

  it('a write that throws fails alone: the rest of its batch still commits', async () => {
    const { store } = await counted();
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await subscribe(store, i)).id);
    const batcher = createWriteBatcher(store);
    const results = await Promise.allSettled(
      ids.map((id, i) =>
        batcher.run(id, async (tx) => {
          await tx.insertClaim(
            { subscriptionId: id, localDate: '2025-06-01', scheduledAt: NOW, quoteId: 'q' },
            NOW,
          );
          if (i === 2) throw new Error('bad write');
          return id;
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    expect((results[2] as PromiseRejectedResult).reason).toMatchObject({ message: 'bad write' });
    const posted = [];
    for (const id of ids) posted.push(Boolean(await store.getPost(id, '2025-06-01')));
    // The failed write's own claim was rolled back with it; the others are there.
    expect(posted).toEqual([true, true, false, true, true]);
  });

  it('a lone write that throws fails once, in one transaction (nothing else to save by running it again)', async () => {
    const { store, transactions } = await counted();
    const batcher = createWriteBatcher(store);
    let runs = 0;
    const before = transactions();
    await expect(
      batcher.run(1, async () => {
        runs++;
        throw new Error('bad write');
      }),
    ).rejects.toThrow('bad write');
    expect(runs).toBe(1);
    expect(transactions() - before).toBe(1);
  });

  it('runs a batch in key order, so instances lock subscriptions in the same order', async () => {
    const { store } = await counted();
    const batcher = createWriteBatcher(store);
    const order: number[] = [];
    await Promise.all([5, 3, 9, 1].map((k) => batcher.run(k, async () => void order.push(k))));
    expect(order).toEqual([1, 3, 5, 9]);
  });
});
