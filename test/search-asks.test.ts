import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli.js';
import { coreCommands } from '../src/cli/index.js';
import { attachAsks } from '../src/quotes/asks.js';
import type { LoadIssue } from '../src/quotes/corpus.js';
import { formatLoadIssue, loadCorpus, shippedQuotesDir } from '../src/quotes/loader.js';
import type { Quote } from '../src/quotes/schema.js';
import { createQuoteSearch } from '../src/search/index.js';

// The editor's "questions this answers" sidecar (foo.asks.yaml beside foo.yaml): loaded, validated, searched.
const fixture = fileURLToPath(new URL('./fixtures/quotes/valid/', import.meta.url));
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the tiny fixture corpus with the given sidecar beside it. */
function withSidecar(sidecar: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'mingyan-asks-'));
  dirs.push(dir);
  copyFileSync(join(fixture, 'tiny.yaml'), join(dir, 'tiny.yaml'));
  copyFileSync(join(fixture, 'tiny.txt'), join(dir, 'tiny.txt'));
  writeFileSync(join(dir, 'tiny.asks.yaml'), sidecar);
  return dir;
}

describe('the asks sidecar', () => {
  it('attaches each quote its questions and is not read as a quote file', () => {
    const dir = withSidecar(
      'source: tiny-interview\nasks:\n  because-its-fun:\n    - 他的动机是什么\n    - what drives him\n',
    );
    const corpus = loadCorpus([dir]);
    expect(corpus.issues).toEqual([]);
    expect(corpus.quotes).toHaveLength(5);
    expect(corpus.byId.get('because-its-fun')?.asks).toEqual(['他的动机是什么', 'what drives him']);
    expect(corpus.byId.get('simple-is-power')?.asks).toBeUndefined();
  });

  it('makes a quote findable by the way people ask for it', () => {
    const ask = 'source: tiny-interview\nasks:\n  because-its-fun:\n    - what motivates him\n';
    const before = createQuoteSearch(loadCorpus([fixture]).quotes).search('what motivates him');
    const after = createQuoteSearch(loadCorpus([withSidecar(ask)]).quotes).search('what motivates him');
    expect(before.ok && before.value).toEqual([]);
    expect(after.ok && after.value[0]?.quote.id).toBe('because-its-fun');
  });

  it('reports an id that names no quote, a wrong source and a malformed file, naming the sidecar', () => {
    const unknown = loadCorpus([
      withSidecar(
        'source: tiny-interview\nasks:\n  no-such-quote:\n    - 问题\n  because-its-fun:\n    - 好\n',
      ),
    ]);
    expect(unknown.issues.map((i) => formatLoadIssue(i, '/'))).toEqual([
      expect.stringMatching(/tiny\.asks\.yaml: quote "no-such-quote": no quote has this id/),
    ]);
    expect(unknown.byId.get('because-its-fun')?.asks).toEqual(['好']);

    const wrongSource = loadCorpus([withSidecar('source: other\nasks:\n  because-its-fun: [好]\n')]);
    expect(wrongSource.issues[0]?.message).toMatch(/names source "other"/);
    const malformed = loadCorpus([withSidecar('source: tiny-interview\nasks:\n  because-its-fun: []\n')]);
    expect(malformed.issues[0]?.field).toBe('asks.because-its-fun');
    const badYaml = loadCorpus([withSidecar('source: [\n')]);
    expect(badYaml.issues[0]?.message).toMatch(/invalid YAML/);
    // The quotes themselves load either way.
    for (const corpus of [wrongSource, malformed, badYaml]) expect(corpus.quotes).toHaveLength(5);
  });

  it('a sidecar given by name is checked with its quote file', () => {
    const dir = withSidecar('source: tiny-interview\nasks:\n  no-such-quote: [问题]\n');
    const corpus = loadCorpus([join(dir, 'tiny.asks.yaml')]);
    expect(corpus.quotes).toHaveLength(5);
    expect(corpus.issues.map((i) => i.quoteId)).toEqual(['no-such-quote']);
  });

  it('resolves a former id kept in a merged quote’s aliases', () => {
    const quote = { ...loadCorpus([fixture]).quotes[0]!, aliases: ['old-id'] } as Quote;
    const issues: LoadIssue[] = [];
    const dir = withSidecar(`source: tiny-interview\nasks:\n  old-id: [旧问题]\n  ${quote.id}: [新问题]\n`);
    const [attached] = attachAsks(join(dir, 'tiny.yaml'), 'tiny-interview', [quote], issues);
    expect(issues).toEqual([]);
    expect(attached?.asks).toEqual(['旧问题', '新问题']);
  });

  it('every key of the shipped sidecar names a quote, and most quotes have questions', () => {
    const corpus = loadCorpus([shippedQuotesDir()]);
    expect(corpus.issues).toEqual([]);
    // Most quotes: 80% of them (quotes merged into another bring their questions along through aliases).
    expect(corpus.quotes.filter((q) => (q.asks?.length ?? 0) > 0).length).toBeGreaterThan(
      Math.floor(corpus.quotes.length * 0.8),
    );
  });

  it('mingyan validate reports an unknown id in a sidecar and exits 1', async () => {
    const dir = withSidecar('source: tiny-interview\nasks:\n  no-such-quote: [问题]\n');
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let err = '';
    stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await runCli(
      ['validate', dir],
      { stdout, stderr, stdin: Readable.from(['']), env: {}, cwd: dir },
      coreCommands,
    );
    expect(code).toBe(1);
    expect(err).toMatch(/tiny\.asks\.yaml: quote "no-such-quote": no quote has this id/);
  });
});
