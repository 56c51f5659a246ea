/** Discord channel addresses: `discord:<guild_id>:<channel_id>`, or `discord:dm:<channel_id>` for a DM. */

/** A parsed Discord channel address. */
export interface DiscordChannelRef {
  /** Guild id, or undefined for a DM. */
  guildId?: string;
  /** Channel (or DM channel) id. */
  channelId: string;
}

const SNOWFLAKE = /^\d{1,25}$/;

/** The address the core uses for a Discord channel. */
export function channelAddress(guildId: string | null | undefined, channelId: string): string {
  return guildId ? `discord:${guildId}:${channelId}` : `discord:dm:${channelId}`;
}

/** Parses an address made by `channelAddress`; undefined when it is not a Discord address. */
export function parseChannelAddress(address: string): DiscordChannelRef | undefined {
  const parts = address.split(':');
  if (parts.length !== 3 || parts[0] !== 'discord') return undefined;
  const [, guild = '', channelId = ''] = parts;
  if (!SNOWFLAKE.test(channelId)) return undefined;
  if (guild === 'dm') return { channelId };
  return SNOWFLAKE.test(guild) ? { guildId: guild, channelId } : undefined;
}
