import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toQuoteView } from '../src/bot/view.js';
import { createCardRenderer } from '../src/card/index.js';
import { startHealthServer, type HealthServer } from '../src/health.js';
import { loadCorpus, shippedQuotesDir } from '../src/quotes/loader.js';
import type { Corpus } from '../src/quotes/corpus.js';
import { createQuotePages, escapeHtml, quotePage } from '../src/web/pages.js';
import { displayChinese } from '../src/card/text.js';
import { pngSize } from './card-helpers.js';

const PUBLIC_URL = 'https://mingyan.example.com/zm';
let corpus: Corpus;
let server: HealthServer;
let base: string;

beforeAll(async () => {
  corpus = loadCorpus([shippedQuotesDir()]);
  const pages = createQuotePages({ corpus, cards: createCardRenderer(), publicUrl: PUBLIC_URL });
  const ready = async () => ({ ready: true, adapters: {}, database: true });
  server = await startHealthServer(0, ready, '127.0.0.1', pages);
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(async () => {
  await server.close();
});

const meta = (html: string, key: string): string | undefined =>
  new RegExp(`<meta (?:property|name)="${key.replace(/[.:]/g, '\\$&')}" content="([^"]*)">`).exec(html)?.[1];

describe('quote pages on the health port', () => {
  it('GET /q/<id>: the quote, translation, question, source link and attribution, with Open Graph and Twitter tags', async () => {
    const quote = corpus.byId.get('poverty-limits-imagination')!;
    const res = await fetch(`${base}/q/${quote.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain(displayChinese(quote.text));
    expect(displayChinese(quote.text).normalize('NFKC')).toBe(quote.text.normalize('NFKC'));
    expect(html).toContain(escapeHtml(quote.en));
    // The editor's lead where the quote has one (this one does), else the question.
    expect(html).toContain(escapeHtml((quote.lead ?? quote.question)!.en));
    expect(html).toContain('href="https://www.zhjiashun.com/zjsb-12186.html"');
    // The link is the repost the text was taken from, and says so: it is not LatePost's own page.
    expect(html).toContain('文本取自转载 · text from a repost');
    expect(html).toContain('周明 Zhou Ming · 晚点 LatePost · 2023-04');
    expect(meta(html, 'og:image')).toBe(`${PUBLIC_URL}/q/${quote.id}.png`);
    expect(meta(html, 'og:url')).toBe(`${PUBLIC_URL}/q/${quote.id}`);
    expect(meta(html, 'og:image:width')).toBe('1200');
    expect(meta(html, 'twitter:card')).toBe('summary_large_image');
    expect(meta(html, 'twitter:image')).toBe(`${PUBLIC_URL}/q/${quote.id}.png`);
    expect(html).not.toMatch(/<script/i);
  });

  it('GET /q/<id>.png is the landscape card; query parameters choose the others', async () => {
    const id = corpus.quotes[0]!.id;
    const res = await fetch(`${base}/q/${id}.png`);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(pngSize(Buffer.from(await res.arrayBuffer()))).toEqual({ width: 1200, height: 675 });
    const square = await fetch(`${base}/q/${id}.png?layout=square&theme=dark&lang=zh`);
    expect(pngSize(Buffer.from(await square.arrayBuffer()))).toEqual({ width: 1080, height: 1080 });
  });

  it('answers If-None-Match with 304 (ETag), and HEAD without a body', async () => {
    const id = corpus.quotes[1]!.id;
    for (const path of [`/q/${id}`, `/q/${id}.png`]) {
      const first = await fetch(`${base}${path}`);
      await first.arrayBuffer();
      const etag = first.headers.get('etag');
      expect(etag).toMatch(/^"[\w-]+"$/);
      expect(first.headers.get('cache-control')).toContain('max-age');
      const again = await fetch(`${base}${path}`, { headers: { 'if-none-match': etag ?? '' } });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe('');
      const head = await fetch(`${base}${path}`, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(head.headers.get('etag')).toBe(etag);
    }
  });

  it('serves the card fonts, so the page is set in the same serif as its card', async () => {
    const res = await fetch(`${base}/q/font-600.ttf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('font/ttf');
    expect(Buffer.from(await res.arrayBuffer()).readUInt32BE(0)).toBe(0x00010000);
  });

  it('an unknown or malformed id is a 404 page; other methods are refused; health still answers', async () => {
    expect((await fetch(`${base}/q/no-such-quote`)).status).toBe(404);
    expect((await fetch(`${base}/q/%3Cscript%3E`)).status).toBe(404);
    expect((await fetch(`${base}/q/${corpus.quotes[0]!.id}`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/elsewhere`)).status).toBe(404);
  });

  it('escapes every field, so a quote file cannot inject markup', () => {
    const view = toQuoteView(corpus.quotes[0]!, corpus);
    const evil = '<script>alert("x")</script> & \'q\'';
    const html = quotePage(
      {
        ...view,
        text: evil,
        en: evil,
        question: { zh: evil, en: evil },
        attribution: { ...view.attribution, url: `https://x.example/"${evil}` },
      },
      'https://mingyan.example.com',
    );
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('"x"');
    expect(html).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; &#39;q&#39;');
  });

  it('without PUBLIC_URL the page links its image relative to the server', () => {
    const html = quotePage(toQuoteView(corpus.quotes[0]!, corpus));
    expect(meta(html, 'og:image')).toBe(`/q/${corpus.quotes[0]!.id}.png`);
  });
});
