import { readFileSync } from 'node:fs';
import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createSlackAdapter, type SlackAdapter } from '../adapters/slack/index.js';
import { uploadCard } from '../adapters/slack/cards.js';
import { manifestPath } from '../adapters/slack/manifest.js';
import { createBot } from '../src/bot/index.js';
import type { Lang, Reply } from '../src/bot/reply.js';
import { toQuoteView } from '../src/bot/view.js';
import { createCardRenderer } from '../src/card/index.js';
import { loadConfig, type Config } from '../src/config.js';
import { silentLogger } from '../src/log.js';
import { createQuoteSearch } from '../src/search/index.js';
import { createQuotePages } from '../src/web/pages.js';
import { pngSize } from './card-helpers.js';
import { METHOD_SCOPES, startFakeSlack, type FakeSlack } from './fakes/slack-api.js';
import { shippedCorpus } from './fakes/slack-bot.js';
import { buttonPressBody, sendSigned, slashCommandBody } from './fakes/slack-requests.js';

const SECRET = 'test-signing-secret-cards';
const FORM = 'application/x-www-form-urlencoded';
const PUBLIC_URL = 'https://mingyan.example.com';
/** The bot scopes the shipped manifest asks for: the fake grants exactly these. */
const MANIFEST_SCOPES = (
  parse(readFileSync(manifestPath(), 'utf8')) as { oauth_config: { scopes: { bot: string[] } } }
).oauth_config.scopes.bot;

let fake: FakeSlack;
let adapter: SlackAdapter;
let base: string;
let counter = 0;
const corpus = shippedCorpus();
const cards = createCardRenderer();

function testConfig(apiUrl: string): Config {
  const loaded = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-cards-token-123456',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: apiUrl,
    PORT: '0',
    PUBLIC_URL,
  });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
  return loaded.value;
}

async function respondedTo(body: (responseUrl: string) => string): Promise<Record<string, unknown>> {
  const id = `c${++counter}`;
  const res = await sendSigned(`${base}/slack/events`, body(fake.responseUrl(id)), FORM, { secret: SECRET });
  expect(res.status).toBe(200);
  await expect.poll(() => fake.responses.filter((r) => r.id === id).length, { timeout: 15_000 }).toBe(1);
  return fake.responses.find((r) => r.id === id)?.body ?? {};
}

const shareValue = (body: Record<string, unknown>): string => {
  const blocks = (body.blocks ?? []) as {
    type: string;
    elements?: { action_id?: string; value?: string }[];
  }[];
  const button = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'mingyan_share');
  expect(button?.value).toBeDefined();
  return button?.value ?? '';
};

beforeAll(async () => {
  fake = await startFakeSlack({ scopes: MANIFEST_SCOPES });
  const langs = new Map<string, Lang>();
  const bot = createBot({
    corpus,
    search: createQuoteSearch(corpus.quotes),
    settings: { getLang: async (c) => langs.get(c), setLang: async (c, l) => void langs.set(c, l) },
    cards,
    publicUrl: PUBLIC_URL,
  });
  const routes = createQuotePages({ corpus, cards, publicUrl: PUBLIC_URL });
  adapter = createSlackAdapter(
    { config: testConfig(fake.apiUrl), logger: silentLogger, routes },
    { host: '127.0.0.1' },
  );
  await adapter.start(bot);
  base = `http://127.0.0.1:${adapter.port()}`;
});

afterAll(async () => {
  await adapter.stop();
  await fake.close();
});

