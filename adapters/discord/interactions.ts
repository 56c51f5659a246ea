import {
  ChannelType,
  MessageFlags,
  PermissionFlagsBits,
  Routes,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type InteractionEditReplyOptions,
  type InteractionReplyOptions,
  type REST,
} from 'discord.js';
import type { CommandContext } from '../../src/bot/command.js';
import type { Lang, Reply } from '../../src/bot/reply.js';
import type { Bot } from '../../src/bot/types.js';
import type { Logger } from '../../src/log.js';
import type { Bilingual } from '../../src/quotes/schema.js';
import { channelAddress } from './channel.js';
import type { CommandEnv, SlashCommand, Visibility } from './commands.js';
import type { CustomIdCodec } from './custom-id.js';
import { renderReply, threadName, type DiscordMessage } from './render.js';

/** What the interaction handler needs. */
export interface InteractionDeps {
  /** The platform-neutral bot. */
  bot: Bot;
  /** Scrubbing logger. */
  logger: Logger;
  /** Slash commands by name. */
  commands: ReadonlyMap<string, SlashCommand>;
  /** Button custom_id codec (shared with scheduled posts). */
  codec: CustomIdCodec;
  /** REST client, for starting threads. */
  rest: REST;
  /** Zone offered first in timezone autocomplete. */
  defaultTimeZone: string;
  /** A reply still not ready after this long is deferred (Discord allows 3 s for the first answer). */
  deferAfterMs: number;
}

const APOLOGY: Bilingual = Object.freeze({
  zh: '抱歉,出了点问题,请稍后再试。',
  en: 'Sorry, something went wrong. Please try again in a moment.',
});
const EXPIRED: Bilingual = Object.freeze({
  zh: '这个按钮已过期,请重新输入命令。',
  en: 'This button has expired: please run the command again.',
});
const NO_THREAD: Bilingual = Object.freeze({
  zh: '讨论题已发出,但没能开讨论串:机器人需要“创建公开子区”权限。',
  en: 'The prompt is posted, but no thread could be started: the bot needs the Create Public Threads permission.',
});

// Threads can start only on messages in text and announcement channels (not in threads, DMs or voice chats).
const THREADABLE = new Set<ChannelType>([ChannelType.GuildText, ChannelType.GuildAnnouncement]);

/** The language for replies that carry none, from the user's Discord locale. */
export function langOfLocale(locale: string | null | undefined): Lang {
  if (locale?.startsWith('zh')) return 'zh';
  if (locale?.startsWith('en')) return 'en';
  return 'both';
}

/** Who asked and where, as the core sees it. */
export function contextOf(interaction: Interaction): CommandContext {
  const guildId = interaction.guildId;
  return {
    channel: channelAddress(guildId, interaction.channelId ?? 'unknown'),
    user: { id: interaction.user.id, name: interaction.user.globalName ?? interaction.user.username },
    canManage:
      Boolean(guildId) && (interaction.memberPermissions?.has(PermissionFlagsBits.ManageChannels) ?? false),
    isDirect: !guildId,
  };
}

/** Opens a public thread on a message for the team's answers. */
export async function startThread(
  rest: REST,
  channelId: string,
  messageId: string,
  name: string,
): Promise<void> {
  await rest.post(Routes.threads(channelId, messageId), { body: { name, auto_archive_duration: 1440 } });
}

/** A refusal or "nothing found": shown to the asker only, and never in place of the quote they were reading. */
function isRefusal(reply: Reply): boolean {
  return reply.kind === 'no-match' || (reply.kind === 'notice' && reply.level !== 'info');
}

type Repliable = ChatInputCommandInteraction | ButtonInteraction;
/** How an answer reaches the user: a new message, or in place of the message whose button was pressed. */
type Mode = 'reply' | 'update';

