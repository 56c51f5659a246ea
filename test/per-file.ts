/**
 * A fixture built once per test file, except under a mutation run (`npm run mutate`). Stryker switches a mutant on
 * after a test file has loaded, and credits code to the test that runs it, so a fixture built once (at load or in
 * beforeAll) would be built without the mutant and credited to no test: its builder's mutants would "survive"
 * although the tests fail under them. So under Stryker the fixture is built in every test of the coverage run
 * (no mutant active), and once per mutant afterwards. The Stryker vitest runner's setup file defines `__stryker__`.
 */
export function perFile<T>(make: () => T): () => T {
  let built: { value: T; mutant: string | undefined } | undefined;
  return () => {
    const stryker = (globalThis as { __stryker__?: { activeMutant?: string } }).__stryker__;
    if (stryker && stryker.activeMutant === undefined) return make();
    const mutant = stryker?.activeMutant;
    if (!built || built.mutant !== mutant) built = { value: make(), mutant };
    return built.value;
  };
}