describe('Slack quote cards', () => {
  it('the manifest grants every scope the card flows call for', () => {
    for (const method of ['files.getUploadURLExternal', 'files.completeUploadExternal', 'chat.postMessage'])
      expect(MANIFEST_SCOPES).toContain(METHOD_SCOPES[method]);
  });

  it('Share on /quote card uploads the PNG (files.uploadV2, multipart) with the quote and permalink as comment', async () => {
    fake.displayNames.set('U7', 'Mei');
    const first = await respondedTo((url) => slashCommandBody({ text: 'card 贫穷限制', responseUrl: url }));
    expect(JSON.stringify(first)).toContain('贫穷限制');
    // With PUBLIC_URL the private answer shows the card inline, from the quote pages.
    const image = ((first.blocks ?? []) as { type: string; image_url?: string }[]).find(
      (b) => b.type === 'image',
    );
    expect(image?.image_url).toMatch(new RegExp(`^${PUBLIC_URL}/q/[a-z0-9-]+\\.png$`));
    const posts = fake.callsOf('chat.postMessage').length;
    // Counted from here: other tests in this file upload too, in any order.
    const before = {
      asked: fake.callsOf('files.getUploadURLExternal').length,
      uploads: fake.uploads.length,
      complete: fake.callsOf('files.completeUploadExternal').length,
    };
    const done = await respondedTo((url) =>
      buttonPressBody({
        actionId: 'mingyan_share',
        value: shareValue(first),
        responseUrl: url,
        userId: 'U7',
      }),
    );
    expect(done).toEqual({ delete_original: true });

    const [asked] = fake.callsOf('files.getUploadURLExternal').slice(before.asked);
    expect(asked?.token).toBe('xoxb-cards-token-123456');
    expect(asked?.params.filename).toMatch(/^mingyan-[a-z0-9-]+\.png$/);
    const [upload] = fake.uploads.slice(before.uploads);
    expect(upload?.fileId).toMatch(/^F\d+$/);
    expect(upload?.contentType).toMatch(/^multipart\/form-data; boundary=/);
    const filePart = upload?.parts.find((p) => p.filename !== undefined);
    expect(filePart?.bytes.length).toBe(Number(asked?.params.length));
    expect(pngSize(filePart!.bytes)).toEqual({ width: 1200, height: 675 });

    const [complete] = fake.callsOf('files.completeUploadExternal').slice(before.complete);
    expect(complete?.params.channel_id).toBe('C1');
    expect(complete?.params.files).toEqual([{ id: upload?.fileId, title: expect.stringContaining('贫穷') }]);
    const comment = String(complete?.params.initial_comment);
    expect(comment).toContain('Mei 分享了一张金句卡片');
    expect(comment).toContain('贫穷限制');
    expect(comment).toMatch(new RegExp(`<${PUBLIC_URL}/q/[a-z0-9-]+\\|`));
    // The card is the message: no second, text-only post.
    expect(fake.callsOf('chat.postMessage')).toHaveLength(posts);
  });

  it('without files:write the upload is refused by Slack (so the scope is what makes it work)', async () => {
    const narrow = await startFakeSlack({ scopes: MANIFEST_SCOPES.filter((s) => s !== 'files:write') });
    try {
      const client = new webApi.WebClient('xoxb-x', {
        slackApiUrl: narrow.apiUrl,
        retryConfig: { retries: 0 },
      });
      const card = await cards.render(toQuoteView(corpus.quotes[0]!, corpus));
      const reply: Reply = {
        kind: 'quote',
        quote: toQuoteView(corpus.quotes[0]!, corpus),
        lang: 'both',
        actions: [],
        card,
      };
      await expect(uploadCard(client, 'C1', reply as Extract<Reply, { kind: 'quote' }>)).rejects.toThrow(
        /missing_scope/,
      );
      expect(narrow.uploads).toHaveLength(0);
    } finally {
      await narrow.close();
    }
  });

  it('a card subscription posts the day as an uploaded card', async () => {
    const quote = corpus.quotes[3]!;
    const view = toQuoteView(quote, corpus, PUBLIC_URL);
    const card = await cards.render(view);
    const before = fake.uploads.length;
    const result = await adapter.post('slack:T1:C42', {
      kind: 'quote',
      quote: view,
      lang: 'both',
      actions: [],
      card,
    });
    expect(result).toEqual({ ok: true, value: { messageId: expect.stringMatching(/^F\d+$/) } });
    expect(fake.uploads).toHaveLength(before + 1);
    expect(fake.callsOf('files.completeUploadExternal').at(-1)?.params.channel_id).toBe('C42');
  });

  it("serves the quote pages on Bolt's port when Slack runs over HTTP", async () => {
    const id = corpus.quotes[0]!.id;
    const page = await fetch(`${base}/q/${id}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`<meta property="og:image" content="${PUBLIC_URL}/q/${id}.png">`);
    const png = await fetch(`${base}/q/${id}.png`);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(pngSize(Buffer.from(await png.arrayBuffer()))).toEqual({ width: 1200, height: 675 });
    expect((await fetch(`${base}/q/no-such-quote`)).status).toBe(404);
  });
});
