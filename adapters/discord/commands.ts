import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { dailyCommand } from './commands/daily.js';
import { discussCommand } from './commands/discuss.js';
import { createHelpCommand } from './commands/help.js';
import type { SlashCommand } from './commands/module.js';
import { quoteCommand } from './commands/quote.js';

export type { CommandEnv, Plan, SlashCommand, Visibility } from './commands/module.js';

/** Every slash command, in help order. */
export function discordCommands(): readonly SlashCommand[] {
  const list: SlashCommand[] = [quoteCommand, discussCommand, dailyCommand];
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

/** The JSON bodies for bulk registration (PUT .../commands). */
export function commandDefinitions(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return discordCommands().map((c) => c.data.toJSON());
}
