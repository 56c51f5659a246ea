// Which files the loader reads, and what an operator sees when one cannot be read: never a stack trace, always the
// file and the reason, as `mingyan validate` prints it.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatLoadIssue, loadCorpus } from '../src/quotes/loader.js';
import { issueLines, quoteYaml, sourceHeader, tempFolder, writeFiles } from './quote-files.js';

const root = tempFolder('files');
const folder = (files: Record<string, string>): string => writeFiles(mkdtempSync(join(root, 'case-')), files);
const withText = (extra: string[] = []): string => sourceHeader(['  text: source.txt', ...extra]);
const SOURCE = '某人:数据很重要。算力也很重要。人才最重要。我们需要更多的数据和更多的算力才能把模型做好。\n';

describe('files that cannot be read', () => {
  it('a quote file that is a folder is skipped with the reason', () => {
    const dir = folder({ 'good.yaml': `${sourceHeader()}quotes:\n${quoteYaml('fine')}` });
    mkdirSync(join(dir, 'odd.yaml'));
    const corpus = loadCorpus([dir]);
    expect(corpus.issues.map((i) => formatLoadIssue(i, dir))).toEqual([
      'odd.yaml: cannot read the file: EISDIR: illegal operation on a directory, read; skipped',
    ]);
    expect(corpus.quotes.map((q) => q.id)).toEqual(['fine']);
  });

  it('a path under a regular file is reported, not thrown', () => {
    const dir = folder({ 'plain.txt': 'not a folder' });
    const path = join(dir, 'plain.txt', 'quotes');
    expect(issueLines([path], dir)).toEqual([
      `plain.txt/quotes: cannot read: ENOTDIR: not a directory, stat '${path}'`,
    ]);
  });

  it('a missing source text says "no such file"; any other read error gives its own reason', () => {
    const missing = folder({ 'q.yaml': `${withText()}quotes:\n${quoteYaml('unchecked')}` });
    expect(issueLines([missing], missing)).toEqual([
      'q.yaml: field source.text: cannot read the source text source.txt (no such file); its quotes are not checked against it',
    ]);
    const folderText = folder({ 'q.yaml': `${withText()}quotes:\n${quoteYaml('unchecked')}` });
    mkdirSync(join(folderText, 'source.txt'));
    expect(issueLines([folderText], folderText)).toEqual([
      'q.yaml: field source.text: cannot read the source text source.txt (EISDIR: illegal operation on a directory, read); its quotes are not checked against it',
    ]);
    expect(loadCorpus([folderText]).quotes.map((q) => q.id)).toEqual(['unchecked']);
  });

  it('broken YAML is reported by its first line, with where it is', () => {
    const dir = folder({
      'dup.yaml': `${sourceHeader()}quotes:\n${quoteYaml('a')}source: again\n`,
      'open.yaml': 'source: [\n',
    });
    expect(issueLines([dir], dir)).toEqual([
      'dup.yaml: invalid YAML: Map keys must be unique at line 11, column 1; file skipped',
      'open.yaml: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ] at line 2, column 1; file skipped',
    ]);
  });
});

describe('which files are read', () => {
  it('every *.yaml and *.yml of a folder, in name order, and nothing else (not a backup like foo.yaml.orig)', () => {
    const names = ['e', 'b', 'd', 'a', 'c', 'f'];
    const files: Record<string, string> = {};
    for (const n of names)
      files[`${n}.${n === 'f' ? 'yml' : 'yaml'}`] =
        `${sourceHeader([], `src-${n}`)}quotes:\n${quoteYaml(`quote-${n}`)}`;
    files['a.yaml.orig'] = 'not: [yaml';
    files['notes.yaml.txt'] = 'not: [yaml';
    const dir = folder(files);
    const corpus = loadCorpus([dir]);
    expect(corpus.issues).toEqual([]);
    expect(corpus.quotes.map((q) => q.id)).toEqual(['a', 'b', 'c', 'd', 'e', 'f'].map((n) => `quote-${n}`));
  });
});

describe('misquotes', () => {
  const misquote = (text: string): string[] => {
    const dir = folder({
      'q.yaml': `${withText()}quotes:\n${quoteYaml('misquote', { text })}`,
      'source.txt': SOURCE,
    });
    return issueLines([dir], dir);
  };
  const line = (where: string): string[] => [
    `q.yaml: quote "misquote" field text: is not verbatim in source.txt (only white space may differ)${where}; skipped`,
  ];

  it('show the last 20 characters of a long matching start, and a short one whole', () => {
    expect(misquote('数据很重要。算力也很重要。人才最重要。我们需要更少的数据')).toEqual(
      line('; it matches up to "…要。算力也很重要。人才最重要。我们需要更" and then differs'),
    );
    // Exactly 20 characters match: shown whole.
    expect(misquote('数据很重要。算力也很重要。人才最重要。我不')).toEqual(
      line('; it matches up to "数据很重要。算力也很重要。人才最重要。我" and then differs'),
    );
    expect(misquote('数据很重要。算力也不重要。')).toEqual(
      line('; it matches up to "数据很重要。算力也" and then differs'),
    );
  });

  it('say nothing about a matching start when even the first character differs', () => {
    expect(misquote('完全不同的话。')).toEqual(line(''));
  });
});

describe('formatLoadIssue', () => {
  it('shows a file inside the working folder relative to it, and any other by its full path', () => {
    const issue = { file: '/srv/quotes/a.yaml', message: 'broken' };
    expect(formatLoadIssue(issue, '/srv')).toBe('quotes/a.yaml: broken');
    expect(formatLoadIssue(issue, '/home/me')).toBe('/srv/quotes/a.yaml: broken');
    expect(formatLoadIssue(issue, '/srv/quotes/a.yaml')).toBe('/srv/quotes/a.yaml: broken');
  });

  it('names a quote by id in quotes, or by position without, and then the field', () => {
    const issue = { file: '/srv/a.yaml', message: 'bad' };
    expect(formatLoadIssue({ ...issue, quoteId: 'x', field: 'en' }, '/srv')).toBe(
      'a.yaml: quote "x" field en: bad',
    );
    expect(formatLoadIssue({ ...issue, quoteId: '#3' }, '/srv')).toBe('a.yaml: quote #3: bad');
    expect(formatLoadIssue({ ...issue, field: 'source.url' }, '/srv')).toBe('a.yaml: field source.url: bad');
  });
});
