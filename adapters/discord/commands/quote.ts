import {
  ApplicationIntegrationType,
  InteractionContextType,
  SlashCommandBuilder,
  type ApplicationCommandOptionChoiceData,
} from 'discord.js';
import { MAX_QUERY_LENGTH } from '../../../src/search/types.js';
import { clip, LIMITS } from '../text.js';
import type { Lang } from '../../../src/bot/reply.js';
import { DISCORD_USAGE } from '../syntax.js';
import { languageChoices, topicChoices } from './choices.js';
import { describe, runCommand, type CommandEnv, type Plan, type SlashCommand } from './module.js';

/** Quote ids are slugs; anything else typed into `id:` is treated as words to look up. */
const QUOTE_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const D = Object.freeze({
  quote: { zh: '周明 2023 年晚点访谈里的名言', en: "Quotes from Zhou Ming's 2023 LatePost interview" },
  search: {
    zh: '搜索访谈(中文、英文或拼音),边输入边提示',
    en: 'Search as you type (Chinese, English or pinyin)',
  },
  query: { zh: '要找的词或句子', en: 'Words to look for' },
  random: { zh: '随机一句洞见', en: 'A random insight' },
  today: { zh: '本频道今天的一句', en: "This channel's quote of the day" },
  topic: { zh: '某个话题下的一句', en: 'A quote on a topic' },
  topicOption: { zh: '话题', en: 'Topic' },
  context: { zh: '一句话的提问与完整回答', en: 'The question and the whole answer around a quote' },
  id: { zh: '名言编号(也可以输入文字搜索)', en: 'Quote id (or type words to search)' },
  card: { zh: '金句卡片:一句话做成图片', en: 'The quote as a picture card' },
  cardQuery: { zh: '名言编号或要找的词(不填则随机)', en: 'Quote id or words (empty: a random insight)' },
  layout: { zh: '版式(默认横版)', en: 'Layout (default: landscape)' },
  theme: { zh: '配色(默认浅色)', en: 'Colours (default: light)' },
  topics: { zh: '列出所有话题', en: 'List the topics' },
  byId: { zh: '按编号查看一句', en: 'A quote by its id' },
  lang: {
    zh: '本频道的显示语言:不选则显示当前设置',
    en: "This channel's display language; leave empty to see it",
  },
  language: { zh: '中文、英文或中英双语', en: 'Chinese, English or both' },
});

const LAYOUTS = ['landscape', 'portrait', 'square'] as const;
const THEMES = ['light', 'dark'] as const;

const data = describe(new SlashCommandBuilder().setName('quote'), D.quote)
  .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
  .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
  .addSubcommand((sub) =>
    describe(sub.setName('search'), D.search).addStringOption((o) =>
      describe(o.setName('query'), D.query)
        .setRequired(true)
        .setAutocomplete(true)
        .setMaxLength(MAX_QUERY_LENGTH),
    ),
  )
  .addSubcommand((sub) => describe(sub.setName('random'), D.random))
  .addSubcommand((sub) => describe(sub.setName('today'), D.today))
  .addSubcommand((sub) =>
    describe(sub.setName('topic'), D.topic).addStringOption((o) =>
      describe(o.setName('topic'), D.topicOption)
        .setRequired(true)
        .addChoices(...topicChoices()),
    ),
  )
  .addSubcommand((sub) =>
    describe(sub.setName('context'), D.context).addStringOption((o) =>
      describe(o.setName('id'), D.id).setRequired(true).setAutocomplete(true).setMaxLength(MAX_QUERY_LENGTH),
    ),
  )
  .addSubcommand((sub) => describe(sub.setName('topics'), D.topics))
  .addSubcommand((sub) =>
    describe(sub.setName('id'), D.byId).addStringOption((o) =>
      describe(o.setName('id'), D.id).setRequired(true).setAutocomplete(true).setMaxLength(MAX_QUERY_LENGTH),
    ),
  )
  .addSubcommand((sub) =>
    describe(sub.setName('lang'), D.lang).addStringOption((o) =>
      describe(o.setName('language'), D.language)
        .setRequired(false)
        .addChoices(...languageChoices()),
    ),
  )
  .addSubcommand((sub) =>
    describe(sub.setName('card'), D.card)
      .addStringOption((o) =>
        describe(o.setName('query'), D.cardQuery).setAutocomplete(true).setMaxLength(MAX_QUERY_LENGTH),
      )
      .addStringOption((o) =>
        describe(o.setName('layout'), D.layout).addChoices(
          {
            name: 'landscape 1200×675',
            name_localizations: { 'zh-CN': '横版 1200×675' },
            value: 'landscape',
          },
          {
            name: 'portrait 1080×1350',
            name_localizations: { 'zh-CN': '竖版 1080×1350' },
            value: 'portrait',
          },
          { name: 'square 1080×1080', name_localizations: { 'zh-CN': '方形 1080×1080' }, value: 'square' },
        ),
      )
      .addStringOption((o) =>
        describe(o.setName('theme'), D.theme).addChoices(
          { name: 'light', name_localizations: { 'zh-CN': '浅色' }, value: 'light' },
          { name: 'dark', name_localizations: { 'zh-CN': '深色' }, value: 'dark' },
        ),
      ),
  );

