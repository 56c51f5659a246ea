// Whether dist/ (the compiled JavaScript) matches the TypeScript sources; bin/launch.js and the start benchmark
// ask. Plain JavaScript: it runs before tsx is loaded.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SOURCES = ['src', 'adapters', 'bin'];
const SETTINGS = ['tsconfig.json', 'tsconfig.build.json'];

/**
 * True when every .ts source under src/, adapters/ and bin/ has its compiled .js in dist/, written after both the
 * source and the compiler settings last changed. Any doubt (a missing file, an unreadable folder) means stale.
 * @param {string} [root] the checkout
 * @returns {boolean}
 */
export function distIsFresh(root = ROOT) {
  try {
    const settings = Math.max(...SETTINGS.map((f) => statSync(join(root, f)).mtimeMs));
    const pending = [...SOURCES];
    while (pending.length > 0) {
      const dir = /** @type {string} */ (pending.pop());
      for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) {
          pending.push(path);
        } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
          const built = statSync(join(root, 'dist', path.replace(/\.ts$/, '.js')), { throwIfNoEntry: false });
          if (!built || built.mtimeMs < Math.max(statSync(join(root, path)).mtimeMs, settings)) return false;
        }
      }
    }
    return true;
  } catch {
    return false;
  }
}
