/**
 * Prints the mutation score per folder from Stryker's JSON report (npm run mutate writes it).
 * Score = killed (incl. timeouts) / (all mutants that ran or survived without coverage), as Stryker counts it.
 */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';

interface Mutant {
  status: string;
}
interface Report {
  files: Record<string, { mutants: Mutant[] }>;
}

/** Prints one line per folder of the report at `path`. */
export function printScores(path: string): void {
  const report = JSON.parse(readFileSync(path, 'utf8')) as Report;
  const folders = new Map<string, { killed: number; valid: number; survived: number; noCoverage: number }>();
  for (const [file, { mutants }] of Object.entries(report.files)) {
    const folder = dirname(file.replace(/^.*?(src\/)/, '$1'));
    const f = folders.get(folder) ?? { killed: 0, valid: 0, survived: 0, noCoverage: 0 };
    for (const m of mutants) {
      if (m.status === 'Killed' || m.status === 'Timeout') f.killed += 1;
      if (m.status === 'Survived') f.survived += 1;
      if (m.status === 'NoCoverage') f.noCoverage += 1;
      if (['Killed', 'Timeout', 'Survived', 'NoCoverage'].includes(m.status)) f.valid += 1;
    }
    folders.set(folder, f);
  }
  console.log('folder           score   killed  survived  no-coverage');
  for (const [folder, f] of [...folders].sort(([a], [b]) => a.localeCompare(b))) {
    const score = f.valid ? ((100 * f.killed) / f.valid).toFixed(1) : 'n/a';
    console.log(
      `${folder.padEnd(16)} ${`${score}%`.padStart(6)}  ${String(f.killed).padStart(6)}  ${String(f.survived).padStart(8)}  ${String(f.noCoverage).padStart(11)}`,
    );
  }
}
