// Regenerates the card fonts in assets/fonts: Noto Serif SC (SIL OFL 1.1, from the @expo-google-fonts package,
// a dev dependency) cut down to the characters the quote files and the card itself use, so the shipped fonts
// stay small (the full fonts are 15 MB per weight). Run it after adding quotes with new characters:
//   npm run fonts [-- EXTRA_QUOTES_DIR ...]
import { readdirSync, readFileSync, statSync, writeFileSync, copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import subsetFont from 'subset-font';
import { CARD_FONT_FILES, cardFontsDir } from '../src/card/fonts.js';
import { CARD_FIXED_TEXT } from '../src/card/text.js';
import { displayChinese } from '../src/card/text.js';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = dirname(require.resolve('@expo-google-fonts/noto-serif-sc/package.json'));
const SOURCES: Record<keyof typeof CARD_FONT_FILES, string> = {
  quote: join(pkg, '600SemiBold/NotoSerifSC_600SemiBold.ttf'),
  body: join(pkg, '400Regular/NotoSerifSC_400Regular.ttf'),
};

const yamlFiles = (dir: string): string[] =>
  readdirSync(dir)
    .filter((f) => /\.ya?ml$/i.test(f))
    .map((f) => join(dir, f));

// The test fixtures are quote files too: `validate` checks them against the same fonts.
const fixtures = join(root, 'test/fixtures/quotes');
const dirs = [
  join(root, 'quotes'),
  ...readdirSync(fixtures).map((d) => join(fixtures, d)),
  ...process.argv.slice(2),
];
const files = dirs.flatMap((d) => (statSync(d).isDirectory() ? yamlFiles(d) : [d]));
// Every character of the files (text, translation, question, lead, titles...), their full-width display forms,
// printable ASCII, and the card's own strings.
const raw = files.map((f) => readFileSync(f, 'utf8')).join('\n');
const ascii = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');
const chars = new Set(Array.from(raw + displayChinese(raw) + ascii + CARD_FIXED_TEXT));
for (const ch of [...chars]) if ((ch.codePointAt(0) ?? 0) < 0x20) chars.delete(ch);
const text = [...chars].sort().join('');

const out = cardFontsDir();
let total = 0;
for (const [role, file] of Object.entries(CARD_FONT_FILES) as [keyof typeof CARD_FONT_FILES, string][]) {
  const subset = await subsetFont(readFileSync(SOURCES[role]), text, { targetFormat: 'sfnt' });
  writeFileSync(join(out, file), subset);
  total += subset.length;
  console.log(`${file}: ${(subset.length / 1024).toFixed(0)} KB`);
}
copyFileSync(join(pkg, 'LICENSE_FONT'), join(out, 'OFL.txt'));
console.log(
  `${chars.size} characters from ${files.length} quote file(s); ${(total / 1024 / 1024).toFixed(2)} MB in all`,
);
