// The quote page in a real browser: Debian's headless Chromium loads /q/<id> from the bot's HTTP server, the
// DOM it builds has the quote and the og:image, and its screenshot matches the committed one within a tolerance.
// Run with `npm run test:browser` (.ci/browser-setup installs Chromium first); `npm test` does not need it.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCardRenderer } from '../../src/card/index.js';
import { startHealthServer, type HealthServer } from '../../src/health.js';
import { loadCorpus, shippedQuotesDir } from '../../src/quotes/loader.js';
import { createQuotePages } from '../../src/web/pages.js';
import { displayChinese } from '../../src/card/text.js';
import { imageDifference, pngSize } from '../card-helpers.js';
import { chromium } from './chromium.js';

const ID = 'poverty-limits-imagination';
const GOLDEN = fileURLToPath(new URL('../golden/page-poverty-limits-imagination.png', import.meta.url));
const corpus = loadCorpus([shippedQuotesDir()]);
let server: HealthServer;
let base: string;
let dir: string;

beforeAll(async () => {
  // PUBLIC_URL as a deployment would set it, pointing at this very server.
  const pages = createQuotePages({ corpus, cards: createCardRenderer(), publicUrl: 'http://127.0.0.1:0' });
  const ready = async () => ({ ready: true, adapters: {}, database: true });
  server = await startHealthServer(0, ready, '127.0.0.1', async (req, res) => pages(req, res));
  base = `http://127.0.0.1:${server.port}`;
  dir = mkdtempSync(join(tmpdir(), 'mingyan-browser-'));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the quote page in headless Chromium', () => {
  it('shows the quote, its translation and attribution, and names the card as og:image', async () => {
    const dom = await chromium(`${base}/q/${ID}`, ['--dump-dom']);
    const quote = corpus.byId.get(ID)!;
    expect(dom).toContain(`<p class="zh" lang="zh-CN">${displayChinese(quote.text)}</p>`);
    expect(dom).toContain(`<img class="card" src="${ID}.png"`);
    expect(dom).toContain(quote.en);
    expect(dom).toContain('周明 Zhou Ming');
    expect(dom).toMatch(
      new RegExp(`<meta property="og:image" content="http://127\\.0\\.0\\.1:0/q/${ID}\\.png">`),
    );
    expect(dom).not.toMatch(/<script/i);
  });

  it('looks as it did (screenshot within a tolerance of the committed one)', async () => {
    const shot = join(dir, 'page.png');
    await chromium(`${base}/q/${ID}`, [`--screenshot=${shot}`, '--window-size=1000,1300']);
    const png = readFileSync(shot);
    expect(pngSize(png)).toEqual({ width: 1000, height: 1300 });
    // UPDATE_GOLDEN=1 npm run test:browser rewrites it after an intended change of the page.
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, png);
    expect(existsSync(GOLDEN), 'the golden screenshot is committed').toBe(true);
    const diff = imageDifference(png, readFileSync(GOLDEN));
    // Looser than the card's golden test: another Chromium build may anti-alias text differently.
    expect(diff.mean).toBeLessThan(6);
    expect(diff.changed).toBeLessThan(0.03);
  });
});
