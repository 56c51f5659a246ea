import { randomBytes } from 'node:crypto';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  ChannelType,
  ComponentType,
  InteractionContextType,
  InteractionType,
  MessageFlags,
  PermissionFlagsBits,
  type APIApplicationCommandAutocompleteInteraction,
  type APIApplicationCommandInteractionDataBasicOption,
  type APIApplicationCommandInteractionDataOption,
  type APIChatInputApplicationCommandInteraction,
  type APIMessage,
  type APIMessageComponentButtonInteraction,
  type APIUser,
} from 'discord-api-types/v10';
import { nextId, type GuildFixture } from './discord-fake.js';

/** Fixed ids of the test world. */
export const IDS = Object.freeze({
  app: '1100000000000000001',
  guild: '1100000000000000002',
  channel: '1100000000000000003',
  dm: '1100000000000000004',
  user: '1100000000000000005',
  thread: '1100000000000000006',
});

const THREAD_TYPES: readonly ChannelType[] = [
  ChannelType.PublicThread,
  ChannelType.PrivateThread,
  ChannelType.AnnouncementThread,
];

/** The test server as GUILD_CREATE delivers it: one text channel with one active thread. */
export function testGuild(): GuildFixture {
  return {
    id: IDS.guild,
    channels: [
      {
        id: IDS.channel,
        type: ChannelType.GuildText,
        guild_id: IDS.guild,
        name: 'general',
        position: 0,
        permission_overwrites: [],
        nsfw: false,
        parent_id: null,
      },
    ],
    threads: [
      {
        id: IDS.thread,
        type: ChannelType.PublicThread,
        guild_id: IDS.guild,
        parent_id: IDS.channel,
        name: 'a thread',
        owner_id: IDS.user,
        member_count: 1,
        message_count: 0,
        thread_metadata: {
          archived: false,
          auto_archive_duration: 1440,
          archive_timestamp: new Date(0).toISOString(),
          locked: false,
        },
      },
    ],
  };
}

/** Where an interaction happens and who makes it. */
export interface Where {
  /** A server channel (default) or a DM with the bot. */
  dm?: boolean;
  /** The member's permissions in the channel (default: View Channel, Send Messages). */
  permissions?: bigint;
  /** Type of the channel (default GuildText). */
  channelType?: ChannelType;
  /** The user's client locale (default en-US). */
  locale?: string;
}

const MEMBER_DEFAULT = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages;
/** What a member with Manage Channels has. */
export const MANAGER = MEMBER_DEFAULT | PermissionFlagsBits.ManageChannels;
const APP_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.CreatePublicThreads |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.ReadMessageHistory;

const user: APIUser = { id: IDS.user, username: 'ada', discriminator: '0', global_name: 'Ada', avatar: null };

/** Long, token-shaped (so the log scrubber's patterns apply as they would in production). */
const interactionToken = (): string => `aW50ZXJhY3Rpb246${randomBytes(36).toString('base64url')}`;

function base(where: Where) {
  const dm = where.dm === true;
  const type = where.channelType ?? ChannelType.GuildText;
  const inThread = THREAD_TYPES.includes(type);
  const channel = dm
    ? { id: IDS.dm, type: ChannelType.DM, recipients: [user], flags: 0 }
    : {
        id: inThread ? IDS.thread : IDS.channel,
        type,
        guild_id: IDS.guild,
        name: inThread ? 'a thread' : 'general',
        ...(inThread ? { parent_id: IDS.channel } : {}),
        flags: 0,
        permissions: String(where.permissions ?? MEMBER_DEFAULT),
      };
  return {
    id: nextId(),
    application_id: IDS.app,
    token: interactionToken(),
    version: 1 as const,
    channel,
    channel_id: channel.id,
    app_permissions: String(APP_PERMISSIONS),
    locale: where.locale ?? 'en-US',
    entitlements: [],
    authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: dm ? '0' : IDS.guild },
    context: dm ? InteractionContextType.BotDM : InteractionContextType.Guild,
    attachment_size_limit: 8 * 1024 * 1024,
    ...(dm
      ? { user }
      : {
          guild_id: IDS.guild,
          guild_locale: 'en-US',
          guild: { id: IDS.guild, locale: 'en-US', features: [] },
          member: {
            user,
            roles: [],
            permissions: String(where.permissions ?? MEMBER_DEFAULT),
            joined_at: new Date(0).toISOString(),
            deaf: false,
            mute: false,
            flags: 0,
          },
        }),
  };
}

/** A string option value. */
export const str = (
  name: string,
  value: string,
  focused = false,
): APIApplicationCommandInteractionDataBasicOption =>
  ({
    type: ApplicationCommandOptionType.String,
    name,
    value,
    ...(focused ? { focused: true } : {}),
  }) as APIApplicationCommandInteractionDataBasicOption;

/** A subcommand with its options. */
export const sub = (
  name: string,
  options: APIApplicationCommandInteractionDataBasicOption[] = [],
): APIApplicationCommandInteractionDataOption => ({
  type: ApplicationCommandOptionType.Subcommand,
  name,
  options,
});

/** `/name ...options` as Discord sends it. */
export function chatInput(
  name: string,
  options: APIApplicationCommandInteractionDataOption[] = [],
  where: Where = {},
): APIChatInputApplicationCommandInteraction {
  return {
    ...base(where),
    type: InteractionType.ApplicationCommand,
    data: { id: nextId(), name, type: ApplicationCommandType.ChatInput, options },
  } as APIChatInputApplicationCommandInteraction;
}

/** An autocomplete request while the user types into one option. */
export function autocomplete(
  name: string,
  options: APIApplicationCommandInteractionDataOption[],
  where: Where = {},
): APIApplicationCommandAutocompleteInteraction {
  return {
    ...base(where),
    type: InteractionType.ApplicationCommandAutocomplete,
    data: { id: nextId(), name, type: ApplicationCommandType.ChatInput, options },
  } as APIApplicationCommandAutocompleteInteraction;
}

/** A press on a button with `customId`, under a message (ephemeral or public) the bot sent. */
export function button(
  customId: string,
  opts: { ephemeral: boolean } & Where,
): APIMessageComponentButtonInteraction {
  const b = base(opts);
  const message: APIMessage = {
    id: nextId(),
    channel_id: b.channel.id,
    author: {
      id: IDS.app,
      username: 'mingyan',
      discriminator: '0',
      global_name: null,
      avatar: null,
      bot: true,
    },
    content: '',
    timestamp: new Date(0).toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    components: [],
    pinned: false,
    type: 0,
    flags: opts.ephemeral ? MessageFlags.Ephemeral : (0 as MessageFlags),
  };
  return {
    ...b,
    type: InteractionType.MessageComponent,
    message,
    data: { custom_id: customId, component_type: ComponentType.Button },
  } as APIMessageComponentButtonInteraction;
}
