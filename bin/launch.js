#!/usr/bin/env node
// What `npm start` and `npm run mingyan` run in a checkout. The compiled JavaScript in dist/ starts in about half
// the time of the TypeScript through tsx, so it runs whenever it is up to date; after an edit (or before any build)
// the sources run through tsx instead, so a change is never run stale. `npm ci` builds dist/ (the prepare script),
// and so does `npm run build`. Plain JavaScript on purpose: it must start without tsx.
import { distIsFresh } from './freshness.js';

if (distIsFresh()) {
  await import('../dist/bin/mingyan.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./mingyan.ts');
}
