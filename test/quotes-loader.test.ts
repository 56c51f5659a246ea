import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Corpus } from '../src/quotes/corpus.js';
import { formatLoadIssue, loadCorpus, shippedQuotesDir } from '../src/quotes/loader.js';
import { perFile } from './per-file.js';

const fixtures = fileURLToPath(new URL('./fixtures/quotes/', import.meta.url));
const valid = join(fixtures, 'valid');
const broken = join(fixtures, 'broken');
const root = fileURLToPath(new URL('..', import.meta.url));
const lines = (dir: string): string[] => loadCorpus([dir]).issues.map((i) => formatLoadIssue(i, root));

// Once per file, or per test under a mutation run (see test/per-file.ts): a corpus loaded while the file is
// collected or in beforeAll would be loaded without the mutant, so the loader's bugs would pass unseen there.
const validCorpus = perFile(() => loadCorpus([valid]));
const brokenCorpus = perFile(() => ({ corpus: loadCorpus([broken]), issues: lines(broken) }));

describe('loadCorpus on a valid file', () => {
  let corpus: Corpus;
  beforeEach(() => {
    corpus = validCorpus();
  });

  it('loads every quote in file order, linked to its source, with no issues', () => {
    expect(corpus.issues).toEqual([]);
    expect(corpus.quotes.map((q) => q.id)).toEqual([
      'simple-is-power',
      'because-its-fun',
      'same-answer-second-paragraph',
      'second-answer-short',
      'do-simple-ai-first',
    ]);
    expect(corpus.quotes.every((q) => q.sourceId === 'tiny-interview')).toBe(true);
    expect(corpus.byId.get('because-its-fun')?.prompt?.en).toBe('What do you find fun?');
  });

  it('applies the schema defaults (insight false when omitted)', () => {
    expect(corpus.byId.get('second-answer-short')?.insight).toBe(false);
    expect(corpus.byId.get('simple-is-power')?.insight).toBe(false);
    expect(corpus.byId.get('do-simple-ai-first')?.insight).toBe(true);
  });

  it('reads the source text the file names, relative to the quote file', () => {
    const source = corpus.sources.get('tiny-interview');
    expect(source?.file).toBe(join(valid, 'tiny.yaml'));
    expect(source?.sourceText).toBe(readFileSync(join(valid, 'tiny.txt'), 'utf8'));
    expect(source?.speaker.en).toBe('Li Hua');
  });

  it('loads the same folder only once when it is listed twice', () => {
    const twice = loadCorpus([valid, `${valid}/`, join(valid, 'tiny.yaml')]);
    expect(twice.issues).toEqual([]);
    expect(twice.quotes).toHaveLength(5);
  });

  it('treats a missing folder as empty', () => {
    const none = loadCorpus([join(fixtures, 'no-such-folder')]);
    expect(none.quotes).toEqual([]);
    expect(none.issues).toEqual([]);
  });
});

describe('loadCorpus on broken files', () => {
  let corpus: Corpus;
  let issues: string[];
  beforeEach(() => {
    ({ corpus, issues } = brokenCorpus());
  });
  const at = (name: string): string => `test/fixtures/quotes/broken/${name}`;

  it('never throws and keeps the valid quotes of partly broken files', () => {
    expect(corpus.quotes.map((q) => q.id)).toEqual(['good-one', 'unchecked-but-loaded']);
  });

  it('skips a file with broken YAML whole, saying so', () => {
    expect(issues).toContainEqual(
      expect.stringMatching(new RegExp(`^${at('a-bad-yaml.yaml')}: invalid YAML: .*file skipped$`)),
    );
    expect(corpus.sources.has('bad-yaml')).toBe(false);
  });

  it('skips a file whose source header is broken, naming the field', () => {
    expect(issues).toContain(`${at('b-bad-source.yaml')}: field source.url: is required; file skipped`);
    expect(corpus.byId.has('never-loaded')).toBe(false);
  });

  it('names the file, the quote id and the field of each bad quote', () => {
    const file = at('c-quotes.yaml');
    expect(issues).toContain(`${file}: quote "missing-en" field en: is required`);
    expect(issues).toContain(`${file}: quote "empty-question-en" field question.en: must not be empty`);
    expect(issues).toContainEqual(
      expect.stringMatching(
        /quote "bad-topic" field topics\.1: unknown topic "gpus"; use one of: transformer,/,
      ),
    );
    expect(issues).toContain(
      `${file}: quote "bad-section" field section: "09" is not a section of the source; use one of: 01`,
    );
  });

  it('names a quote without an id by its position', () => {
    expect(issues).toContain(`${at('c-quotes.yaml')}: quote #8 field id: is required`);
    expect(issues).toContain(
      `${at('c-quotes.yaml')}: quote #8 field section: must be a string, not number 1 (put it in quotes, e.g. "01")`,
    );
  });

  it('skips a quote that is not verbatim in its source text and shows where it departs', () => {
    expect(issues).toContain(
      `${at('c-quotes.yaml')}: quote "not-verbatim" field text: is not verbatim in c-quotes.txt (only white space may differ); ` +
        'it matches up to "人才最" and then differs; skipped',
    );
    expect(corpus.byId.has('not-verbatim')).toBe(false);
  });

  it('keeps the first of two quotes with one id, in the same file or across files', () => {
    expect(corpus.byId.get('good-one')?.text).toBe('数据很重要。');
    const dupes = issues.filter((l) => l.includes('quote "good-one" field id: duplicate id'));
    expect(dupes).toEqual([
      `${at('c-quotes.yaml')}: quote "good-one" field id: duplicate id, already used in c-quotes.yaml; this one is skipped`,
      `${at('d-other-source.yaml')}: quote "good-one" field id: duplicate id, already used in c-quotes.yaml; this one is skipped`,
    ]);
  });

  it('reports a missing source text for the file and still loads its quotes', () => {
    expect(issues).toContainEqual(
      expect.stringMatching(
        /^test\/fixtures\/quotes\/broken\/d-other-source\.yaml: field source\.text: cannot read the source text missing-source\.txt/,
      ),
    );
    expect(corpus.byId.get('unchecked-but-loaded')?.sourceId).toBe('other-source');
  });

  it('reports an empty file and a second file for an already loaded source', () => {
    expect(issues).toContainEqual(
      expect.stringMatching(/^test\/fixtures\/quotes\/broken\/e-empty\.yml: the file is empty/),
    );
    expect(issues).toContain(
      `${at('f-same-source.yaml')}: field source.id: source "broken-quotes" is already loaded from c-quotes.yaml; file skipped`,
    );
    expect(corpus.byId.has('from-a-second-copy')).toBe(false);
  });

  it('reads only *.yaml and *.yml files', () => {
    expect(issues.some((l) => l.includes('README.txt') || l.startsWith(at('c-quotes.txt')))).toBe(false);
  });
});

