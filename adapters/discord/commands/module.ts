import type {
  ApplicationCommandOptionChoiceData,
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  LocalizationMap,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { CommandContext } from '../../../src/bot/command.js';
import type { Reply } from '../../../src/bot/reply.js';
import type { Bot } from '../../../src/bot/types.js';
import type { Bilingual } from '../../../src/quotes/schema.js';

/** Who sees an answer: only the user who asked, or the whole channel. */
export type Visibility = 'ephemeral' | 'public';

/** What a slash command asks of the adapter: how to get the reply, and how to show it. */
export interface Plan {
  /** Who sees the answer (a refusal is always shown to the asker only). */
  visibility: Visibility;
  /** Open a thread on the posted message for the team's answers. */
  discussion?: boolean;
  /** Produces the reply (usually one `bot.run`). */
  run(bot: Bot, ctx: CommandContext): Promise<Reply>;
}

/** What plans and autocompletes may read besides the interaction. */
export interface CommandEnv {
  /** The bot (autocomplete uses `suggest`). */
  bot: Bot;
  /** Who asked, where, and whether they may manage the channel. */
  ctx: CommandContext;
  /** Zone offered first for `/daily set timezone`. */
  defaultTimeZone: string;
}

/** One slash command in the discord.js guide's `{ data, execute }` shape, split into pure steps. */
export interface SlashCommand {
  /** The definition registered with Discord. */
  data: { name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  /** Help lines for `/help`: usage as typed in Discord and what it does. */
  help: readonly { usage: string; summary: Bilingual }[];
  /** Maps the interaction's options to a plan. */
  plan(interaction: ChatInputCommandInteraction, env: CommandEnv): Plan;
  /** Choices for the focused option (at most 25), answered without waiting on anything slow. */
  autocomplete?(interaction: AutocompleteInteraction, env: CommandEnv): ApplicationCommandOptionChoiceData[];
}

/** A plan that answers with a fixed reply, without asking the bot. */
export function answer(reply: Reply, visibility: Visibility = 'ephemeral'): Plan {
  return { visibility, run: () => Promise.resolve(reply) };
}

/** A plan that runs one command through the bot. */
export function runCommand(command: Parameters<Bot['run']>[0], visibility: Visibility): Plan {
  return { visibility, run: (bot, ctx) => bot.run(command, ctx) };
}

/** A command or option builder (they all return `this`). */
interface Describable {
  setDescription(description: string): this;
  setDescriptionLocalizations(localizations: LocalizationMap | null): this;
}

/** Sets the English description and its zh-CN and en-US localisations. */
export function describe<T extends Describable>(builder: T, text: Bilingual): T {
  return builder.setDescription(text.en).setDescriptionLocalizations({ 'zh-CN': text.zh, 'en-US': text.en });
}
