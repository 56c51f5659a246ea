import type { Command } from '../../src/bot/command.js';
import type { CommandRef, UsageKey } from '../../src/bot/reply.js';
import { exactTopic } from '../../src/bot/topics.js';

/** Day option values of `/weekly set day:`, index = day of week (0 = Sunday). */
export const DAY_VALUES: readonly string[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** Every command form as typed in Discord; the help lists these, and messages name them. */
export const DISCORD_USAGE: Readonly<Record<UsageKey, string>> = Object.freeze({
  random: '/quote random',
  search: '/quote search query:<words>',
  topic: '/quote topic topic:<topic>',
  topics: '/quote topics',
  today: '/quote today',
  id: '/quote id id:<quote>',
  context: '/quote context id:<quote>',
  discuss: '/discuss [topic:<topic>]',
  lang: '/quote lang [language:<zh|en|both>]',
  card: '/quote card [query:<id or words>] [layout:<layout>] [theme:<light|dark>]',
  daily: '/daily set time:<HH:MM> [timezone:<zone>] [language:<zh|en|both>]',
  'daily-card': '/daily set time:<HH:MM> card:True',
  'daily-off': '/daily stop',
  status: '/daily status',
  weekly: '/weekly set time:<HH:MM> [day:<day>] [timezone:<zone>]',
  'weekly-off': '/weekly stop',
  help: '/help',
});

const opt = (name: string, value: string | undefined): string | undefined =>
  value === undefined || value === '' ? undefined : `${name}:${value}`;
const join = (...parts: (string | undefined)[]): string => parts.filter(Boolean).join(' ');

/** The slash command a user types in Discord for a command of the core (`/daily set time:09:00`). */
export function discordCommand(command: Command): string {
  switch (command.name) {
    case 'random':
      return '/quote random';
    case 'search':
      return `/quote search query:${command.query}`;
    case 'topic':
      return `/quote topic topic:${command.topic}`;
    case 'topics':
      return '/quote topics';
    case 'today':
      return '/quote today';
    case 'id':
      return `/quote id id:${command.id}`;
    case 'context':
      return `/quote context id:${command.id}`;
    case 'discuss': {
      // /discuss offers topics only; a free query has no Discord form, so the nearest is any prompt.
      const topic = command.query ? exactTopic(command.query) : undefined;
      return join('/discuss', opt('topic', topic));
    }
    case 'lang':
      return join('/quote lang', opt('language', command.lang));
    case 'subscribe': {
      if (command.kind === 'daily')
        return join(
          '/daily set',
          opt('time', command.time),
          opt('timezone', command.timezone),
          opt('language', command.lang),
          command.card === undefined ? undefined : `card:${command.card ? 'True' : 'False'}`,
        );
      const day = command.days?.length === 1 ? DAY_VALUES[command.days[0] ?? 1] : undefined;
      return join(
        '/weekly set',
        opt('time', command.time),
        opt('day', day),
        opt('timezone', command.timezone),
      );
    }
    case 'unsubscribe':
      return command.kind === 'daily' ? '/daily stop' : '/weekly stop';
    case 'card':
      return join(
        '/quote card',
        opt('query', command.query),
        opt('layout', command.layout),
        opt('theme', command.theme),
      );
    case 'status':
      return '/daily status';
    case 'help':
    case 'typo':
    case 'invalid':
      return '/help';
  }
}

/** Spells a command reference as typed in Discord. */
export function spellDiscord(ref: CommandRef): string {
  return 'run' in ref ? discordCommand(ref.run) : DISCORD_USAGE[ref.usage];
}
