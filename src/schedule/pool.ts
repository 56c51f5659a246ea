import { setTimeout as sleep } from 'node:timers/promises';

/** Where a post goes, for the pool's limits. */
export interface PostTarget {
  /** Platform (channel-address prefix). */
  platform: string;
  /** Channel address. */
  channel: string;
  /** What one rate limit covers (a Slack workspace, all of Discord); the platform when not given. */
  scope?: string;
}

/** A bounded pool for scheduled posts. */
export interface PostPool {
  /**
   * Runs `job` when a slot is free, its channel has no post in flight (and its pace gap has passed), and its
   * rate-limit scope is not waiting out a rate limit; resolves with the job's result.
   */
  run<T>(target: PostTarget, job: () => Promise<T>): Promise<T>;
  /**
   * Holds every later post in rate-limit `scope` back for `ms` (a 429's retry_after), in real time; after it, the
   * scope sends one post at a time for a while.
   */
  hold(scope: string, ms: number): void;
}

/** Pool limits. */
export interface PostPoolOptions {
  /** Posts in flight at once, over all platforms. */
  concurrency: number;
  /** Least time between two posts to one channel, per platform (Slack: about one message a second per channel). */
  channelGapMs?: Readonly<Record<string, number>>;
  /** After a hold ends, how long its scope keeps to one post at a time (default one minute). */
  narrowMs?: number;
}

/**
 * Creates the pool. Claims happen inside the job, so a post waiting here is not claimed yet: another instance
 * may take it, and a process that dies leaves nothing behind for it.
 */
export function createPostPool(options: PostPoolOptions): PostPool {
  const concurrency = Math.max(1, Math.floor(options.concurrency));
  let running = 0;
  const busy = new Map<string, Promise<void>>(); // channel -> its post in flight (and its pace gap)
  const held = new Map<string, Promise<void>>(); // rate-limit scope -> until its wait is over
  // A scope that met a rate limit sends one post at a time until this instant, so the posts that waited out the
  // hold do not all rush it again at once (Slack: repeated sending after a limit risks the app being disabled).
  const narrowUntil = new Map<string, number>();
  const lanes = new Map<string, Promise<void>>(); // narrowed scope -> its post in flight
  const narrowMs = options.narrowMs ?? 60_000;
  const waiting: (() => void)[] = [];

  /** Waits for a narrowed scope's turn; returns how to leave it (nothing to leave when not narrowed). */
  const lane = async (scope: string): Promise<(() => void) | undefined> => {
    if ((narrowUntil.get(scope) ?? 0) <= Date.now()) return undefined;
    for (let busyLane = lanes.get(scope); busyLane; busyLane = lanes.get(scope)) await busyLane;
    let leave!: () => void;
    const mine = new Promise<void>((resolve) => (leave = resolve));
    lanes.set(scope, mine);
    return () => {
      if (lanes.get(scope) === mine) lanes.delete(scope);
      leave();
    };
  };

  const slot = async (): Promise<void> => {
    if (running < concurrency) {
      running++;
      return;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };

  return {
    async run(target, job) {
      // One post at a time per channel, in the order they came.
      const before = busy.get(target.channel);
      let done!: () => void;
      const mine = new Promise<void>((resolve) => (done = resolve));
      const chain = (before ?? Promise.resolve()).then(() => mine);
      busy.set(target.channel, chain);
      try {
        const scope = target.scope ?? target.platform;
        await before;
        let leave: (() => void) | undefined;
        for (;;) {
          await held.get(scope);
          leave = await lane(scope);
          if (!held.has(scope)) {
            await slot();
            if (!held.has(scope)) break;
            // A hold began while this post waited for a slot: give the slot to a post of another scope meanwhile.
            release();
          }
          leave?.();
        }
        try {
          return await job();
        } finally {
          release();
          leave?.();
        }
      } finally {
        const gap = options.channelGapMs?.[target.platform] ?? 0;
        const settle =
          gap > 0 ? sleep(gap, undefined, { ref: false }).then(done) : (done(), Promise.resolve());
        void settle.then(() => {
          if (busy.get(target.channel) === chain) busy.delete(target.channel);
        });
      }
    },
    hold(scope, ms) {
      narrowUntil.set(scope, Math.max(narrowUntil.get(scope) ?? 0, Date.now() + Math.max(0, ms) + narrowMs));
      const until = sleep(Math.max(0, ms), undefined, { ref: false });
      const previous = held.get(scope);
      const both = previous ? Promise.all([previous, until]).then(() => undefined) : until;
      held.set(scope, both);
      void both.then(() => {
        if (held.get(scope) === both) held.delete(scope);
      });
    },
  };
}