/** Creates the `interactionCreate` listener. Every error stops here, logged, with an ephemeral apology. */
export function createInteractionHandler(deps: InteractionDeps): (interaction: Interaction) => Promise<void> {
  const { bot, logger, codec } = deps;

  const envOf = (interaction: Interaction): CommandEnv => ({
    bot,
    ctx: contextOf(interaction),
    defaultTimeZone: deps.defaultTimeZone,
  });

  // A quote card goes up as an attachment that its embed shows (`attachment://name`).
  const filesOf = (m: DiscordMessage) =>
    m.files ? { files: m.files.map((f) => ({ attachment: Buffer.from(f.data), name: f.name })) } : {};
  const toOptions = (m: DiscordMessage, visibility: Visibility): InteractionReplyOptions => ({
    embeds: m.embeds,
    components: m.components,
    allowedMentions: { parse: [] },
    ...filesOf(m),
    ...(visibility === 'ephemeral' ? { flags: MessageFlags.Ephemeral } : {}),
  });
  const toEdit = (m: DiscordMessage): InteractionEditReplyOptions => ({
    embeds: m.embeds,
    components: m.components,
    allowedMentions: { parse: [] },
    ...filesOf(m),
  });

  /** Produces the reply and delivers it, deferring first if the bot is slow. */
  async function deliver(
    interaction: Repliable,
    produce: () => Promise<Reply>,
    planned: Visibility,
    mode: Mode,
    discussion = false,
  ): Promise<void> {
    let deferral: Promise<unknown> | undefined;
    const timer = setTimeout(() => {
      deferral =
        mode === 'update' && interaction.isButton()
          ? interaction.deferUpdate()
          : interaction.deferReply(planned === 'ephemeral' ? { flags: MessageFlags.Ephemeral } : {});
      deferral.catch(() => undefined); // awaited below; this only stops an unhandled rejection meanwhile
    }, deps.deferAfterMs);
    let reply: Reply;
    try {
      reply = await produce();
    } finally {
      clearTimeout(timer);
      if (deferral) await deferral;
    }
    const deferred = deferral !== undefined;
    const refusal = isRefusal(reply);
    const visibility: Visibility = refusal ? 'ephemeral' : planned;
    const [first, ...rest] = renderReply(reply, {
      lang: langOfLocale(interaction.locale),
      ephemeral: visibility === 'ephemeral',
      customId: codec.encode,
    });
    let messageId: string | undefined;
    if (mode === 'update' && interaction.isButton() && !refusal) {
      if (deferred) await interaction.editReply(toEdit(first));
      else await interaction.update(toEdit(first));
    } else if (!deferred) {
      if (discussion) {
        const response = await interaction.reply({ ...toOptions(first, visibility), withResponse: true });
        messageId = response.resource?.message?.id;
      } else await interaction.reply(toOptions(first, visibility));
    } else if (mode === 'update' || (refusal && planned === 'public')) {
      // Deferred in public (or as an update) but the answer is a refusal: answer privately beside it.
      if (mode === 'reply') await interaction.deleteReply();
      await interaction.followUp(toOptions(first, visibility));
    } else {
      messageId = (await interaction.editReply(toEdit(first))).id;
    }
    for (const more of rest) await interaction.followUp(toOptions(more, visibility));
    if (discussion && reply.kind === 'discussion' && messageId)
      await openDiscussion(interaction, reply, messageId);
  }

  async function openDiscussion(
    interaction: Repliable,
    reply: Extract<Reply, { kind: 'discussion' }>,
    messageId: string,
  ): Promise<void> {
    const channelType = interaction.channel?.type;
    if (!interaction.guildId || !interaction.channelId) return;
    if (channelType !== undefined && !THREADABLE.has(channelType)) return;
    try {
      await startThread(deps.rest, interaction.channelId, messageId, threadName(reply.prompt, reply.lang));
    } catch (error) {
      logger.warn(
        { err: error, channel: interaction.channelId },
        'discord: could not start a discussion thread',
      );
      const [notice] = renderReply(
        { kind: 'notice', level: 'warning', message: NO_THREAD },
        { lang: langOfLocale(interaction.locale), ephemeral: true, customId: codec.encode },
      );
      await interaction.followUp(toOptions(notice, 'ephemeral'));
    }
  }

  async function onCommand(interaction: ChatInputCommandInteraction): Promise<void> {
    const command = deps.commands.get(interaction.commandName);
    if (!command) throw new Error(`unknown Discord command /${interaction.commandName}`);
    const env = envOf(interaction);
    const plan = command.plan(interaction, env);
    await deliver(interaction, () => plan.run(bot, env.ctx), plan.visibility, 'reply', plan.discussion);
  }

  async function onAutocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const command = deps.commands.get(interaction.commandName);
    const choices = command?.autocomplete?.(interaction, envOf(interaction)) ?? [];
    await interaction.respond(choices.slice(0, 25));
  }

  async function onButton(interaction: ButtonInteraction): Promise<void> {
    const decoded = codec.decode(interaction.customId);
    if (decoded.status !== 'ok') {
      const notice: Reply = { kind: 'notice', level: 'warning', message: EXPIRED };
      await deliver(interaction, () => Promise.resolve(notice), 'ephemeral', 'reply');
      return;
    }
    const ctx = contextOf(interaction);
    const produce = () => bot.action(decoded.payload, ctx);
    const onEphemeral = interaction.message.flags.has(MessageFlags.Ephemeral);
    switch (decoded.kind) {
      case 'share':
        return deliver(interaction, produce, 'public', 'reply');
      case 'discuss':
        return deliver(interaction, produce, 'public', 'reply', true);
      case 'context':
        return deliver(interaction, produce, 'ephemeral', 'reply');
      default:
        // "Another" replaces a private answer in place; under a public message it answers privately.
        return deliver(interaction, produce, 'ephemeral', onEphemeral ? 'update' : 'reply');
    }
  }

  async function apologise(interaction: Repliable): Promise<void> {
    const [notice] = renderReply(
      { kind: 'notice', level: 'error', message: APOLOGY },
      { lang: langOfLocale(interaction.locale), ephemeral: true, customId: codec.encode },
    );
    if (interaction.deferred || interaction.replied)
      await interaction.followUp(toOptions(notice, 'ephemeral'));
    else await interaction.reply(toOptions(notice, 'ephemeral'));
  }

  return async (interaction) => {
    const what = interaction.isChatInputCommand()
      ? `/${interaction.commandName} ${interaction.options.getSubcommand(false) ?? ''}`.trim()
      : interaction.isButton()
        ? `button ${interaction.customId.slice(0, 5)}`
        : interaction.isAutocomplete()
          ? `autocomplete /${interaction.commandName}`
          : `interaction type ${interaction.type}`;
    try {
      if (interaction.isChatInputCommand()) await onCommand(interaction);
      else if (interaction.isAutocomplete()) await onAutocomplete(interaction);
      else if (interaction.isButton()) await onButton(interaction);
      else return;
      logger.debug({ interaction: interaction.id, what }, 'discord: answered');
    } catch (error) {
      logger.error({ err: error, interaction: interaction.id, what }, 'discord: interaction failed');
      if (interaction.isChatInputCommand() || interaction.isButton())
        await apologise(interaction).catch((e: unknown) =>
          logger.warn({ err: e, interaction: interaction.id }, 'discord: could not send the apology'),
        );
    }
  };
}