describe('loadCorpus edge cases', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mingyan-loader-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const header = (extra = ''): string =>
    [
      'source:',
      '  id: temp',
      '  publication: { zh: 测试, en: Test }',
      '  title: { zh: 标题, en: Title }',
      '  date: "2024-01"',
      '  url: https://example.com/t',
      '  speaker: { zh: 某人, en: Someone, bio: { zh: 某人, en: Someone } }',
      '  sections: [{ id: "01", zh: 一, en: One }]',
      extra,
    ].join('\n');

  it('accepts white-space differences from the source text, but nothing else', () => {
    writeFileSync(join(dir, 'src.txt'), '某人:第一句话。\n\n第二句 话,   在这里。\n');
    writeFileSync(
      join(dir, 'ws.yaml'),
      `${header('  text: src.txt')}\nquotes:\n` +
        '  - { id: spans, section: "01", text: "第一句话。 第二句话,在这里。", en: x, question: { zh: q, en: q }, topics: [data], keywords: {} }\n',
    );
    const corpus = loadCorpus([join(dir, 'ws.yaml')]);
    expect(corpus.issues).toEqual([]);
    expect(corpus.byId.get('spans')?.keywords).toEqual({ zh: [], en: [] });
  });

  it('rejects a file with quotes missing or empty, and unknown keys', () => {
    writeFileSync(join(dir, 'empty-list.yaml'), `${header()}\nquotes: []\n`);
    writeFileSync(
      join(dir, 'extra-key.yaml'),
      `${header()}\nquotes:\n  - { id: a, section: "01", text: t, en: e, question: { zh: q, en: q }, topics: [data], keywords: {}, mood: happy }\n`,
    );
    const a = loadCorpus([join(dir, 'empty-list.yaml')]).issues.map((i) => formatLoadIssue(i, dir));
    expect(a).toEqual(['empty-list.yaml: field quotes: a quote file needs at least one quote; file skipped']);
    const b = loadCorpus([join(dir, 'extra-key.yaml')]);
    expect(b.quotes).toEqual([]);
    expect(b.issues[0]).toMatchObject({ quoteId: 'a', message: expect.stringContaining('mood') });
  });

  it('finds the shipped quotes folder beside the committed source text', () => {
    expect(existsSync(join(shippedQuotesDir(), 'latepost-zhou-ming-2023-04.txt'))).toBe(true);
  });
});

describe('aliases', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mingyan-aliases-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('resolve to the quote that absorbed them; one shadowing a live id or claimed twice is refused', () => {
    const yaml = readFileSync(join(valid, 'tiny.yaml'), 'utf8')
      .replace(
        '  - id: because-its-fun\n',
        '  - id: because-its-fun\n    aliases: [why-fun, do-simple-ai-first]\n',
      )
      .replace('  - id: do-simple-ai-first\n', '  - id: do-simple-ai-first\n    aliases: [why-fun]\n');
    writeFileSync(join(dir, 'tiny.yaml'), yaml);
    writeFileSync(join(dir, 'tiny.txt'), readFileSync(join(valid, 'tiny.txt')));
    const corpus = loadCorpus([dir]);
    expect(corpus.byId.get('why-fun')?.id).toBe('because-its-fun');
    expect(corpus.byId.get('short-second-answer')?.id).toBe('second-answer-short');
    expect(corpus.byId.get('do-simple-ai-first')?.id).toBe('do-simple-ai-first');
    expect(corpus.quotes.map((q) => q.id)).not.toContain('why-fun');
    expect(corpus.issues.map((i) => `${i.quoteId} ${i.field}: ${i.message}`)).toEqual([
      'because-its-fun aliases: alias "do-simple-ai-first" ignored: it is the id of a quote',
      'do-simple-ai-first aliases: alias "why-fun" ignored: "because-its-fun" already has it',
    ]);
  });

  it('a quote needs a question or a lead', () => {
    const yaml = readFileSync(join(valid, 'tiny.yaml'), 'utf8').replace(
      '    question: { zh: 第二个问题?, en: The second question? }\n',
      '',
    );
    writeFileSync(join(dir, 'tiny.yaml'), yaml);
    expect(lines(dir).join('\n')).toMatch(
      /quote "second-answer-short" field question: needs a question \(what the interviewer asked\) or a lead/,
    );
  });
});
