import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { answerCoverage, isVerbatim, parseTranscript, stripWhitespace } from '../src/quotes/fidelity.js';
import { formatLoadIssue, loadCorpus, shippedQuotesDir } from '../src/quotes/loader.js';

// The shipped corpus against the committed source text: a misquote is the worst bug this product can have.
// These read the YAML directly too, so a quote the loader would silently skip still fails here.
const dir = shippedQuotesDir();
const yamlFile = join(dir, 'latepost-zhou-ming-2023-04.yaml');
const sourceFile = join(dir, 'latepost-zhou-ming-2023-04.txt');
const sourceText = readFileSync(sourceFile, 'utf8');

interface RawQuote {
  id: string;
  section: string;
  text: string;
  question: { zh: string };
}
let parsed: { source: { text?: string; sections: { id: string }[] }; quotes: RawQuote[] } | undefined;
const raw = (): NonNullable<typeof parsed> => {
  if (!existsSync(yamlFile)) throw new Error(`the shipped corpus ${yamlFile} is missing`);
  parsed ??= parse(readFileSync(yamlFile, 'utf8'));
  return parsed as NonNullable<typeof parsed>;
};

describe('the shipped corpus (quotes/latepost-zhou-ming-2023-04.yaml)', () => {
  it('loads without a single issue', () => {
    const corpus = loadCorpus([dir]);
    expect(corpus.issues.map((i) => formatLoadIssue(i, join(dir, '..')))).toEqual([]);
    expect(corpus.quotes.length).toBeGreaterThanOrEqual(60);
  });

  it('names the committed source text, so the loader checks every quote against it', () => {
    expect(raw().source.text).toBe('latepost-zhou-ming-2023-04.txt');
  });

  it('has every text verbatim in the source (only white space may differ)', () => {
    const misquotes = raw()
      .quotes.filter((q) => !isVerbatim(q.text, sourceText))
      .map((q) => `${q.id}: ${q.text}`);
    expect(misquotes).toEqual([]);
  });

  it('has unique ids and only declared sections', () => {
    const { quotes, source } = raw();
    const ids = quotes.map((q) => q.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    const sections = new Set(source.sections.map((s) => s.id));
    expect(quotes.filter((q) => !sections.has(q.section)).map((q) => q.id)).toEqual([]);
  });

  it('takes each answer quote from one answer of its section, under the question it gives', () => {
    const paragraphs = parseTranscript(sourceText);
    const answers = new Map<number, { text: string; question: string; section: string }>();
    let section = 'intro';
    for (const p of paragraphs) {
      if (p.role === 'heading') section = p.text.slice(0, 2);
      if (p.role !== 'answer' || p.answer === undefined) continue;
      const a = answers.get(p.answer) ?? { text: '', question: stripWhitespace(p.question ?? ''), section };
      a.text += stripWhitespace(p.body);
      answers.set(p.answer, a);
    }
    const wrong = raw()
      .quotes.filter((q) => q.section !== 'intro')
      .filter((q) => {
        const home = [...answers.values()].find((a) => a.text.includes(stripWhitespace(q.text)));
        return !home || home.section !== q.section || home.question !== stripWhitespace(q.question.zh);
      })
      .map((q) => q.id);
    expect(wrong).toEqual([]);
  });

  it("covers at least 95% of Zhou Ming's answer characters", () => {
    const coverage = answerCoverage(raw().quotes, sourceText);
    const pct = (Math.floor(1000 * coverage.ratio) / 10).toFixed(1); // never rounds up to 100%
    console.log(
      `coverage of Zhou Ming's answer characters: ${pct}% (${coverage.coveredChars}/${coverage.totalChars})`,
    );
    if (coverage.uncovered.length) console.log(`not covered:\n  ${coverage.uncovered.join('\n  ')}`);
    expect(coverage.ratio).toBeGreaterThanOrEqual(0.95);
  });
});
