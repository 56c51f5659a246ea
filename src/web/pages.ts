import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LANGS, setupOf, type Lang, type QuoteView } from '../bot/reply.js';
import { permalinkOf, toQuoteView } from '../bot/view.js';
import {
  CARD_LAYOUTS,
  CARD_SIZES,
  CARD_THEMES,
  type CardLayout,
  type CardRenderer,
  type CardTheme,
} from '../card/index.js';
import { loadCardFonts } from '../card/fonts.js';
import { displayChinese } from '../card/text.js';
import type { Corpus } from '../quotes/corpus.js';

/** Answers an HTTP request if it is one of its routes; resolves false to let the server answer (404). */
export type HttpRoute = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

/** What the quote pages need. */
export interface PagesDeps {
  /** The quotes. */
  corpus: Corpus;
  /** Draws the preview images (shared with the bot, so a card is drawn once). */
  cards: CardRenderer;
  /** Absolute base URL (PUBLIC_URL); without it links in the page are relative to the server. */
  publicUrl?: string;
}

const PAGE = /^\/q\/([a-z0-9]+(?:-[a-z0-9]+)*)(\.png)?$/;
/** The card fonts, so the page sets the quote in the same serif as its card on any machine. */
const FONT = /^\/q\/font-(400|600)\.ttf$/;
const CACHE = 'public, max-age=3600';
// The page is static HTML: no script may run, images come from this server only.
const CSP =
  "default-src 'none'; img-src 'self'; font-src 'self'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const etagOf = (body: string | Uint8Array): string =>
  `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;

/** The page of one quote: the quote, translation, question, source link, attribution; Open Graph tags. */
export function quotePage(view: QuoteView, publicUrl?: string): string {
  const e = escapeHtml;
  const self = publicUrl ? permalinkOf(publicUrl, view.id) : `/q/${view.id}`;
  const image = `${self}.png`;
  // Relative to the page (/q/<id>), so the image and fonts load from this server behind any path prefix.
  const local = `${encodeURIComponent(view.id)}.png`;
  const a = view.attribution;
  const by = `${a.speaker.zh} ${a.speaker.en}`;
  const where = a.publication.zh.includes(a.publication.en)
    ? a.publication.zh
    : `${a.publication.zh} ${a.publication.en}`;
  const title = `${view.text} — ${by}`;
  const description = `${view.en} — ${a.speaker.en}, ${a.publication.en}, ${a.date}`;
  const { width, height } = CARD_SIZES.landscape;
  const alt = `${view.text} ${view.en}`;
  // The editor's lead line where the quote has one (it lets the quote stand alone), else the question.
  const setup = setupOf(view);
  const lead =
    setup === undefined
      ? ''
      : setup.kind === 'lead'
        ? `<p class="question">${e(displayChinese(setup.text.zh))}<br>${e(setup.text.en)}</p>`
        : `<p class="question">问\uff1a${e(displayChinese(setup.text.zh))}<br>Q: ${e(setup.text.en)}</p>`;
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)} · 名言</title>
<meta name="description" content="${e(description)}">
<link rel="canonical" href="${e(self)}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="名言 mingyan">
<meta property="og:title" content="${e(title)}">
<meta property="og:description" content="${e(description)}">
<meta property="og:url" content="${e(self)}">
<meta property="og:image" content="${e(image)}">
<meta property="og:image:type" content="image/png">
<meta property="og:image:width" content="${width}">
<meta property="og:image:height" content="${height}">
<meta property="og:image:alt" content="${e(alt)}">
<meta name="twitter:card" content="summary_large_image">
<meta name="twitter:title" content="${e(title)}">
<meta name="twitter:description" content="${e(description)}">
<meta name="twitter:image" content="${e(image)}">
<meta name="twitter:image:alt" content="${e(alt)}">
<style>
  @font-face { font-family: "Mingyan Serif"; font-weight: 400; src: url("font-400.ttf") format("truetype"); }
  @font-face { font-family: "Mingyan Serif"; font-weight: 600; src: url("font-600.ttf") format("truetype"); }
  body { margin: 0; background: #f4efe4; color: #1e1a16; font: 18px/1.6 "Mingyan Serif", "Noto Serif SC", "Source Han Serif SC", serif; }
  main { max-width: 44rem; margin: 0 auto; padding: 3rem 1.5rem; }
  .question { color: #5f574d; font-size: 1rem; margin: 0 0 2rem; }
  blockquote { margin: 0; border-left: 4px solid #b23a2b; padding-left: 1.25rem; }
  .zh { font-size: 2rem; line-height: 1.5; font-weight: 600; margin: 0 0 1rem; }
  .en { color: #5f574d; font-size: 1.15rem; margin: 0; }
  .by { margin: 2rem 0 0; }
  .card { display: block; width: 100%; height: auto; margin: 2.5rem 0 1rem; border-radius: 6px; box-shadow: 0 2px 12px rgba(0,0,0,.12); }
  .meta { color: #8a8174; font-size: .9rem; }
  a { color: #b23a2b; }
</style>
</head>
<body>
<main>
${lead}
<blockquote>
<p class="zh" lang="zh-CN">${e(displayChinese(view.text))}</p>
<p class="en" lang="en">${e(view.en)}</p>
</blockquote>
<p class="by">— ${e(by)} · ${e(where)} · ${e(a.date)}</p>
<p><a href="${e(a.url)}" rel="noopener">${e(a.title.zh)}</a>${a.urlLabel ? ` (${e(a.urlLabel.zh)} · ${e(a.urlLabel.en)})` : ' (context: the whole interview)'}</p>
<img class="card" src="${e(local)}" width="${width}" height="${height}" alt="${e(alt)}">
<p class="meta">id: ${e(view.id)} · <a href="${e(local)}">card image</a></p>
</main>
</body>
</html>
`;
}

