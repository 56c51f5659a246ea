// A user clones this repository alone: nothing in it may read or link a sibling folder such as the team's shared/.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SKIP = new Set(['node_modules', 'dist', '.git', 'coverage', 'data', '.stryker-tmp', 'reports']);
const TEXT = /\.(c|m)?[jt]sx?$|\.(md|json|jsonl|ya?ml|sh|txt|html|css)$|^(Dockerfile|run|\.env\.example)$/;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (SKIP.has(e.name)) return [];
    const path = join(dir, e.name);
    if (e.isDirectory()) return files(path);
    return TEXT.test(e.name) && !e.name.endsWith('package-lock.json') ? [path] : [];
  });
}

// Built from parts so this file does not match itself.
const OUTSIDE = new RegExp(['\\.\\.[\\\\/]', '(?:\\.\\.[\\\\/])*', 'shared\\b'].join(''));
const DESIGN_DOC = new RegExp(["the team's", 'DESIGN\\.md'].join(' '));

describe('the repository stands on its own', () => {
  const all = files(ROOT);

  it('reads every source, test, bench, doc and CI file', () => {
    const names = all.map((f) => relative(ROOT, f));
    expect(names).toEqual(
      expect.arrayContaining(['README.md', 'package.json', join('.ci', 'run'), join('bench', 'run.ts')]),
    );
  });

  it('no file reads or links a folder beside the checkout', () => {
    const offenders = all.flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .flatMap((line, i) =>
          OUTSIDE.test(line) || DESIGN_DOC.test(line)
            ? [`${relative(ROOT, f)}:${i + 1}: ${line.trim()}`]
            : [],
        ),
    );
    expect(offenders).toEqual([]);
  });

  it('the Discord spec the fakes validate against is committed with its licence', () => {
    const spec = JSON.parse(readFileSync(join(ROOT, 'test', 'specs', 'discord-openapi.json'), 'utf8')) as {
      openapi: string;
    };
    expect(spec.openapi).toMatch(/^3\.1/);
    expect(readFileSync(join(ROOT, 'test', 'specs', 'discord-openapi.LICENSE'), 'utf8')).toMatch(/MIT/);
  });
});
