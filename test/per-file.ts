/**
 * A fixture built once per test file, and once per test under a mutation run (`npm run mutate`). Stryker activates
 * a mutant after a test file has loaded and credits code to the test that runs it, so a fixture built once (at
 * load or in beforeAll) would be built without the mutant and credited to no test: its builder's mutants would
 * "survive" although the tests fail under them. The Stryker vitest runner's setup file defines `__stryker__`.
 */
export function perFile<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => ('__stryker__' in globalThis ? make() : (value ??= make()));
}
