/**
 * npm run mutate [-- src/search ...]: StrykerJS over the core folders (or the ones named), then the score
 * per folder. A developer tool, not part of npm test: a full run takes hours on two cores.
 */
import { spawnSync } from 'node:child_process';
import { printScores } from './mutation-score.js';

const DEFAULT_FOLDERS = ['src/schedule', 'src/store', 'src/quotes', 'src/search'];
const folders = process.argv.slice(2).map((f) => f.replace(/\/+$/, ''));
const mutate = (folders.length ? folders : DEFAULT_FOLDERS).map((f) => `${f}/**/*.ts`).join(',');
const run = spawnSync('npx', ['stryker', 'run', '--mutate', mutate], {
  stdio: 'inherit',
  // vitest.mutate.config.ts picks the test files that exercise these folders.
  env: { ...process.env, MINGYAN_MUTATE_FOLDERS: (folders.length ? folders : DEFAULT_FOLDERS).join(',') },
});
if (run.status !== 0) process.exit(run.status ?? 1);
printScores('reports/mutation/mutation.json');
