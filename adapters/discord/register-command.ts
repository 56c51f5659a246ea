import { DiscordAPIError, OAuth2Scopes, PermissionFlagsBits, REST, Routes } from 'discord.js';
import { errorLine, run } from '../../src/cli/common.js';
import type { CliCommand, CliIO } from '../../src/cli/types.js';
import { formatConfigProblems, loadConfig } from '../../src/config.js';
import { redactText } from '../../src/log.js';
import { registrationBodies } from './commands.js';
import { startErrorMessage } from './errors.js';

/** What the bot needs in a channel: read it, post embeds, start and post in discussion threads. */
export const INVITE_PERMISSIONS: bigint =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.CreatePublicThreads |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.ReadMessageHistory;

/** The URL that adds the bot to a server with the scopes and permissions it needs. */
export function discordInviteUrl(applicationId: string): string {
  const params = new URLSearchParams({
    client_id: applicationId,
    scope: [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands].join(' '),
    permissions: INVITE_PERMISSIONS.toString(),
  });
  return `https://discord.com/oauth2/authorize?${params.toString()}`;
}

const NAME = 'discord-register';
const USAGE = `${NAME} [--guild ID]`;
const SNOWFLAKE = /^\d{5,25}$/;

function parseArgs(args: string[]): { guildId?: string } | string {
  let guildId: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--guild' || arg.startsWith('--guild=')) {
      const value = arg === '--guild' ? args[++i] : arg.slice('--guild='.length);
      if (!value || !SNOWFLAKE.test(value))
        return '--guild needs a server id (a number; right-click the server → Copy Server ID)';
      guildId = value;
    } else return `unknown argument: ${arg}`;
  }
  return guildId ? { guildId } : {};
}

/** `mingyan discord-register [--guild ID]`: bulk-overwrites the slash commands, then prints the invite URL. */
export const discordRegisterCommand: CliCommand = {
  name: NAME,
  usage: USAGE,
  summary:
    'Register the Discord slash commands (global, or one server with --guild) and print the invite URL',
  async run(args: string[], io: CliIO): Promise<number> {
    const parsed = parseArgs(args);
    if (typeof parsed === 'string') {
      io.stderr.write(`${errorLine(NAME, parsed)}usage: ${run(USAGE)}\n`);
      return 2;
    }
    // Only the Discord variables matter here: a half-configured Slack must not block registering Discord.
    const loaded = loadConfig({
      MINGYAN_ADAPTERS: 'discord',
      DISCORD_TOKEN: io.env.DISCORD_TOKEN,
      DISCORD_APPLICATION_ID: io.env.DISCORD_APPLICATION_ID,
      DISCORD_API_URL: io.env.DISCORD_API_URL,
    });
    if (!loaded.ok) {
      io.stderr.write(
        `${errorLine(NAME, 'set these Discord variables (in the environment or .env):')}${formatConfigProblems(loaded.error)}\n`,
      );
      return 2;
    }
    const { token = '', applicationId = '', apiUrl } = loaded.value.discord;
    const rest = new REST(apiUrl ? { api: apiUrl } : {}).setToken(token);
    const body = await registrationBodies();
    const route = parsed.guildId
      ? Routes.applicationGuildCommands(applicationId, parsed.guildId)
      : Routes.applicationCommands(applicationId);
    try {
      const result = (await rest.put(route, { body })) as unknown[];
      const names = body.map((c) => `/${c.name}`).join(', ');
      const where = parsed.guildId ? `in server ${parsed.guildId}` : 'globally';
      io.stdout.write(`Registered ${result.length} commands ${where}: ${names}\n`);
      io.stdout.write(`Invite the bot: ${discordInviteUrl(applicationId)}\n`);
      return 0;
    } catch (error) {
      io.stderr.write(errorLine(NAME, registerErrorMessage(error, parsed.guildId, apiUrl, token)));
      return 1;
    }
  },
};

function registerErrorMessage(
  error: unknown,
  guildId: string | undefined,
  apiUrl: string | undefined,
  token: string,
): string {
  if (error instanceof DiscordAPIError) {
    if (error.status === 401)
      return 'DISCORD_TOKEN was rejected by Discord: copy the bot token again (Developer Portal → Bot → Reset Token)';
    if (error.status === 403 || error.status === 404)
      return redactText(
        guildId
          ? `Discord refused (${error.status} ${error.message}): is the bot in server ${guildId}, and does DISCORD_APPLICATION_ID belong to DISCORD_TOKEN's application?`
          : `Discord refused (${error.status} ${error.message}): check that DISCORD_APPLICATION_ID belongs to DISCORD_TOKEN's application`,
        [token],
      );
    return redactText(`Discord refused the commands (${error.status}): ${error.message}`, [token]);
  }
  return startErrorMessage(error, apiUrl, token);
}
