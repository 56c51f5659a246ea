// The core stays platform-neutral: nothing under src/ may reach Slack, Discord or the adapters.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'src');
const ADAPTERS = join(ROOT, 'adapters');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.(c|m)?[jt]sx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every module specifier in a source: static imports and re-exports, `import('x')`, `require('x')`, `import x = require('x')`. */
function specifiersOf(source: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?[^'"`;]*?\bfrom\s*['"`]([^'"`]+)['"`]/g,
    /\bimport\s*['"`]([^'"`]+)['"`]/g,
    /\bimport\s*\(\s*['"`]([^'"`]+)['"`]/g,
    /\brequire\s*\(\s*['"`]([^'"`]+)['"`]/g,
  ];
  for (const re of patterns) for (const m of source.matchAll(re)) if (m[1]) found.push(m[1].trim());
  // `import(expression)`: marked, since what it loads cannot be read from the source.
  for (const m of source.matchAll(/\bimport\s*\(\s*(?!['"`])([^)]*)\)/g)) found.push(`expr:${m[1]?.trim()}`);
  return found;
}

/** Why a specifier in `file` breaks the rule, or undefined. */
function violation(file: string, spec: string): string | undefined {
  if (/^@slack\//.test(spec)) return 'imports @slack/*';
  if (spec === 'discord.js' || spec.startsWith('discord.js/') || spec.startsWith('@discordjs/'))
    return 'imports discord.js';
  if (spec.startsWith('.')) {
    const target = resolve(dirname(file), spec);
    if (target === ADAPTERS || target.startsWith(ADAPTERS + sep)) return 'imports adapters/';
  }
  // A computed dynamic import could load anything; the core has no reason to do it.
  if (spec.startsWith('expr:')) return `dynamic import of an expression (${spec.slice(5)})`;
  return undefined;
}

describe('architecture', () => {
  it('finds the sources it checks (src/bot, src/quotes, src/search...)', () => {
    const files = sourceFiles(SRC).map((f) => relative(ROOT, f));
    expect(files).toContain(join('src', 'bot', 'bot.ts'));
    expect(files.length).toBeGreaterThan(15);
  });

  it('nothing under src/ imports @slack/*, discord.js or anything under adapters/', () => {
    const problems: string[] = [];
    for (const file of sourceFiles(SRC)) {
      const source = readFileSync(file, 'utf8');
      for (const spec of specifiersOf(source)) {
        const why = violation(file, spec);
        if (why) problems.push(`${relative(ROOT, file)}: ${why} ('${spec}')`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('the checker itself catches every form of a forbidden import', () => {
    const file = join(SRC, 'bot', 'example.ts');
    const bad = [
      "import { App } from '@slack/bolt';",
      "import type { WebClient } from '@slack/web-api';",
      "import { Client } from 'discord.js';",
      "export { x } from '../../adapters/slack/index.js';",
      "const d = await import('discord.js');",
      "const s = require('@slack/bolt');",
      "import '../../adapters/shell/index.js';",
      'const m = await import(`discord.js`);',
      'const n = await import(name);',
      "import {\n  createShellAdapter,\n} from '../../adapters/shell/index.js';",
    ];
    for (const source of bad) {
      const flagged = specifiersOf(source).some((s) => violation(file, s));
      expect(flagged, source).toBe(true);
    }
    const fine = [
      "import { z } from 'zod';",
      "import type { Bot } from './types.js';",
      "const x = 'discord.js is a library';",
    ];
    for (const source of fine)
      expect(
        specifiersOf(source).some((s) => violation(file, s)),
        source,
      ).toBe(false);
  });
});