const NOT_FOUND = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>没有这句话 · Not found · 名言</title></head>
<body><p>没有这句话。No quote has this address.</p></body></html>
`;

const oneOf = <T extends string>(value: string | null, allowed: readonly T[]): T | undefined =>
  value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;

/**
 * GET /q/<id> (the quote's page) and GET /q/<id>.png (its card; `?layout=portrait|square&theme=dark&lang=zh|en`
 * for the others). Static per quote, with an ETag so a client or proxy revalidates with a 304. Other paths: false.
 */
export function createQuotePages(deps: PagesDeps): HttpRoute {
  const pages = new Map<string, { body: string; etag: string }>();
  const pageOf = (view: QuoteView) => {
    let page = pages.get(view.id);
    if (!page) {
      const body = quotePage(view, deps.publicUrl);
      page = { body, etag: etagOf(body) };
      pages.set(view.id, page);
    }
    return page;
  };
  const pngTags = new WeakMap<Buffer, string>();
  const fontTags = new Map<boolean, string>();

  /** The card font (read on first request; 404 when the fonts are missing, the page falls back to serif). */
  function sendFont(req: IncomingMessage, res: ServerResponse, bold: boolean): boolean {
    let data: Buffer;
    try {
      const fonts = loadCardFonts();
      data = bold ? fonts.quote.data : fonts.body.data;
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end();
      return true;
    }
    const etag = fontTags.get(bold) ?? etagOf(data);
    fontTags.set(bold, etag);
    const headers = { etag, 'cache-control': 'public, max-age=86400', 'x-content-type-options': 'nosniff' };
    if ((req.headers['if-none-match'] ?? '').includes(etag)) {
      res.writeHead(304, headers);
      res.end();
      return true;
    }
    res.writeHead(200, { ...headers, 'content-type': 'font/ttf', 'content-length': data.length });
    res.end(req.method === 'HEAD' ? undefined : data);
    return true;
  }

  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const font = FONT.exec(url.pathname);
    if (font && (req.method === 'GET' || req.method === 'HEAD')) return sendFont(req, res, font[1] === '600');
    const match = PAGE.exec(url.pathname);
    if (!match) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      res.end('method not allowed\n');
      return true;
    }
    const quote = deps.corpus.byId.get(match[1] ?? '');
    if (!quote) {
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : NOT_FOUND);
      return true;
    }
    const view = toQuoteView(quote, deps.corpus, deps.publicUrl);
    let body: string | Buffer;
    let etag: string;
    let type: string;
    if (match[2]) {
      const layout: CardLayout = oneOf(url.searchParams.get('layout'), CARD_LAYOUTS) ?? 'landscape';
      const theme: CardTheme = oneOf(url.searchParams.get('theme'), CARD_THEMES) ?? 'light';
      const lang: Lang = oneOf(url.searchParams.get('lang'), LANGS) ?? 'both';
      try {
        const card = await deps.cards.render(view, { layout, theme, lang });
        body = card.png;
      } catch {
        res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '60' });
        res.end('the card cannot be drawn right now\n');
        return true;
      }
      etag = pngTags.get(body) ?? etagOf(body);
      pngTags.set(body, etag);
      type = 'image/png';
    } else {
      ({ body, etag } = pageOf(view));
      type = 'text/html; charset=utf-8';
    }
    const headers = {
      etag,
      'cache-control': CACHE,
      'x-content-type-options': 'nosniff',
      ...(type.startsWith('text/html')
        ? { 'content-security-policy': CSP, 'referrer-policy': 'no-referrer' }
        : {}),
    };
    const tags = (req.headers['if-none-match'] ?? '').split(',').map((t) => t.trim().replace(/^W\//, ''));
    if (tags.includes(etag) || tags.includes('*')) {
      res.writeHead(304, headers);
      res.end();
      return true;
    }
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    res.writeHead(200, { ...headers, 'content-type': type, 'content-length': bytes.length });
    res.end(req.method === 'HEAD' ? undefined : bytes);
    return true;
  };
}
