import { vi } from 'vitest';

/** The Stryker vitest runner's setup file defines `__stryker__` (with the active mutant, if any). */
const stryker = (): { activeMutant?: string } | undefined =>
  (globalThis as { __stryker__?: { activeMutant?: string } }).__stryker__;

/**
 * A fixture built once per test file, except under a mutation run (`npm run mutate`). Stryker switches a mutant on
 * after a test file has loaded, and credits code to the test that runs it, so a fixture built once (at load or in
 * beforeAll) would be built without the mutant and credited to no test: its builder's mutants would "survive"
 * although the tests fail under them. So under Stryker the fixture is built in every test of the coverage run
 * (no mutant active), and once per mutant afterwards.
 */
export function perFile<T>(make: () => T): () => T {
  let built: { value: T; mutant: string | undefined } | undefined;
  return () => {
    const active = stryker();
    if (active && active.activeMutant === undefined) return make();
    const mutant = active?.activeMutant;
    if (!built || built.mutant !== mutant) built = { value: make(), mutant };
    return built.value;
  };
}

/**
 * A source module, imported afresh in each test under a mutation run; the usual shared import otherwise. Some
 * modules build a table on first use and keep it for the process (the concept trie, the word segmenter, the
 * traditional-to-simplified converter). Test files share modules (vitest `isolate: false`), and so do Stryker's
 * runs, so the table is built once, before any mutant is switched on: mutants in its builder would "survive"
 * although the tests fail under them. Re-importing builds it again, inside the test, with the mutant on.
 */
export function freshModule<T>(load: () => Promise<T>): () => Promise<T> {
  return async () => {
    if (stryker()) vi.resetModules();
    return load();
  };
}
