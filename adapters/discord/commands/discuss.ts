import { ApplicationIntegrationType, InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { DISCORD_USAGE } from '../syntax.js';
import { topicChoices } from './choices.js';
import { describe, type SlashCommand } from './module.js';

const D = Object.freeze({
  discuss: {
    zh: '发一句话和它的讨论题,并开一个讨论串',
    en: 'Post a quote with a question for the team, in a new thread',
  },
  topic: { zh: '话题(可选)', en: 'Topic (optional)' },
});

const data = describe(new SlashCommandBuilder().setName('discuss'), D.discuss)
  .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
  .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
  .addStringOption((o) =>
    describe(o.setName('topic'), D.topic)
      .setRequired(false)
      .addChoices(...topicChoices()),
  );

/** `/discuss [topic]`: a public discussion prompt with a thread for the answers. */
export const discussCommand: SlashCommand = {
  data,
  help: [{ usage: DISCORD_USAGE.discuss, summary: D.discuss }],
  plan(interaction) {
    const topic = interaction.options.getString('topic') ?? undefined;
    return {
      visibility: 'public',
      discussion: true,
      run: (bot, ctx) => bot.run(topic ? { name: 'discuss', query: topic } : { name: 'discuss' }, ctx),
    };
  },
};
