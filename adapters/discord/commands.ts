import type { LocalizationMap, RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { dailyCommand } from './commands/daily.js';
import { discussCommand } from './commands/discuss.js';
import { createHelpCommand } from './commands/help.js';
import type { SlashCommand } from './commands/module.js';
import { quoteCommand } from './commands/quote.js';
import { weeklyCommand } from './commands/weekly.js';

export type { CommandEnv, Plan, SlashCommand, Visibility } from './commands/module.js';

/** Every slash command, in help order. */
export function discordCommands(): readonly SlashCommand[] {
  const list: SlashCommand[] = [quoteCommand, discussCommand, dailyCommand, weeklyCommand];
  list.push(createHelpCommand(() => list.flatMap((c) => c.help)));
  return list;
}

/** The commands by name; a duplicate name is a programming error. */
export function commandMap(
  commands: readonly SlashCommand[] = discordCommands(),
): ReadonlyMap<string, SlashCommand> {
  const map = new Map<string, SlashCommand>();
  for (const c of commands) {
    if (map.has(c.data.name)) throw new Error(`duplicate Discord command: ${c.data.name}`);
    map.set(c.data.name, c);
  }
  return map;
}

/** The JSON bodies of the commands, localised for zh-CN and en-US as written. */
export function commandDefinitions(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return discordCommands().map((c) => c.data.toJSON());
}

type Localized = {
  name_localizations?: LocalizationMap | null;
  description_localizations?: LocalizationMap | null;
};

/**
 * The JSON bodies for bulk registration (PUT .../commands), with zh-TW added to every zh-CN name and
 * description, converted to traditional characters with OpenCC. Loaded only here: building the converter
 * takes a fraction of a second, which the running bot never needs to pay.
 */
export async function registrationBodies(): Promise<RESTPostAPIChatInputApplicationCommandsJSONBody[]> {
  const OpenCC = await import('opencc-js/cn2t');
  const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });
  const addTraditional = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(addTraditional);
    if (!node || typeof node !== 'object') return;
    const n = node as Localized;
    for (const map of [n.name_localizations, n.description_localizations]) {
      const zh = map?.['zh-CN'];
      if (map && zh) map['zh-TW'] = toTraditional(zh);
    }
    for (const value of Object.values(node)) addTraditional(value);
  };
  // A copy: the definitions share label maps with the rest of the adapter, which must stay zh-CN only.
  const bodies = structuredClone(commandDefinitions());
  addTraditional(bodies);
  return bodies;
}
