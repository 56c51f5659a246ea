import { ApplicationIntegrationType, InteractionContextType, SlashCommandBuilder } from 'discord.js';
import type { Bilingual } from '../../../src/quotes/schema.js';
import { DISCORD_USAGE } from '../syntax.js';
import { answer, describe, type SlashCommand } from './module.js';

const D = Object.freeze({ help: { zh: '怎么用这个机器人', en: 'How to use this bot' } });

/**
 * `/help`: the Discord commands (the bot's own help describes the text grammar of Slack and the shell,
 * which is not what a Discord user types).
 */
export function createHelpCommand(
  entries: () => readonly { usage: string; summary: Bilingual }[],
): SlashCommand {
  return {
    data: describe(new SlashCommandBuilder().setName('help'), D.help)
      .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
      .setIntegrationTypes(ApplicationIntegrationType.GuildInstall),
    help: [{ usage: DISCORD_USAGE.help, summary: D.help }],
    plan: () => answer({ kind: 'help', entries: entries().map((e) => ({ ...e })) }),
  };
}
