import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Static (non-type) imports of a module: `import x from`, `import {..} from`, `export .. from`, bare `import '..'`. */
function staticImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const specs: string[] = [];
  const pattern = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;
  for (const m of source.matchAll(pattern)) if (!m[2]) specs.push(m[3] as string);
  return specs;
}

/** Every file and package reached from `entry` through static imports (what loads before any dynamic import). */
function reachable(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    for (const spec of staticImports(file)) {
      if (!spec.startsWith('.')) {
        packages.add(
          spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] ?? spec),
        );
        continue;
      }
      const target = resolve(dirname(file), spec).replace(/\.js$/, '.ts');
      if (existsSync(target)) visit(target);
    }
  };
  visit(entry);
  return { files, packages };
}

describe('the card renderer loads lazily', () => {
  // The bot's start-up and every other CLI command import this graph; satori, resvg and the fonts must wait
  // for the first card (src/card/index.ts imports the engine with import()).
  const graph = reachable(join(root, 'bin/mingyan.ts'));
  const files = [...graph.files].map((f) => relative(root, f));

  it('the composition root reaches the card renderer factory and the quote pages…', () => {
    expect(files).toContain('src/card/index.ts');
    expect(files).toContain('src/web/pages.ts');
    expect(files).toContain('src/cli/card.ts');
  });

  it('…but neither satori, resvg nor the engine that loads the fonts', () => {
    expect(graph.packages.has('satori')).toBe(false);
    expect(graph.packages.has('@resvg/resvg-js')).toBe(false);
    expect(files).not.toContain('src/card/engine.ts');
    expect(files).not.toContain('src/card/render.ts');
  });

  it('the engine really does load them (so the check above looks at the right modules)', () => {
    const engine = reachable(join(root, 'src/card/engine.ts'));
    expect(engine.packages.has('satori')).toBe(true);
    expect(engine.packages.has('@resvg/resvg-js')).toBe(true);
  });
});
