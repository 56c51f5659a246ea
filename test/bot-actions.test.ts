import { spellMessage, spellText } from '../src/bot/syntax.js';
import { describe, expect, it } from 'vitest';
import { createBot } from '../src/bot/index.js';
import { decodeAction, encodeAction, MAX_PAYLOAD_LENGTH } from '../src/bot/payload.js';
import { COMMANDS, createCommandRegistry } from '../src/bot/registry.js';
import type { QuoteSearch } from '../src/search/types.js';
import { MANAGER, fixtureCorpus, mapSettings, stubSearch } from './bot-fixture.js';

const bot = () =>
  createBot({ corpus: fixtureCorpus(), search: stubSearch(), settings: mapSettings(), random: () => 0 });

describe('action payloads', () => {
  it('round-trip every kind', () => {
    const requests = [
      { kind: 'random' },
      { kind: 'search', query: '贫穷 | 想象力', offset: 3 },
      { kind: 'topic', topic: 'agi', offset: 0 },
      { kind: 'discuss', query: '', offset: 2 },
      { kind: 'share', id: 'company-must-survive' },
      { kind: 'context', id: 'company-must-survive' },
    ] as const;
    for (const r of requests) expect(decodeAction(encodeAction(r))).toEqual(r);
  });

  it('stay within 90 characters however long the query (Discord custom_id allows 100)', () => {
    const long = `${'大模型'.repeat(60)}😀`.repeat(2);
    const payload = encodeAction({ kind: 'search', query: long, offset: 1234 });
    expect(payload.length).toBeLessThanOrEqual(MAX_PAYLOAD_LENGTH);
    const emoji = encodeAction({ kind: 'search', query: '😀'.repeat(100), offset: 7 });
    expect(emoji.length).toBeLessThanOrEqual(MAX_PAYLOAD_LENGTH);
    expect(emoji).toMatch(/^n\|7\|(😀)+$/u);
    expect(decodeAction(payload)).toMatchObject({ kind: 'search', offset: 1234 });
    // Never half a surrogate pair.
    expect(payload).toBe(payload.normalize());
    expect(/[\ud800-\udbff]$/.test(payload)).toBe(false);
  });

  it.each([
    '',
    'x',
    'r|',
    'n|abc|q',
    'n||q',
    'n|1|',
    'n|99999|q',
    's|../etc/passwd',
    's|',
    'c|A B',
    'q|1|x',
    'y'.repeat(500),
  ])('garbage %j decodes to nothing', (p) => {
    expect(decodeAction(p)).toBeUndefined();
  });

  it('a stale or garbled payload gets a friendly notice, never a throw', async () => {
    const b = bot();
    for (const p of [
      '',
      'garbage',
      'c|no-such-quote',
      's|no-such-quote',
      't|0|not-a-topic',
      'n|1|',
      '\u0000',
    ]) {
      const r = await b.action(p, MANAGER);
      expect(r).toMatchObject({ kind: 'notice', level: 'warning' });
      if (r.kind === 'notice')
        expect(spellMessage(r.message, spellText).en).toBe('That button has expired. Try /quote again.');
    }
  });

  it('every payload the bot produces decodes and is short', async () => {
    const b = bot();
    const texts = [
      '/quote',
      '贫穷',
      'topic strategy',
      'discuss',
      'today',
      'context company-must-survive',
      '量子',
      'discuss 贫穷',
    ];
    for (const t of texts) {
      const r = await b.handle(t, MANAGER);
      for (const a of 'actions' in r ? r.actions : []) {
        expect(a.payload.length).toBeLessThanOrEqual(MAX_PAYLOAD_LENGTH);
        expect(decodeAction(a.payload)).toBeDefined();
        const pressed = await b.action(a.payload, MANAGER);
        expect(pressed.kind).not.toBe('notice');
      }
    }
  });

  it('share returns the quote, saying who shared it, with only a context button', async () => {
    const r = await bot().action('s|company-must-survive', MANAGER);
    expect(r).toMatchObject({ kind: 'quote', note: 'shared by ada', quote: { id: 'company-must-survive' } });
    expect(r.kind === 'quote' && r.actions.map((a) => a.kind)).toEqual(['context']);
  });
});

