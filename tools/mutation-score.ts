/**
 * Prints the mutation score per folder from Stryker's JSON reports (npm run mutate keeps one per run).
 * Score = killed (timeouts count as killed) / (killed + survived + no coverage), as Stryker counts it;
 * ignored (static) and compile-error mutants are left out.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

interface Mutant {
  status: string;
}
interface Report {
  files: Record<string, { mutants: Mutant[] }>;
}

/** Prints one line per folder, from every report in `dir` (a later report of the same file wins). */
export function printScores(dir: string): void {
  const reports = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => join(dir, f))
    .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs);
  const files = new Map<string, Mutant[]>();
  for (const path of reports) {
    const report = JSON.parse(readFileSync(path, 'utf8')) as Report;
    for (const [file, { mutants }] of Object.entries(report.files))
      files.set(file.replace(/^.*?(src\/)/, '$1'), mutants);
  }
  const folders = new Map<string, { killed: number; valid: number; survived: number; noCoverage: number }>();
  for (const [file, mutants] of files) {
    const folder = dirname(file);
    const f = folders.get(folder) ?? { killed: 0, valid: 0, survived: 0, noCoverage: 0 };
    for (const m of mutants) {
      if (m.status === 'Killed' || m.status === 'Timeout') f.killed += 1;
      if (m.status === 'Survived') f.survived += 1;
      if (m.status === 'NoCoverage') f.noCoverage += 1;
      if (['Killed', 'Timeout', 'Survived', 'NoCoverage'].includes(m.status)) f.valid += 1;
    }
    folders.set(folder, f);
  }
  console.log('folder           score   killed  survived  no-coverage   (files: %d)', files.size);
  for (const [folder, f] of [...folders].sort(([a], [b]) => a.localeCompare(b))) {
    const score = f.valid ? ((100 * f.killed) / f.valid).toFixed(1) : 'n/a';
    console.log(
      `${folder.padEnd(16)} ${`${score}%`.padStart(6)}  ${String(f.killed).padStart(6)}  ${String(f.survived).padStart(8)}  ${String(f.noCoverage).padStart(11)}`,
    );
  }
}

if (process.argv[1]?.endsWith('mutation-score.ts')) printScores(process.argv[2] ?? 'reports/mutation/runs');
