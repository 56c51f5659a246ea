// The asks sidecar (foo.asks.yaml) as an editor uses it: found beside .yaml and .yml files, its questions tidied,
// and every problem in it reported as `mingyan validate` prints it, while the quotes still load.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../src/quotes/loader.js';
import { issueLines, tempFolder, writeFiles } from './quote-files.js';

const fixture = fileURLToPath(new URL('./fixtures/quotes/valid/', import.meta.url));
const root = tempFolder('sidecar');
const tiny = readFileSync(join(fixture, 'tiny.yaml'), 'utf8');

/** A folder (under `sub`, if given) with the tiny fixture as `quoteName` and `files` beside it. */
function corpusFolder(files: Record<string, string>, quoteName = 'tiny.yaml', sub = ''): string {
  const dir = join(mkdtempSync(join(root, 'case-')), sub);
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(fixture, 'tiny.txt'), join(dir, 'tiny.txt'));
  return writeFiles(dir, { [quoteName]: tiny, ...files });
}
const ASKS = 'source: tiny-interview\nasks:\n  because-its-fun: [他的动机是什么]\n';

describe('finding the sidecar', () => {
  it('beside a .yml quote file too', () => {
    const dir = corpusFolder({ 'tiny.asks.yaml': ASKS }, 'tiny.yml');
    const corpus = loadCorpus([dir]);
    expect(corpus.issues).toEqual([]);
    expect(corpus.byId.get('because-its-fun')?.asks).toEqual(['他的动机是什么']);
  });

  it('in a folder whose own name contains ".yaml"', () => {
    const dir = corpusFolder({ 'tiny.asks.yaml': ASKS }, 'tiny.yaml', 'old.yaml.d');
    expect(loadCorpus([dir]).byId.get('because-its-fun')?.asks).toEqual(['他的动机是什么']);
  });

  it('a sidecar named on its own is checked with its .yml quote file when there is no .yaml one', () => {
    const dir = corpusFolder({ 'tiny.asks.yaml': ASKS }, 'tiny.yml');
    const corpus = loadCorpus([join(dir, 'tiny.asks.yaml')]);
    expect(corpus.issues).toEqual([]);
    expect(corpus.sources.get('tiny-interview')?.file).toBe(join(dir, 'tiny.yml'));
  });

  it('a quote file named on its own, whatever its extension, is never read as its own sidecar', () => {
    const dir = corpusFolder({ 'tiny.quotes': tiny });
    const corpus = loadCorpus([join(dir, 'tiny.quotes')]);
    expect(corpus.issues).toEqual([]);
    expect(corpus.quotes).toHaveLength(5);
  });

  it('and with the .yaml one when both exist', () => {
    const dir = corpusFolder({ 'tiny.asks.yaml': ASKS, 'tiny.yml': tiny });
    const corpus = loadCorpus([join(dir, 'tiny.asks.yaml')]);
    expect(corpus.sources.get('tiny-interview')?.file).toBe(join(dir, 'tiny.yaml'));
  });
});

describe('the questions', () => {
  it('are trimmed, and a blank one is refused, naming the sidecar, the quote and the item', () => {
    const dir = corpusFolder({
      'tiny.asks.yaml': 'source: tiny-interview\nasks:\n  because-its-fun: ["  what drives him  ", 为什么]\n',
    });
    expect(loadCorpus([dir]).byId.get('because-its-fun')?.asks).toEqual(['what drives him', '为什么']);
    const blank = corpusFolder({
      'tiny.asks.yaml': 'source: tiny-interview\nasks:\n  because-its-fun: [ok, "   "]\n',
    });
    expect(issueLines([blank], blank)).toEqual([
      'tiny.asks.yaml: field asks.because-its-fun.1: must not be empty',
    ]);
  });

  it('under a quote id go to that quote, even when a later quote lists the id as an alias', () => {
    const dir = corpusFolder({
      'tiny.yaml': tiny.replace(
        '  - id: do-simple-ai-first\n',
        '  - id: do-simple-ai-first\n    aliases: [because-its-fun]\n',
      ),
      'tiny.asks.yaml': ASKS,
    });
    const corpus = loadCorpus([dir]);
    expect(corpus.byId.get('because-its-fun')?.asks).toEqual(['他的动机是什么']);
    expect(corpus.byId.get('do-simple-ai-first')?.asks).toBeUndefined();
  });
});

describe('a broken sidecar is reported and the quotes load without it', () => {
  const check = (sidecar: string | undefined, expected: string[]): void => {
    const dir = corpusFolder(sidecar === undefined ? {} : { 'tiny.asks.yaml': sidecar });
    if (sidecar === undefined) mkdirSync(join(dir, 'tiny.asks.yaml'));
    expect(issueLines([dir], dir)).toEqual(expected);
    const corpus = loadCorpus([dir]);
    expect(corpus.quotes).toHaveLength(5);
    expect(corpus.quotes.some((q) => q.asks)).toBe(false);
  };

  it('one for another source', () => {
    check('source: other\nasks:\n  because-its-fun: [好]\n', [
      'tiny.asks.yaml: field source: names source "other" but sits beside the file of "tiny-interview"; ignored',
    ]);
  });

  it('broken YAML, by its first line', () => {
    check(`${ASKS}source: again\n`, [
      'tiny.asks.yaml: invalid YAML: Map keys must be unique at line 4, column 1',
    ]);
  });

  it('a folder where the sidecar should be', () => {
    check(undefined, [
      'tiny.asks.yaml: cannot read the file: EISDIR: illegal operation on a directory, read',
    ]);
  });
});
