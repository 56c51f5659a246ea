import {
  ApplicationIntegrationType,
  InteractionContextType,
  PermissionFlagsBits,
  SlashCommandBuilder,
} from 'discord.js';
import type { Lang } from '../../../src/bot/reply.js';
import { DISCORD_USAGE } from '../syntax.js';
import { suggestTimeZones } from '../timezones.js';
import { languageChoices } from './choices.js';
import { answer, describe, runCommand, type SlashCommand } from './module.js';

const D = Object.freeze({
  daily: { zh: '本频道的每日一句(需要“管理频道”权限)', en: "This channel's daily insight (Manage Channels)" },
  set: {
    zh: '每天定时在本频道发一句(需要“管理频道”权限)',
    en: 'Post an insight here every day (Manage Channels)',
  },
  time: { zh: '当地时间,24 小时制,如 09:00', en: 'Local time, 24-hour, e.g. 09:00' },
  timezone: {
    zh: '时区:城市或 IANA 名,如 北京、Europe/London(默认沿用当前设置)',
    en: 'Time zone: a city or IANA name, e.g. London (default: as now)',
  },
  language: { zh: '显示语言(默认中英双语)', en: 'Language (default: both)' },
  card: { zh: '发金句卡片(图片)而不是文字', en: 'Post a picture card instead of text' },
  stop: {
    zh: '停止本频道的每日一句(需要“管理频道”权限)',
    en: 'Stop the daily insight here (Manage Channels)',
  },
  status: { zh: '查看本频道的订阅', en: "This channel's subscriptions" },
});

/** Subscriptions belong to a server channel; a DM has none. */
export const DM_REFUSAL = Object.freeze({
  zh: '订阅是按服务器频道设置的:请在服务器的某个频道里使用这个命令。',
  en: 'Subscriptions are per server channel: use this command in a channel of your server.',
});
/** Discord hides /daily from members without Manage Channels, but a server can override that. */
export const PERMISSION_REFUSAL = Object.freeze({
  zh: '需要“管理频道”权限才能更改本频道的每日一句。',
  en: "You need the Manage Channels permission to change this channel's daily insight.",
});

const data = describe(new SlashCommandBuilder().setName('daily'), D.daily)
  .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
  .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageChannels)
  .addSubcommand((sub) =>
    describe(sub.setName('set'), D.set)
      .addStringOption((o) => describe(o.setName('time'), D.time).setRequired(true).setMaxLength(8))
      .addStringOption((o) =>
        describe(o.setName('timezone'), D.timezone).setRequired(false).setAutocomplete(true).setMaxLength(64),
      )
      .addStringOption((o) =>
        describe(o.setName('language'), D.language)
          .setRequired(false)
          .addChoices(...languageChoices()),
      )
      .addBooleanOption((o) => describe(o.setName('card'), D.card).setRequired(false)),
  )
  .addSubcommand((sub) => describe(sub.setName('stop'), D.stop))
  .addSubcommand((sub) => describe(sub.setName('status'), D.status));

const LANGS: readonly string[] = ['zh', 'en', 'both'];

/** `/daily set|stop|status`: the channel's daily insight subscription. */
export const dailyCommand: SlashCommand = {
  data,
  help: [
    { usage: DISCORD_USAGE.daily, summary: D.set },
    { usage: DISCORD_USAGE['daily-off'], summary: D.stop },
    { usage: DISCORD_USAGE.status, summary: D.status },
  ],
  plan(interaction, { ctx }) {
    if (ctx.isDirect) return answer({ kind: 'notice', level: 'warning', message: DM_REFUSAL });
    const sub = interaction.options.getSubcommand(true);
    if (sub === 'status') return runCommand({ name: 'status' }, 'ephemeral');
    if (!ctx.canManage) return answer({ kind: 'notice', level: 'error', message: PERMISSION_REFUSAL });
    if (sub === 'stop') return runCommand({ name: 'unsubscribe', kind: 'daily' }, 'public');
    const language = interaction.options.getString('language');
    const card = interaction.options.getBoolean('card');
    const timezone = interaction.options.getString('timezone')?.trim();
    return runCommand(
      {
        name: 'subscribe',
        kind: 'daily',
        time: interaction.options.getString('time', true).trim(),
        ...(timezone ? { timezone } : {}),
        ...(language && LANGS.includes(language) ? { lang: language as Lang } : {}),
        ...(card !== null ? { card } : {}),
      },
      'public',
    );
  },
  autocomplete(interaction, { defaultTimeZone }) {
    const focused = interaction.options.getFocused(true);
    return focused.name === 'timezone' ? suggestTimeZones(String(focused.value), defaultTimeZone) : [];
  },
};
