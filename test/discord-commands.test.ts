import { PermissionFlagsBits } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { commandDefinitions, commandMap, discordCommands } from '../adapters/discord/commands.js';
import { suggestTimeZones } from '../adapters/discord/timezones.js';
import { discordCommand, DISCORD_USAGE, spellDiscord } from '../adapters/discord/syntax.js';
import type { Command } from '../src/bot/command.js';
import { COMMANDS } from '../src/bot/registry.js';
import { readFileSync } from 'node:fs';
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
    expect(defs.map((d) => d.name)).toEqual(['quote', 'discuss', 'daily', 'weekly', 'help']);
    expect(byName('quote').options?.map((o) => o.name)).toEqual([
      'search',
      'random',
      'today',
      'topic',
      'context',
      'topics',
      'id',
      'lang',
      'card',
    ]);
    expect(option('quote', 'card').options?.map((o) => [o.name, o.required])).toEqual([
      ['query', false],
      ['layout', false],
      ['theme', false],
    ]);
    expect(option('quote', 'lang').options?.map((o) => [o.name, o.required])).toEqual([['language', false]]);
    expect(byName('daily').options?.map((o) => o.name)).toEqual(['set', 'stop', 'status']);
    // The zone is optional, as in the text grammar: a new subscription takes the channel's or the default.
    expect(option('daily', 'set').options?.map((o) => [o.name, o.required])).toEqual([
      ['time', true],
      ['timezone', false],
      ['language', false],
      ['card', false],
    ]);
    expect(byName('weekly').options?.map((o) => o.name)).toEqual(['set', 'stop', 'status']);
    expect(option('weekly', 'set').options?.map((o) => [o.name, o.required])).toEqual([
      ['time', true],
      ['day', false],
      ['timezone', false],
    ]);
    expect(option('weekly', 'set', 'day').choices?.map((c) => c.value)).toEqual([
      'mon',
      'tue',
      'wed',
      'thu',
      'fri',
      'sat',
      'sun',
    ]);
    expect(byName('discuss').options?.map((o) => [o.name, o.required])).toEqual([['topic', false]]);
    expect(byName('help').options ?? []).toEqual([]);
  });

  it('autocomplete the query, the quote id and the time zone', () => {
    expect(option('quote', 'search', 'query').autocomplete).toBe(true);
    expect(option('quote', 'context', 'id').autocomplete).toBe(true);
    expect(option('quote', 'card', 'query').autocomplete).toBe(true);
    expect(option('quote', 'id', 'id').autocomplete).toBe(true);
    expect(option('daily', 'set', 'timezone').autocomplete).toBe(true);
    expect(option('weekly', 'set', 'timezone').autocomplete).toBe(true);
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

  it('require Manage Channels for /daily and /weekly only', () => {
    expect(byName('daily').default_member_permissions).toBe(String(PermissionFlagsBits.ManageChannels));
    expect(byName('weekly').default_member_permissions).toBe(String(PermissionFlagsBits.ManageChannels));
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
      '/quote topics',
      '/quote id',
      '/quote lang',
      '/weekly set',
      '/weekly stop',
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

/** `/quote id id:x` -> ['quote', 'id']: the command and, when it has subcommands, the subcommand. */
const formOf = (spelled: string): string[] => {
  const [name = '', second = ''] = spelled.slice(1).split(' ');
  const command = byName(name);
  const hasSubs = (command?.options ?? []).some((o) => o.type === 1);
  return hasSubs ? [name, second] : [name];
};
const registered = (form: string[]): boolean => {
  const [name = '', subName] = form;
  const command = byName(name);
  if (!command) return false;
  return subName === undefined || (command.options ?? []).some((o) => o.type === 1 && o.name === subName);
};

describe('every command has a Discord form', () => {
  it('every command form of the text grammar (the README table) is a registered slash command', () => {
    for (const spec of COMMANDS.specs) {
      const form = formOf(DISCORD_USAGE[spec.key]);
      expect(registered(form), `${spec.usage} -> ${DISCORD_USAGE[spec.key]}`).toBe(true);
    }
  });

  it("every row of the README's command table is a form the registry knows", () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Commands'), readme.indexOf('## Slack setup'));
    const rows = [...section.matchAll(/^\| `(\/quote[^`]*)`/gm)].map((m) => m[1] ?? '');
    expect(rows.length).toBeGreaterThan(10);
    const words = (usage: string) => usage.split(' ').slice(0, 2).join(' ');
    const known = new Set(COMMANDS.specs.map((s) => words(s.usage)));
    for (const row of rows) expect(known.has(words(row)), row).toBe(true);
  });

  it('a command named in a message is spelled as its slash command, one that is registered', () => {
    const commands: Command[] = [
      { name: 'random' },
      { name: 'search', query: '贫穷' },
      { name: 'topic', topic: 'agi' },
      { name: 'topics' },
      { name: 'today' },
      { name: 'id', id: 'poverty-limits-imagination' },
      { name: 'context', id: 'poverty-limits-imagination' },
      { name: 'discuss', query: 'agi' },
      { name: 'lang', lang: 'en' },
      { name: 'subscribe', kind: 'daily', time: '09:00' },
      { name: 'subscribe', kind: 'discuss', time: '10:00', days: [5], timezone: 'Europe/London' },
      { name: 'unsubscribe', kind: 'daily' },
      { name: 'unsubscribe', kind: 'discuss' },
      { name: 'status' },
      { name: 'help' },
    ];
    for (const c of commands) expect(registered(formOf(discordCommand(c))), discordCommand(c)).toBe(true);
    expect(discordCommand({ name: 'subscribe', kind: 'daily', time: '09:00' })).toBe('/daily set time:09:00');
    expect(discordCommand(commands[10]!)).toBe('/weekly set time:10:00 day:fri timezone:Europe/London');
    expect(discordCommand({ name: 'context', id: 'x-y' })).toBe('/quote context id:x-y');
    expect(spellDiscord({ usage: 'lang' })).toBe('/quote lang [language:<zh|en|both>]');
  });
});
