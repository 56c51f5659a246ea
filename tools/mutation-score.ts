/**
 * Prints the mutation score per folder from Stryker's JSON reports (npm run mutate keeps one per run), and with
 * `--survivors [path prefix]` the mutants no test killed, one line each, to write the next test from.
 * Score = killed (timeouts count as killed) / (killed + timeout + survived + no coverage), as Stryker counts it;
 * ignored (static) and compile-error mutants are left out of the score and counted apart.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

interface Mutant {
  status: string;
  mutatorName: string;
  replacement?: string;
  location: { start: { line: number; column: number }; end: { line: number; column: number } };
}
interface Report {
  files: Record<string, { source: string; mutants: Mutant[] }>;
}

/** The latest report of each file, from every report in `dir` (a later report of the same file wins). */
function latestFiles(dir: string): Map<string, { source: string; mutants: Mutant[] }> {
  // A fresh clone has no runs yet: report nothing rather than fail.
  if (!existsSync(dir)) return new Map();
  const reports = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => join(dir, f))
    .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs);
  const files = new Map<string, { source: string; mutants: Mutant[] }>();
  for (const path of reports) {
    const report = JSON.parse(readFileSync(path, 'utf8')) as Report;
    for (const [file, entry] of Object.entries(report.files))
      files.set(file.replace(/^.*?(src\/)/, '$1'), entry);
  }
  return files;
}

/** Prints one line per folder: score, killed, timeout, survived, no coverage, ignored. */
export function printScores(dir: string): void {
  const files = latestFiles(dir);
  if (!files.size) {
    console.log(`No mutation runs in ${dir} yet: npm run mutate -- src/store (or another folder) makes one.`);
    return;
  }
  const zero = { killed: 0, timeout: 0, survived: 0, noCoverage: 0, ignored: 0 };
  const folders = new Map<string, typeof zero>();
  for (const [file, { mutants }] of files) {
    const folder = dirname(file);
    const f = folders.get(folder) ?? { ...zero };
    for (const m of mutants) {
      if (m.status === 'Killed') f.killed += 1;
      if (m.status === 'Timeout') f.timeout += 1;
      if (m.status === 'Survived') f.survived += 1;
      if (m.status === 'NoCoverage') f.noCoverage += 1;
      if (m.status === 'Ignored') f.ignored += 1;
    }
    folders.set(folder, f);
  }
  console.log(
    'folder           score   killed  timeout  survived  no-coverage  ignored   (files: %d)',
    files.size,
  );
  for (const [folder, f] of [...folders].sort(([a], [b]) => a.localeCompare(b))) {
    const valid = f.killed + f.timeout + f.survived + f.noCoverage;
    const score = valid ? ((100 * (f.killed + f.timeout)) / valid).toFixed(1) : 'n/a';
    const cells = [f.killed, f.timeout, f.survived, f.noCoverage, f.ignored].map((n, i) =>
      String(n).padStart([6, 7, 8, 11, 7][i]!),
    );
    console.log(`${folder.padEnd(16)} ${`${score}%`.padStart(6)}  ${cells.join('  ')}`);
  }
}

/** Prints each surviving or uncovered mutant of files under `prefix`: where, which mutator, what it became. */
export function printSurvivors(dir: string, prefix = 'src/'): void {
  for (const [file, { source, mutants }] of [...latestFiles(dir)].sort(([a], [b]) => a.localeCompare(b))) {
    if (!file.startsWith(prefix)) continue;
    const lines = source.split('\n');
    for (const m of mutants) {
      if (m.status !== 'Survived' && m.status !== 'NoCoverage') continue;
      const { start } = m.location;
      const code = (lines[start.line - 1] ?? '').trim().slice(0, 100);
      const status = m.status === 'Survived' ? 'survived' : 'no coverage';
      console.log(
        `${file}:${start.line}:${start.column} ${status} ${m.mutatorName} → ${m.replacement ?? ''}\n    ${code}`,
      );
    }
  }
}

if (process.argv[1]?.endsWith('mutation-score.ts')) {
  const args = process.argv.slice(2);
  if (args[0] === '--survivors') printSurvivors('reports/mutation/runs', args[1]);
  else printScores(args[0] ?? 'reports/mutation/runs');
}