const LANGS: readonly string[] = ['zh', 'en', 'both'];

/** Live fuzzy search: each choice shows the quote, its value is the quote id. */
export function quoteChoices(env: CommandEnv, partial: string): ApplicationCommandOptionChoiceData[] {
  return env.bot.suggest(partial.trim(), LIMITS.choices).map((s) => ({
    name: clip(s.label.replace(/\s+/g, ' ').trim() || s.id, LIMITS.choiceName),
    value: s.id,
  }));
}

/** Words typed into `id:` without picking a choice: the best suggestion rather than "unknown id". */
function idOf(env: CommandEnv, typed: string): string {
  return QUOTE_ID.test(typed) ? typed : (env.bot.suggest(typed, 1)[0]?.id ?? typed);
}

/** `/quote search|random|today|topic|topics|id|context|lang`. */
export const quoteCommand: SlashCommand = {
  data,
  help: [
    { usage: DISCORD_USAGE.search, summary: D.search },
    { usage: DISCORD_USAGE.random, summary: D.random },
    { usage: DISCORD_USAGE.today, summary: D.today },
    { usage: DISCORD_USAGE.topic, summary: D.topic },
    { usage: DISCORD_USAGE.topics, summary: D.topics },
    { usage: DISCORD_USAGE.id, summary: D.byId },
    { usage: DISCORD_USAGE.context, summary: D.context },
    { usage: DISCORD_USAGE.lang, summary: D.lang },
    { usage: DISCORD_USAGE.card, summary: D.card },
  ],
  plan(interaction, env): Plan {
    switch (interaction.options.getSubcommand(true)) {
      case 'search': {
        const query = interaction.options.getString('query', true).trim();
        return {
          visibility: 'ephemeral',
          // A picked autocomplete choice arrives as a quote id: show that quote, else search the words.
          async run(bot, ctx) {
            if (QUOTE_ID.test(query)) {
              const byId = await bot.run({ name: 'id', id: query }, ctx);
              if (byId.kind === 'quote' && byId.quote.id === query) return byId;
            }
            return bot.run({ name: 'search', query }, ctx);
          },
        };
      }
      case 'random':
        return runCommand({ name: 'random' }, 'ephemeral');
      case 'today':
        return runCommand({ name: 'today' }, 'ephemeral');
      case 'topic':
        return runCommand(
          { name: 'topic', topic: interaction.options.getString('topic', true) },
          'ephemeral',
        );
      case 'card': {
        const query = interaction.options.getString('query')?.trim() ?? '';
        const layout = LAYOUTS.find((l) => l === interaction.options.getString('layout'));
        const theme = THEMES.find((t) => t === interaction.options.getString('theme'));
        // Shown privately first; its Share button posts the card to the channel.
        return runCommand(
          {
            name: 'card',
            ...(query ? { query } : {}),
            ...(layout ? { layout } : {}),
            ...(theme ? { theme } : {}),
          },
          'ephemeral',
        );
      }
      case 'topics':
        return runCommand({ name: 'topics' }, 'ephemeral');
      case 'id':
        return runCommand(
          { name: 'id', id: idOf(env, interaction.options.getString('id', true).trim()) },
          'ephemeral',
        );
      case 'lang': {
        // Setting the language changes the channel for everyone, so it is said in public; asking is private.
        const language = interaction.options.getString('language');
        return language && LANGS.includes(language)
          ? runCommand({ name: 'lang', lang: language as Lang }, 'public')
          : runCommand({ name: 'lang' }, 'ephemeral');
      }
      default:
        return runCommand(
          { name: 'context', id: idOf(env, interaction.options.getString('id', true).trim()) },
          'ephemeral',
        );
    }
  },
  autocomplete(interaction, env) {
    return quoteChoices(env, interaction.options.getFocused());
  },
};
