import type { Store } from '../store/types.js';

/** Group commit: many small write transactions share one commit. */
export interface WriteBatcher {
  /**
   * Runs `fn` in a write transaction shared with the other writes queued meanwhile, and resolves with its result
   * once that transaction has committed. `key` orders the writes of one batch (pass the subscription id a write
   * locks), so instances that lock rows always lock them in the same order and never deadlock each other.
   */
  run<T>(key: number, fn: (tx: Store) => Promise<T>): Promise<T>;
}

interface Entry {
  key: number;
  fn: (tx: Store) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

/**
 * Creates a batcher over `store`. A durable commit (an fsync on SQLite with synchronous=FULL, a WAL flush on
 * Postgres) costs milliseconds, and a post needs three writes (claim, outcome, next due instant): one commit each
 * would cap a process near 50 posts a second, about Discord's whole allowance. Writes queue while a batch
 * commits and go together in the next one, so the commits per post fall as the load rises.
 *
 * A write that throws rolls its whole batch back; each write of that batch then runs again in a transaction of
 * its own, so one bad write fails alone and the others still commit (a rolled-back write has left nothing).
 */
export function createWriteBatcher(store: Store, maxBatch = 64): WriteBatcher {
  const queue: Entry[] = [];
  let flushing = false;

  async function flush(): Promise<void> {
    flushing = true;
    try {
      while (queue.length > 0) {
        const batch = queue.splice(0, maxBatch).sort((a, b) => a.key - b.key);
        if (batch.length === 1) {
          const [only] = batch as [Entry];
          await store.write(only.fn).then(only.resolve, only.reject);
          continue;
        }
        const results: unknown[] = [];
        try {
          await store.write(async (tx) => {
            results.length = 0; // a driver may run the function again after a conflict
            for (const e of batch) results.push(await e.fn(tx));
          });
          batch.forEach((e, i) => e.resolve(results[i]));
        } catch {
          for (const e of batch) await store.write(e.fn).then(e.resolve, e.reject);
        }
      }
    } finally {
      flushing = false;
    }
  }

  return {
    run<T>(key: number, fn: (tx: Store) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ key, fn, resolve: resolve as (v: unknown) => void, reject });
        // Wait a turn of the event loop so writes started together share the first commit too.
        if (!flushing) {
          flushing = true;
          setImmediate(() => void flush());
        }
      });
    },
  };
}
