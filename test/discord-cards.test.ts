import { ApplicationCommandOptionType, MessageFlags } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBot } from '../src/bot/index.js';
import type { Lang, Reply } from '../src/bot/reply.js';
import { toQuoteView } from '../src/bot/view.js';
import { createCardRenderer } from '../src/card/index.js';
import { createQuoteSearch } from '../src/search/index.js';
import { fakeSubscriptions } from './bot-fixture.js';
import { pngSize } from './card-helpers.js';
import type { RecordedRequest } from './fakes/discord-fake.js';
import { startDiscordHarness, type DiscordHarness } from './fakes/discord-harness.js';
import { button, chatInput, IDS, MANAGER, str, sub } from './fakes/discord-interactions.js';
import { shippedCorpus } from './fakes/slack-bot.js';

const PUBLIC_URL = 'https://mingyan.example.com';
const corpus = shippedCorpus();
const cards = createCardRenderer();
const subscriptions = fakeSubscriptions();
let h: DiscordHarness;

interface Data {
  flags?: number;
  embeds?: { url?: string; image?: { url: string }; footer?: { text: string } }[];
  attachments?: { id: number | string; filename?: string }[];
  components?: { components: { label: string; custom_id: string }[] }[];
}
const dataOf = (r: RecordedRequest): Data =>
  (r.path.includes('/callback') ? (r.body as { data?: Data }).data : (r.body as Data)) ?? {};
const customId = (r: RecordedRequest, label: string) =>
  (dataOf(r).components ?? []).flatMap((row) => row.components).find((b) => b.label.includes(label))
    ?.custom_id ?? '';

/** The one PNG of a multipart request, checked to be what the embed shows. */
function attachedCard(r: RecordedRequest): { filename: string; size: { width: number; height: number } } {
  expect(r.contentType).toMatch(/^multipart\/form-data; boundary=/);
  expect(r.files).toHaveLength(1);
  const file = r.files![0]!;
  expect(file.field).toBe('files[0]');
  expect(dataOf(r).embeds?.[0]?.image?.url).toBe(`attachment://${file.filename}`);
  return { filename: file.filename, size: pngSize(file.bytes) };
}

beforeAll(async () => {
  const langs = new Map<string, Lang>();
  const bot = createBot({
    corpus,
    search: createQuoteSearch(corpus.quotes),
    settings: { getLang: async (c) => langs.get(c), setLang: async (c, l) => void langs.set(c, l) },
    subscriptions,
    cards,
    publicUrl: PUBLIC_URL,
  });
  // Cards are drawn well within Discord's 3 s; a long defer keeps the first answer in the callback here.
  h = await startDiscordHarness(bot, { deferAfterMs: 10_000 });
});
afterAll(async () => {
  await h.stop();
});

describe('Discord quote cards', () => {
  it('/quote card answers privately with the card attached and shown in the embed', async () => {
    const cb = await h.interact(
      chatInput('quote', [
        sub('card', [str('query', '贫穷'), str('layout', 'portrait'), str('theme', 'dark')]),
      ]),
    );
    await h.settleAll();
    expect(dataOf(cb).flags! & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    const card = attachedCard(cb);
    expect(card.filename).toMatch(/^mingyan-[a-z0-9-]+-portrait-dark\.png$/);
    expect(card.size).toEqual({ width: 1080, height: 1350 });
    expect(dataOf(cb).embeds?.[0]?.url).toMatch(new RegExp(`^${PUBLIC_URL}/q/`));
    expect(h.fake.violations).toEqual([]);
  });

  it('Share posts the quote publicly with its card as an attachment', async () => {
    const cb = await h.interact(chatInput('quote', [sub('search', [str('query', 'infrastructure')])]));
    expect(cb.files).toBeUndefined();
    const shared = await h.interact(button(customId(cb, 'Share'), { ephemeral: true }));
    await h.settleAll();
    expect(dataOf(shared).flags ?? 0).toBe(0);
    const card = attachedCard(shared);
    expect(card.size).toEqual({ width: 1200, height: 675 });
    expect(h.fake.violations).toEqual([]);
  });

  it('a card subscription posts the card to the channel as a multipart message with a nonce', async () => {
    const view = toQuoteView(corpus.quotes[5]!, corpus, PUBLIC_URL);
    const card = await cards.render(view);
    const reply: Reply = { kind: 'quote', quote: view, lang: 'both', actions: [], card };
    const result = await h.adapter.post(`discord:${IDS.guild}:${IDS.channel}`, reply, {
      idempotencyKey: 'mg77',
    });
    expect(result, JSON.stringify(h.fake.violations)).toMatchObject({ ok: true });
    const sent = h.fake.requests
      .filter((r) => r.method === 'POST' && r.path === `/channels/${IDS.channel}/messages`)
      .at(-1)!;
    expect(attachedCard(sent).size).toEqual({ width: 1200, height: 675 });
    expect(sent.body).toMatchObject({ nonce: 'mg77', attachments: [{ id: '0', filename: card.filename }] });
    expect(h.fake.violations).toEqual([]);
  });

  it('/daily set card:true subscribes the channel to cards', async () => {
    await h.interact(
      chatInput(
        'daily',
        [
          sub('set', [
            str('time', '09:00'),
            str('timezone', 'Asia/Shanghai'),
            { type: ApplicationCommandOptionType.Boolean, name: 'card', value: true } as never,
          ]),
        ],
        { permissions: MANAGER },
      ),
    );
    await h.settleAll();
    expect(subscriptions.requests.at(-1)).toMatchObject({
      time: '09:00',
      timezone: 'Asia/Shanghai',
      card: true,
    });
  });
});
