import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createShellAdapter } from '../adapters/shell/index.js';
import { createBot } from '../src/bot/index.js';
import { createCardRenderer } from '../src/card/index.js';
import { runCli } from '../src/cli.js';
import { coreCommands } from '../src/cli/index.js';
import { loadCorpus, shippedQuotesDir } from '../src/quotes/loader.js';
import { createQuoteSearch } from '../src/search/index.js';
import { pngSize } from './card-helpers.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'mingyan-card-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(argv: string[], env: Record<string, string> = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await runCli(
    argv,
    { stdout, stderr, stdin: Readable.from(['']), env, cwd: root },
    coreCommands,
  );
  await new Promise((r) => setImmediate(r));
  return { code, out, err };
}

describe('mingyan card', () => {
  it('writes the card as a PNG where --out says, in the layout, theme and language asked for', async () => {
    const out = join(dir, 'nested', 'card.png');
    const r = await cli([
      'card',
      'poverty-limits-imagination',
      '--out',
      out,
      '--layout',
      'portrait',
      '--theme',
      'dark',
      '--lang',
      'zh',
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`${out} (1080×1350, ${Math.round(readFileSync(out).length / 1024)} KB)\n`);
    expect(pngSize(readFileSync(out))).toEqual({ width: 1080, height: 1350 });
  });

  it('refuses bad options and unknown ids with a clear message', async () => {
    expect((await cli(['card', 'poverty-limits-imagination', '--layout', 'wide'])).err).toContain(
      '--layout must be one of landscape, portrait, square',
    );
    expect((await cli(['card', 'poverty-limits-imagination', '--out', join(dir, 'x.jpg')])).code).toBe(2);
    const unknown = await cli(['card', 'poverty-limits-imagnation']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('Did you mean "poverty-limits-imagination"');
    // The hint is a command a checkout can run, as every other CLI hint.
    expect(unknown.err).toContain('(see: npm run -s mingyan -- list)');
  });
});

describe('validate and the card fonts', () => {
  it('a quote file with characters the fonts lack fails validate and says to run npm run fonts', async () => {
    const quotes = join(dir, 'quotes');
    mkdirSync(quotes, { recursive: true });
    const tiny = readFileSync(join(root, 'test/fixtures/quotes/valid/tiny.yaml'), 'utf8');
    // A rare character the subset cannot have (no quote file uses it).
    writeFileSync(
      join(quotes, 'rare.yaml'),
      // In a quote without a lead, so its card shows the question.
      tiny.replace('question: { zh: 第二个问题?', 'question: { zh: 龘第二个问题?'),
    );
    const source = tiny.match(/text: (\S+\.txt)/)?.[1];
    if (source)
      writeFileSync(join(quotes, source), readFileSync(join(root, 'test/fixtures/quotes/valid', source)));
    const r = await cli(['validate', quotes]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/field question\.zh: the card font has no glyph for “龘”: run `npm run fonts`/);
  });
});

describe('the shell and cards', () => {
  it('saves the card as a PNG file and prints its path', async () => {
    const corpus = loadCorpus([shippedQuotesDir()]);
    const bot = createBot({
      corpus,
      search: createQuoteSearch(corpus.quotes),
      settings: { getLang: async () => undefined, setLang: async () => undefined },
      cards: createCardRenderer(),
    });
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (d: Buffer) => (text += d.toString()));
    const cardsDir = join(dir, 'shell-cards');
    const shell = createShellAdapter({ input, output, interactive: false, width: 80, cardsDir });
    await shell.start(bot);
    input.end('/quote card poverty-limits-imagination square\n');
    await expect.poll(() => text, { timeout: 15_000 }).toContain('card saved:');
    const path = join(cardsDir, 'mingyan-poverty-limits-imagination-square.png');
    expect(text).toContain(`card saved: ${path} (1080×1080 PNG)`);
    expect(existsSync(path)).toBe(true);
    expect(pngSize(readFileSync(path))).toEqual({ width: 1080, height: 1080 });
    await shell.stop();
  });
});
