import {
  ApplicationIntegrationType,
  InteractionContextType,
  PermissionFlagsBits,
  SlashCommandBuilder,
} from 'discord.js';
import { DAY_NAMES } from '../../../src/bot/time.js';
import { DAY_VALUES, DISCORD_USAGE } from '../syntax.js';
import { suggestTimeZones } from '../timezones.js';
import { DM_REFUSAL } from './daily.js';
import { answer, describe, runCommand, type SlashCommand } from './module.js';

const D = Object.freeze({
  weekly: {
    zh: '本频道的每周讨论题(需要“管理频道”权限)',
    en: "This channel's weekly discussion prompt (Manage Channels)",
  },
  set: {
    zh: '每周定时在本频道发一个讨论题(需要“管理频道”权限)',
    en: 'Post a discussion prompt here every week (Manage Channels)',
  },
  time: { zh: '当地时间,24 小时制,如 10:00', en: 'Local time, 24-hour, e.g. 10:00' },
  day: { zh: '星期几(默认周一或沿用当前设置)', en: 'Day of the week (default: Monday, or as now)' },
  timezone: {
    zh: '时区:城市或 IANA 名(默认沿用每日一句的时区)',
    en: "Time zone: a city or IANA name (default: the daily insight's)",
  },
  stop: {
    zh: '停止本频道的每周讨论(需要“管理频道”权限)',
    en: 'Stop the weekly discussion here (Manage Channels)',
  },
  status: { zh: '查看本频道的订阅', en: "This channel's subscriptions" },
});

/** Discord hides /weekly from members without Manage Channels, but a server can override that. */
export const WEEKLY_PERMISSION_REFUSAL = Object.freeze({
  zh: '需要“管理频道”权限才能更改本频道的每周讨论。',
  en: "You need the Manage Channels permission to change this channel's weekly discussion.",
});

const data = describe(new SlashCommandBuilder().setName('weekly'), D.weekly)
  .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
  .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageChannels)
  .addSubcommand((sub) =>
    describe(sub.setName('set'), D.set)
      .addStringOption((o) => describe(o.setName('time'), D.time).setRequired(true).setMaxLength(8))
      .addStringOption((o) =>
        describe(o.setName('day'), D.day)
          .setRequired(false)
          .addChoices(
            // Monday first, as a week is read where this bot is used.
            ...[1, 2, 3, 4, 5, 6, 0].map((d) => ({
              name: DAY_NAMES[d]?.en ?? '',
              name_localizations: { 'zh-CN': DAY_NAMES[d]?.zh ?? '' },
              value: DAY_VALUES[d] ?? '',
            })),
          ),
      )
      .addStringOption((o) =>
        describe(o.setName('timezone'), D.timezone).setRequired(false).setAutocomplete(true).setMaxLength(64),
      ),
  )
  .addSubcommand((sub) => describe(sub.setName('stop'), D.stop))
  .addSubcommand((sub) => describe(sub.setName('status'), D.status));

/** `/weekly set|stop|status`: the channel's weekly discussion prompt, the Discord form of `discuss weekly`. */
export const weeklyCommand: SlashCommand = {
  data,
  help: [
    { usage: DISCORD_USAGE.weekly, summary: D.set },
    { usage: DISCORD_USAGE['weekly-off'], summary: D.stop },
    { usage: '/weekly status', summary: D.status },
  ],
  plan(interaction, { ctx }) {
    if (ctx.isDirect) return answer({ kind: 'notice', level: 'warning', message: DM_REFUSAL });
    const sub = interaction.options.getSubcommand(true);
    if (sub === 'status') return runCommand({ name: 'status' }, 'ephemeral');
    if (!ctx.canManage) return answer({ kind: 'notice', level: 'error', message: WEEKLY_PERMISSION_REFUSAL });
    if (sub === 'stop') return runCommand({ name: 'unsubscribe', kind: 'discuss' }, 'public');
    const day = DAY_VALUES.indexOf(interaction.options.getString('day') ?? '');
    const timezone = interaction.options.getString('timezone')?.trim();
    return runCommand(
      {
        name: 'subscribe',
        kind: 'discuss',
        time: interaction.options.getString('time', true).trim(),
        ...(timezone ? { timezone } : {}),
        ...(day >= 0 ? { days: [day] } : {}),
      },
      'public',
    );
  },
  autocomplete(interaction, { defaultTimeZone }) {
    const focused = interaction.options.getFocused(true);
    return focused.name === 'timezone' ? suggestTimeZones(String(focused.value), defaultTimeZone) : [];
  },
};
