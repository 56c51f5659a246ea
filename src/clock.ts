/** Where "now" comes from. The scheduler and the bot take one, so tests can start "at 09:05" and restart. */
export interface Clock {
  /** The current instant. */
  now(): Date;
}

/** The real wall clock. */
export const systemClock: Clock = Object.freeze({ now: () => new Date() });

/** A clock that only moves when told to; for tests and dry runs. */
export interface ManualClock extends Clock {
  /** Moves to an instant. */
  set(at: Date | string): void;
  /** Moves forward by milliseconds. */
  advance(ms: number): void;
}

/** Creates a clock stopped at `start`. */
export function createManualClock(start: Date | string): ManualClock {
  let current = new Date(start).getTime();
  return {
    now: () => new Date(current),
    set: (at) => {
      current = new Date(at).getTime();
    },
    advance: (ms) => {
      current += ms;
    },
  };
}
