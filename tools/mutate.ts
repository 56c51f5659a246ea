/**
 * npm run mutate [-- src/search ... | src/quotes/pick.ts ...]: StrykerJS over the core folders (or the folders
 * or files named), then the mutation score per folder. A developer tool, not part of npm test: on two cores a
 * folder takes from minutes (src/store) to hours (src/search), so run one folder or file at a time. Each run's
 * report is kept under reports/mutation/runs/, and the scores merge them (the latest run of a file counts).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { printScores } from './mutation-score.js';

const DEFAULT_FOLDERS = ['src/schedule', 'src/store', 'src/quotes', 'src/search'];
const args = process.argv.slice(2);
// Options (`--incremental`, `--dryRunOnly`, ...) go to Stryker as they are; the rest name folders or files.
const exact = args.includes('--exact');
// --without FILE: leave that test file out (to see what the other tests catch on their own).
const withoutAt = args.indexOf('--without');
const without = withoutAt >= 0 ? (args[withoutAt + 1] ?? '') : '';
if (withoutAt >= 0 && (without === '' || without.startsWith('--'))) {
  console.error('npm run mutate: --without needs a test file, e.g. --without test/search-plans.test.ts');
  process.exit(2);
}
const rest = withoutAt >= 0 ? args.filter((_, i) => i !== withoutAt && i !== withoutAt + 1) : args;
const options = rest.filter((a) => a.startsWith('--') && a !== '--exact');
const targets = rest.filter((a) => !a.startsWith('--')).map((f) => f.replace(/\/+$/, ''));
const chosen = targets.length ? targets : DEFAULT_FOLDERS;
const mutate = chosen.map((t) => (t.endsWith('.ts') ? t : `${t}/**/*.ts`)).join(',');
const folders = [...new Set(chosen.map((t) => (t.endsWith('.ts') ? t.replace(/\/[^/]+$/, '') : t)))];
const slug = chosen.map((t) => t.replace(/^src\//, '').replace(/[/.]/g, '-')).join('+');
// One incremental file per target set: `--incremental` then retests only the mutants whose code or tests changed
// since that set's last run (a run over other files would otherwise overwrite it).
const incrementalFile = `reports/mutation/incremental/${slug}.json`;
// A --without run keeps its reports apart (runs-without/), so the folder scores stay those of all the tests. Its
// incremental baseline starts as a copy of the full run's: only the mutants the left-out file killed are retested.
const withoutFile = `reports/mutation/incremental/${slug}-without.json`;
if (without && !existsSync(withoutFile) && existsSync(incrementalFile)) copyFileSync(incrementalFile, withoutFile);
const incremental = ['--incrementalFile', without ? withoutFile : incrementalFile];
const runs = without ? 'reports/mutation/runs-without' : 'reports/mutation/runs';
// --exact: every mutant runs all of its folder's tests, not only those that reached it (static mutants included).
const config = exact ? ['stryker.exact.config.json'] : [];
const run = spawnSync('npx', ['stryker', 'run', ...config, '--mutate', mutate, ...incremental, ...options], {
  stdio: 'inherit',
  // vitest.mutate.config.ts picks the test files that exercise these folders.
  env: { ...process.env, MINGYAN_MUTATE_FOLDERS: folders.join(','), MINGYAN_MUTATE_WITHOUT: without },
});
if (run.status !== 0) process.exit(run.status ?? 1);
mkdirSync(runs, { recursive: true });
copyFileSync('reports/mutation/mutation.json', `${runs}/${slug}.json`);
printScores(runs);
