/**
 * Commands named inside messages. The core writes a marker where a command goes and lists the command beside
 * the text (Message.refs); each adapter spells it in its own syntax. This file spells the text grammar that
 * Slack and the shell share, the inverse of parse.ts.
 */
import type { Command } from './command.js';
import type { CommandRef, Message, UsageKey } from './reply.js';
import { COMMANDS } from './registry.js';
import { DAY_NAMES } from './time.js';

// Private-use characters: nothing a user types survives into a message as one of these by accident.
const OPEN = '\uE000';
const CLOSE = '\uE001';
const MARKER = /\uE000(\d+)\uE001/g;

/** The marker that stands for `refs[i]` in a Message's text. */
export function commandMarker(i: number): string {
  return `${OPEN}${i}${CLOSE}`;
}

/** Builds a Message whose texts name commands: `cmd(0)` in the texts stands for `refs[0]`. */
export function withCommands(
  build: (cmd: (i: number) => string) => { zh: string; en: string },
  refs: CommandRef[],
): Message {
  return { ...build(commandMarker), refs };
}

/**
 * One language's text with every command marker replaced by `spell(ref)`. `escape` is applied to the text
 * around the markers (not to the spelled commands), so an adapter can escape the text and format the command.
 */
export function fillCommands(
  text: string,
  refs: readonly CommandRef[] | undefined,
  spell: (ref: CommandRef) => string,
  escape: (text: string) => string = (t) => t,
): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(MARKER)) {
    const ref = refs?.[Number(m[1])];
    out += escape(text.slice(last, m.index)) + (ref ? spell(ref) : '');
    last = m.index + m[0].length;
  }
  return out + escape(text.slice(last));
}

/** A message with its commands spelled, in both languages (for adapters that then pick a language). */
export function spellMessage(
  message: Message,
  spell: (ref: CommandRef) => string,
  escape?: (text: string) => string,
): { zh: string; en: string } {
  return {
    zh: fillCommands(message.zh, message.refs, spell, escape),
    en: fillCommands(message.en, message.refs, spell, escape),
  };
}

const keywordSet = (): Set<string> => new Set(COMMANDS.keywords);

/** Days as the parser reads them: `mon,thu`; every day as nothing (the default). */
function daysWord(days: readonly number[] | undefined): string | undefined {
  if (!days || days.length === 7) return undefined;
  return days.map((d) => (DAY_NAMES[d]?.en ?? '').toLowerCase()).join(',');
}

const join = (...parts: (string | undefined)[]): string =>
  parts.filter((p) => p !== undefined && p !== '').join(' ');

/** The line to type for a command in the text grammar (`/quote context poverty-limits-imagination`). */
export function textCommand(command: Command): string {
  switch (command.name) {
    case 'random':
      return '/quote';
    case 'search': {
      const first = command.query.split(' ')[0]?.toLowerCase() ?? '';
      return keywordSet().has(first) ? `/quote search ${command.query}` : `/quote ${command.query}`;
    }
    case 'topic':
      return `/quote topic ${command.topic}`;
    case 'topics':
      return '/quote topics';
    case 'today':
      return '/quote today';
    case 'id':
      return `/quote id ${command.id}`;
    case 'context':
      return `/quote context ${command.id}`;
    case 'discuss':
      return join('/quote discuss', command.query);
    case 'lang':
      return join('/quote lang', command.lang);
    case 'card':
      return join('/quote card', command.query, command.layout, command.theme);
    case 'subscribe':
      return command.kind === 'daily'
        ? join(
            '/quote daily',
            command.time,
            command.timezone,
            daysWord(command.days),
            command.lang,
            command.card === undefined ? undefined : command.card ? 'card' : 'text',
          )
        : join('/quote discuss weekly', daysWord(command.days), command.time, command.timezone);
    case 'unsubscribe':
      return command.kind === 'daily' ? '/quote daily off' : '/quote discuss weekly off';
    case 'status':
      return '/quote daily status';
    case 'help':
    case 'typo':
    case 'invalid':
      return '/quote help';
  }
}

/** The general form of a command in the text grammar, as the help lists it. */
function textUsage(key: UsageKey): string {
  return COMMANDS.usageOf(key);
}

/** Spells a command reference in the text grammar that Slack and the shell share. */
export function spellText(ref: CommandRef): string {
  return 'run' in ref ? textCommand(ref.run) : textUsage(ref.usage);
}
