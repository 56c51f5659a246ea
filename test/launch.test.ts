// `npm start` runs dist/ only when it matches the sources: a stale build would run yesterday's code.
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { distIsFresh } from '../bin/freshness.js';

/** A checkout with sources and, optionally, a build; every file dated `at` (seconds) unless touched later. */
function checkout(
  files: string[],
  at = 1_000_000,
): { root: string; touch(file: string, time: number): void } {
  const root = mkdtempSync(join(tmpdir(), 'mingyan-fresh-'));
  const touch = (file: string, time: number): void => {
    const path = join(root, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, '');
    utimesSync(path, time, time);
  };
  for (const file of ['tsconfig.json', 'tsconfig.build.json', ...files]) touch(file, at);
  return { root, touch };
}

const SOURCES = ['src/a.ts', 'src/deep/b.ts', 'adapters/shell/c.ts', 'bin/mingyan.ts', 'bin/freshness.d.ts'];
const BUILT = ['dist/src/a.js', 'dist/src/deep/b.js', 'dist/adapters/shell/c.js', 'dist/bin/mingyan.js'];

describe('distIsFresh', () => {
  it('is false with no build, true once every source has a newer compiled file', () => {
    const { root, touch } = checkout(SOURCES);
    expect(distIsFresh(root)).toBe(false);
    for (const file of BUILT) touch(file, 1_000_100);
    expect(distIsFresh(root)).toBe(true);
  });

  it('is false after a source, or the compiler settings, changed since the build', () => {
    const { root, touch } = checkout([...SOURCES, ...BUILT]);
    expect(distIsFresh(root)).toBe(true);
    touch('src/deep/b.ts', 1_000_200);
    expect(distIsFresh(root)).toBe(false);
    touch('dist/src/deep/b.js', 1_000_300);
    expect(distIsFresh(root)).toBe(true);
    touch('tsconfig.build.json', 1_000_400);
    expect(distIsFresh(root)).toBe(false);
  });

  it('is false when a new source has never been compiled', () => {
    const { root, touch } = checkout([...SOURCES, ...BUILT]);
    touch('adapters/slack/new.ts', 900_000);
    expect(distIsFresh(root)).toBe(false);
  });

  it('is false when the checkout cannot be read', () => {
    expect(distIsFresh(join(tmpdir(), 'mingyan-no-such-checkout'))).toBe(false);
  });
});
