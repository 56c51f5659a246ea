import { readFileSync } from 'node:fs';

/**
 * One evaluation query: the text, its category, and phrases one of which the right quote's text contains. An empty
 * `expect` marks an off-topic query: the right answer is no quote at all.
 */
export interface EvalQuery {
  q: string;
  cat: string;
  expect: string[];
}

/** Reads a JSON-lines query file such as bench/queries.dev.jsonl. */
export function readQueries(file: string): EvalQuery[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as EvalQuery);
}

/** The same comparison as bench/relevance-harness.mjs: NFKC, white space and quote marks removed. */
const norm = (s: string): string => s.normalize('NFKC').replace(/[\s“”"‘’「」『』]/g, '');

/** Top-1 and MRR@5, overall and per category. */
export interface RelevanceReport {
  top1: number;
  mrr: number;
  n: number;
  byCategory: Map<string, { n: number; top1: number; mrr: number }>;
  misses: string[];
  /** Off-topic queries (empty `expect`) that got a quote anyway. */
  falseAnswers: number;
}

/** Scores a ranker (query → quote texts, best first) the way bench/relevance-harness.mjs does. */
export function evaluate(
  queries: readonly EvalQuery[],
  ranker: (q: string) => readonly string[],
): RelevanceReport {
  const report: RelevanceReport = {
    top1: 0,
    mrr: 0,
    n: queries.length,
    byCategory: new Map(),
    misses: [],
    falseAnswers: 0,
  };
  for (const query of queries) {
    const texts = ranker(query.q).slice(0, 5);
    const offTopic = query.expect.length === 0;
    if (offTopic && texts.length > 0) report.falseAnswers++;
    const at = offTopic
      ? texts.length === 0
        ? 0
        : -1
      : texts.findIndex((t) => query.expect.some((e) => norm(t).includes(norm(e))));
    const rank = at + 1;
    const cat = report.byCategory.get(query.cat) ?? { n: 0, top1: 0, mrr: 0 };
    report.byCategory.set(query.cat, cat);
    cat.n++;
    if (rank === 1) {
      cat.top1++;
      report.top1++;
    } else if (offTopic)
      report.misses.push(`${query.cat}: ${query.q} -> answered ${texts[0]?.slice(0, 24) ?? ''}…`);
    else report.misses.push(`${query.cat}: ${query.q} -> ${rank > 0 ? `rank ${rank}` : 'not in top 5'}`);
    const reciprocal = rank > 0 ? 1 / rank : 0;
    cat.mrr += reciprocal;
    report.mrr += reciprocal;
  }
  return report;
}

/** "38/40 (95%)" */
export function ratio(hit: number, n: number): string {
  return `${hit}/${n} (${n === 0 ? 0 : Math.round((100 * hit) / n)}%)`;
}
