/** A bounded set of recently seen ids (event ids), forgetting the oldest first. */
export interface RecentSet {
  /** Adds `id`; false when it was already there (a duplicate). */
  add(id: string): boolean;
  /** How many ids are remembered. */
  readonly size: number;
}

/** Creates a RecentSet remembering at most `capacity` ids, so a long-running process stays small. */
export function createRecentSet(capacity: number): RecentSet {
  const ids = new Set<string>();
  return {
    add(id) {
      if (ids.has(id)) return false;
      ids.add(id);
      if (ids.size > capacity) {
        const oldest = ids.values().next().value;
        if (oldest !== undefined) ids.delete(oldest);
      }
      return true;
    },
    get size() {
      return ids.size;
    },
  };
}
