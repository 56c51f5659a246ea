// Quote files written to a temporary folder, loaded the way `mingyan validate` loads them, and their issues as it
// prints them: for tests of what an editor sees when a file is wrong.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll } from 'vitest';
import { formatLoadIssue, loadCorpus } from '../src/quotes/loader.js';

/** A valid `source:` header (YAML), with `extra` lines added to it (indented two spaces, like its fields). */
export function sourceHeader(extra: string[] = [], id = 'temp'): string {
  return [
    'source:',
    `  id: ${id}`,
    '  publication: { zh: 测试, en: Test }',
    '  title: { zh: 标题, en: Title }',
    '  date: "2024-01"',
    '  url: https://example.com/t',
    '  speaker: { zh: 某人, en: Someone, bio: { zh: 某人, en: Someone } }',
    '  sections: [{ id: "01", zh: 一, en: One }, { id: "02", zh: 二, en: Two }]',
    ...extra,
    '',
  ].join('\n');
}

/** One quote as a YAML flow mapping, valid unless `fields` (YAML fragments, e.g. `en: 5`) override its fields. */
export function quoteYaml(id: string, fields: Record<string, string> = {}): string {
  const all: Record<string, string> = {
    id,
    section: '"01"',
    text: '数据很重要。',
    en: 'Data matters.',
    question: '{ zh: 问?, en: Q? }',
    topics: '[data]',
    keywords: '{}',
    ...fields,
  };
  return `  - { ${Object.entries(all)
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ')} }\n`;
}

/** A temporary folder, removed after the test file. */
export function tempFolder(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `mingyan-${prefix}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes `files` (path relative to `dir` -> content) and returns `dir`. */
export function writeFiles(dir: string, files: Record<string, string>): string {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

/** The issues of loading `paths`, one line each as `mingyan validate` prints them from `cwd`. */
export function issueLines(paths: string[], cwd: string): string[] {
  return loadCorpus(paths).issues.map((i) => formatLoadIssue(i, cwd));
}