describe('the boundary', () => {
  it('a search that throws becomes an apology, not a rejection', async () => {
    const broken: QuoteSearch = {
      search: () => {
        throw new Error('index exploded');
      },
    };
    const b = createBot({ corpus: fixtureCorpus(), search: broken, settings: mapSettings() });
    const r = await b.handle('贫穷', MANAGER);
    expect(r).toMatchObject({ kind: 'notice', level: 'error' });
    expect(JSON.stringify(r)).not.toContain('exploded');
    expect(b.suggest('贫穷', 5)).toEqual([]);
  });

  it('an empty corpus answers every command without throwing', async () => {
    const b = createBot({ corpus: fixtureCorpus([]), search: stubSearch([]), settings: mapSettings() });
    for (const t of ['/quote', 'today', 'discuss', 'topics', '贫穷', 'topic agi', 'id x', 'help']) {
      await expect(b.handle(t, MANAGER)).resolves.toHaveProperty('kind');
    }
    expect(await b.handle('/quote', MANAGER)).toMatchObject({
      kind: 'notice',
      message: { en: expect.stringContaining('No quotes') },
    });
  });
});

describe('suggest (Discord autocomplete)', () => {
  it('returns at most `limit` ids with labels of at most 100 characters', () => {
    const s = bot().suggest('贫穷', 25);
    expect(s.map((x) => x.id)).toEqual(['poverty-limited-imagination', 'poverty-limits-again']);
    for (const x of s) expect(Array.from(x.label).length).toBeLessThanOrEqual(100);
    expect(bot().suggest('贫穷', 1)).toHaveLength(1);
    expect(bot().suggest('贫穷', 0)).toEqual([]);
  });

  it('completes ids by prefix, and offers insights for an empty box', () => {
    expect(
      bot()
        .suggest('company', 5)
        .map((x) => x.id),
    ).toEqual(['company-must-survive']);
    const empty = bot().suggest('', 25);
    expect(empty.length).toBe(4);
  });

  it('caps at 25 choices and copes with an over-long partial', () => {
    expect(bot().suggest('a', 1000).length).toBeLessThanOrEqual(25);
    expect(bot().suggest('想'.repeat(5000), 25)).toEqual([]);
  });
});

describe('the command registry', () => {
  it('rejects a duplicate usage or keyword', () => {
    const spec = {
      key: 'random',
      usage: '/quote x',
      keywords: ['x'],
      summary: { zh: 'x', en: 'x' },
    } as const;
    const other = { ...spec, key: 'search' } as const;
    expect(() => createCommandRegistry([spec, { ...other, keywords: [] }])).toThrow(
      /duplicate command usage/,
    );
    expect(() => createCommandRegistry([spec, { ...other, usage: '/quote y' }])).toThrow(
      /duplicate command keyword: x/,
    );
    expect(() => createCommandRegistry([spec, { ...spec, usage: '/quote y', keywords: [] }])).toThrow(
      /duplicate command key: random/,
    );
  });

  it('says nothing of managers: in Slack and the shell anyone in the channel may subscribe it', () => {
    // Slack offers apps no per-channel permission, so its adapter lets everyone manage (canManage: true);
    // Discord has its own help, which says Manage Channels (test/discord-forms-e2e.test.ts).
    for (const e of COMMANDS.helpEntries()) {
      expect(e.summary.en).not.toMatch(/manager|permission/i);
      expect(e.summary.zh).not.toMatch(/管理/);
    }
  });

  it('generates the help from the same list the parser reads subcommands from', () => {
    expect(COMMANDS.helpEntries().map((e) => e.usage)).toEqual(COMMANDS.specs.map((s) => s.usage));
    expect(COMMANDS.keywords).toEqual(
      expect.arrayContaining([
        'random',
        'search',
        'topic',
        'topics',
        'today',
        'id',
        'context',
        'discuss',
        'lang',
        'daily',
        'help',
      ]),
    );
  });
});
