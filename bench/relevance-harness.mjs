#!/usr/bin/env node
// Search-relevance check for the quote bot, run from the project's root.
//
//   node bench/relevance-harness.mjs [--queries FILE] [--min-top1 0.9] [--min-cat 0.8] [--max-false 0]
//
// It starts the project's CLI once in batch mode:
//   npm run -s mingyan -- search --json --limit 5 --stdin
// writes one query per line to its stdin, and reads one JSON array per line back
// (best match first; each item has at least `id` and `text`, the verbatim Chinese quote).
// A query counts as found at rank r when the r-th result's text contains one of the
// query's expected phrases (compared after NFKC, with white space and quote marks removed).
// A query with no expected phrases ("expect": []) is off-topic: it is right only when nothing matched,
// and a quote returned for it counts as a false answer.
// Prints top-1 and MRR@5 per category and overall; exits 1 when below the thresholds.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const here = dirname(fileURLToPath(import.meta.url));
const queriesFile = opt('--queries', join(here, 'queries.dev.jsonl'));
const minTop1 = Number(opt('--min-top1', '0.9'));
const minCat = Number(opt('--min-cat', '0.8'));
const maxFalse = Number(opt('--max-false', '0'));
const cmd = opt('--cmd', 'npm run -s mingyan -- search --json --limit 5 --stdin');

const queries = readFileSync(queriesFile, 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l));
const norm = (s) =>
  String(s)
    .normalize('NFKC')
    .replace(/[\s“”"‘’「」『』]/g, '');

const child = spawn('sh', ['-c', cmd], { stdio: ['pipe', 'pipe', 'inherit'] });
let out = '';
child.stdout.on('data', (d) => (out += d));
const started = performance.now();
child.stdin.end(queries.map((q) => q.q.replace(/\n/g, ' ')).join('\n') + '\n');
const code = await new Promise((res) => child.on('close', res));
const wallMs = performance.now() - started;
if (code !== 0) {
  console.error(`relevance: the CLI exited with ${code}`);
  process.exit(2);
}
const lines = out.split('\n').filter((l) => l.trim().startsWith('['));
if (lines.length !== queries.length) {
  console.error(`relevance: expected ${queries.length} JSON result lines, got ${lines.length}`);
  process.exit(2);
}

const cats = {};
let top1 = 0;
let mrr = 0;
const misses = [];
let falseAnswers = 0;
let offTopic = 0;
queries.forEach((q, i) => {
  const results = JSON.parse(lines[i]).slice(0, 5);
  let rank = 0;
  if (q.expect.length === 0) {
    offTopic++;
    if (results.length === 0) rank = 1;
    else falseAnswers++;
  }
  results.forEach((r, k) => {
    if (!rank && q.expect.some((e) => norm(r.text ?? '').includes(norm(e)))) rank = k + 1;
  });
  const c = (cats[q.cat] ??= { n: 0, top1: 0, mrr: 0 });
  c.n++;
  if (rank === 1) {
    c.top1++;
    top1++;
  } else
    misses.push(
      `${q.cat}\t${q.q}\t-> ${rank ? `rank ${rank}` : 'not in top 5'}: ${(results[0]?.text ?? '(none)').slice(0, 40)}`,
    );
  if (rank) {
    c.mrr += 1 / rank;
    mrr += 1 / rank;
  }
});

const n = queries.length;
console.log('category        top-1        MRR@5');
for (const [k, c] of Object.entries(cats)) {
  console.log(`${k.padEnd(15)} ${`${c.top1}/${c.n}`.padEnd(12)} ${(c.mrr / c.n).toFixed(3)}`);
}
if (misses.length) console.log('\nmisses:\n' + misses.join('\n'));
const worst = Math.min(...Object.values(cats).map((c) => c.top1 / c.n));
if (offTopic > 0) console.log(`\noff-topic: ${falseAnswers} of ${offTopic} got a quote (false answers)`);
console.log(`\nwall ${wallMs.toFixed(0)} ms for ${n} queries (process start included)`);
const ok = top1 / n >= minTop1 && worst >= minCat && falseAnswers <= maxFalse;
console.log(
  `relevance: top-1 ${top1}/${n} (${((100 * top1) / n).toFixed(1)}%), MRR@5 ${(mrr / n).toFixed(3)}, worst category ${(100 * worst).toFixed(0)}% ${ok ? 'ok' : 'BELOW'} (need top-1 >= ${minTop1 * 100}%, every category >= ${minCat * 100}%, false answers <= ${maxFalse})`,
);
process.exit(ok ? 0 : 1);
