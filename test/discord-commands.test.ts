import { PermissionFlagsBits } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { commandDefinitions, commandMap, discordCommands } from '../adapters/discord/commands.js';
import { suggestTimeZones } from '../adapters/discord/timezones.js';
import { TOPIC_LABELS, TOPICS } from '../src/quotes/schema.js';

type Option = {
  type: number;
  name: string;
  description: string;
  description_localizations?: Record<string, string>;
  options?: Option[];
  choices?: { name: string; value: string; name_localizations?: Record<string, string> }[];
  autocomplete?: boolean;
  required?: boolean;
};
const defs = commandDefinitions() as unknown as (Option & { default_member_permissions?: string | null })[];
const byName = (name: string) =>
  defs.find((d) => d.name === name) as Option & { default_member_permissions?: string | null };
const option = (command: string, ...path: string[]): Option => {
  let node: Option = byName(command);
  for (const name of path) node = node.options?.find((o) => o.name === name) as Option;
  return node;
};
const walk = (node: Option, visit: (o: Option) => void) => {
  visit(node);
  for (const o of node.options ?? []) walk(o, visit);
};

describe('slash command definitions', () => {
  it('have exactly the agreed shape', () => {
    expect(defs.map((d) => d.name)).toEqual(['quote', 'discuss', 'daily', 'help']);
    expect(byName('quote').options?.map((o) => o.name)).toEqual([
      'search',
      'random',
      'today',
      'topic',
      'context',
      'card',
    ]);
    expect(option('quote', 'card').options?.map((o) => [o.name, o.required])).toEqual([
      ['query', false],
      ['layout', false],
      ['theme', false],
    ]);
    expect(byName('daily').options?.map((o) => o.name)).toEqual(['set', 'stop', 'status']);
    expect(option('daily', 'set').options?.map((o) => [o.name, o.required])).toEqual([
      ['time', true],
      ['timezone', true],
      ['language', false],
      ['card', false],
    ]);
    expect(byName('discuss').options?.map((o) => [o.name, o.required])).toEqual([['topic', false]]);
    expect(byName('help').options ?? []).toEqual([]);
  });

  it('autocomplete the query, the quote id and the time zone', () => {
    expect(option('quote', 'search', 'query').autocomplete).toBe(true);
    expect(option('quote', 'context', 'id').autocomplete).toBe(true);
    expect(option('quote', 'card', 'query').autocomplete).toBe(true);
    expect(option('daily', 'set', 'timezone').autocomplete).toBe(true);
  });

  it('offer the topic vocabulary as choices, labelled in both languages', () => {
    for (const choices of [option('quote', 'topic', 'topic').choices, option('discuss', 'topic').choices]) {
      expect(choices?.map((c) => c.value)).toEqual([...TOPICS]);
      expect(choices?.find((c) => c.value === 'agi')).toEqual({
        name: TOPIC_LABELS.agi.en,
        name_localizations: { 'zh-CN': TOPIC_LABELS.agi.zh },
        value: 'agi',
      });
    }
    expect(option('daily', 'set', 'language').choices?.map((c) => c.value)).toEqual(['zh', 'en', 'both']);
  });

  it('keep names ASCII and localise every description for zh-CN and en-US', () => {
    for (const d of defs)
      walk(d, (o) => {
        expect(o.name).toMatch(/^[a-z0-9_-]{1,32}$/);
        expect(o.description.length).toBeGreaterThan(0);
        expect(o.description.length).toBeLessThanOrEqual(100);
        expect(o.description_localizations?.['en-US']).toBe(o.description);
        expect(o.description_localizations?.['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
      });
  });

  it('require Manage Channels for /daily only', () => {
    expect(byName('daily').default_member_permissions).toBe(String(PermissionFlagsBits.ManageChannels));
    for (const name of ['quote', 'discuss', 'help'])
      expect(byName(name).default_member_permissions ?? null).toBeNull();
  });

  it('list every command in /help, and reject a duplicate name', () => {
    const usages = discordCommands().flatMap((c) =>
      c.help.map((h) => h.usage.split(' ').slice(0, 2).join(' ')),
    );
    for (const usage of [
      '/quote search',
      '/quote random',
      '/quote today',
      '/quote topic',
      '/quote context',
      '/discuss [topic:<topic>]',
      '/daily set',
      '/daily stop',
      '/daily status',
      '/help',
    ])
      expect(usages).toContain(usage);
    const [quote] = discordCommands();
    expect(() => commandMap([quote!, quote!])).toThrow('duplicate Discord command: quote');
  });
});

describe('time zone suggestions', () => {
  it('rank the city match first, never more than 25, and know UTC and Chinese city names', () => {
    expect(suggestTimeZones('new y', 'Asia/Shanghai')[0]?.value).toBe('America/New_York');
    expect(suggestTimeZones('london', 'Asia/Shanghai')[0]?.value).toBe('Europe/London');
    expect(suggestTimeZones('utc', 'Asia/Shanghai')[0]?.value).toBe('UTC');
    expect(suggestTimeZones('上海', 'UTC')[0]).toEqual({
      name: 'Asia/Shanghai (上海)',
      value: 'Asia/Shanghai',
    });
    expect(suggestTimeZones('e', 'UTC')).toHaveLength(25);
    expect(suggestTimeZones('', 'Europe/Paris')[0]?.value).toBe('Europe/Paris');
    expect(suggestTimeZones('no such zone', 'UTC')).toEqual([]);
  });
});
