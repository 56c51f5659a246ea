import type { App, BlockAction, ButtonAction, RespondFn, webApi } from '@slack/bolt';
import type { Logger } from '../../src/log.js';
import type { Bot } from '../../src/bot/types.js';
import type { CommandContext } from '../../src/bot/command.js';
import type { Reply } from '../../src/bot/reply.js';
import { ACTION_ID_PREFIX, renderReply } from './render.js';
import { renderHome } from './home.js';
import { slackErrorCode } from './errors.js';
import { createRecentSet } from './recent.js';
import { uploadCard } from './cards.js';
import type { Installations } from './installations.js';

/** What the listeners need from the adapter. */
export interface HandlerDeps {
  /** The bot answering every command. */
  bot: Bot;
  /** Adapter logger. */
  logger: Logger;
  /** Runs a piece of work that `stop()` waits for. */
  track<T>(work: () => Promise<T>): Promise<T>;
  /** Distribution mode's installations: uninstall events remove them. Absent in single-workspace mode. */
  installations?: Installations;
}

/** The channel address of a Slack conversation. */
export const channelAddress = (team: string, channel: string): string => `slack:${team}:${channel}`;
/** The pseudo-channel of one user's App Home (their own quote of the day). */
export const homeAddress = (team: string, user: string): string => `slack:${team}:home:${user}`;

const UNFURL_OFF = { unfurl_links: false, unfurl_media: false } as const;

const APOLOGY: Reply = {
  kind: 'notice',
  level: 'error',
  message: { zh: '出了点问题,请稍后再试。', en: 'Something went wrong; please try again in a moment.' },
};

/** DMs (D...) and group DMs are direct conversations; subscriptions belong in channels. */
const isDirectChannel = (id: string, name?: string): boolean =>
  id.startsWith('D') || name === 'directmessage' || (name ?? '').startsWith('mpdm-');

/** Mention text without the leading `<@BOT>` (and any other leading user mentions). */
export function stripMentions(text: string): string {
  return text.replace(/^(\s*<@[A-Z0-9]+(\|[^>]*)?>\s*)+/i, '').trim();
}

const ENTITIES: Readonly<Record<string, string>> = Object.freeze({ lt: '<', gt: '>', amp: '&' });

/**
 * Event text as the user typed it: Slack escapes `&`, `<` and `>` in message text. One pass, so `&amp;lt;`
 * becomes `&lt;` as typed, not `<`. Run after stripMentions, whose `<@U...>` are real brackets.
 */
export function unescapeSlackText(text: string): string {
  return text.replace(/&(lt|gt|amp);/g, (_, name: string) => ENTITIES[name] ?? '');
}

/** How long a second "Share" of the same message by the same person counts as a double click. */
export const SHARE_REPEAT_MS = 30_000;
/** Shares remembered at most, so a long-running process stays small. */
const MAX_RECENT_SHARES = 2000;

/**
 * Remembers recent shares for SHARE_REPEAT_MS. Not the event RecentSet: a share whose post failed (bot not in
 * the channel) is forgotten again so the person can retry at once after inviting the bot.
 */
function createShareGuard(now: () => number = Date.now) {
  const until = new Map<string, number>();
  return {
    /** True for the first press of `key` in the window; false for a repeat. */
    first(key: string): boolean {
      const t = now();
      for (const [k, end] of until) {
        if (end > t && until.size <= MAX_RECENT_SHARES) break;
        until.delete(k);
      }
      if ((until.get(key) ?? 0) > t) return false;
      until.delete(key);
      until.set(key, t + SHARE_REPEAT_MS);
      return true;
    },
    forget(key: string): void {
      until.delete(key);
    },
  };
}

/** Why a share failed, told to the person who pressed the button. */
function shareFailure(error: unknown): Reply {
  const code = slackErrorCode(error);
  if (code === 'not_in_channel' || code === 'channel_not_found')
    return {
      kind: 'notice',
      level: 'warning',
      message: {
        zh: '我还不在这个频道里,无法分享。请先输入 /invite @mingyan。',
        en: 'I am not in this conversation, so I cannot share here. Invite me first: /invite @mingyan',
      },
    };
  return APOLOGY;
}

/** Registers the slash command, buttons, mentions and App Home on a Bolt app. */
export function registerHandlers(app: App, deps: HandlerDeps): void {
  const { bot, logger, track } = deps;
  const seenEvents = createRecentSet(2000);
  const shares = createShareGuard();
  const names = new Map<string, string>();

  const answer = async (work: () => Promise<Reply>): Promise<Reply> => {
    try {
      return await work();
    } catch (error) {
      logger.error({ err: error }, 'the bot failed to answer');
      return APOLOGY;
    }
  };

  // Events are acked by Bolt before any middleware runs; a retry means Slack did not see that ack
  // in time, and the first delivery is most likely being answered already. Dropping retries (and
  // duplicate event ids, e.g. redelivery after a Socket Mode reconnect) trades a rare lost mention
  // for never posting twice.
  app.use(async ({ body, context, next }) => {
    const envelope = body as { type?: string; event_id?: string };
    if (envelope.type === 'event_callback') {
      if ((context.retryNum ?? 0) > 0) {
        logger.info(
          { eventId: envelope.event_id, retryNum: context.retryNum, reason: context.retryReason },
          'ignoring a retried event',
        );
        return;
      }
      if (envelope.event_id && !seenEvents.add(envelope.event_id)) {
        logger.info({ eventId: envelope.event_id }, 'ignoring a duplicate event');
        return;
      }
    }
    await next();
  });

  // Any slash command routed to this app is /quote (a workspace may rename it to avoid a clash).
  app.command(/^\/.+/, async ({ command, ack, respond }) => {
    await ack();
    await track(async () => {
      const ctx: CommandContext = {
        channel: channelAddress(command.team_id, command.channel_id),
        user: { id: command.user_id, name: command.user_name },
        // Slack offers no cheap per-channel permission check; anyone who can use the channel may manage it.
        canManage: true,
        isDirect: isDirectChannel(command.channel_id, command.channel_name),
      };
      const reply = await answer(() => bot.handle(`/quote ${command.text ?? ''}`.trim(), ctx));
      await respond({ response_type: 'ephemeral', ...renderReply(reply, 'both', { mode: 'ephemeral' }) });
    });
  });

  const displayName = async (client: webApi.WebClient, user: BlockAction['user']): Promise<string> => {
    const cached = names.get(user.id);
    if (cached) return cached;
    let name = user.name || user.username || 'someone';
    try {
      const info = await client.users.info({ user: user.id });
      const profile = info.user?.profile;
      name = profile?.display_name || profile?.real_name || info.user?.real_name || name;
      if (names.size > 1000) names.clear();
      names.set(user.id, name);
    } catch (error) {
      logger.debug({ code: slackErrorCode(error) }, 'users.info failed; using the username');
    }
    return name;
  };

  app.action<BlockAction<ButtonAction>>(
    { type: 'block_actions', action_id: new RegExp(`^${ACTION_ID_PREFIX}`) },
    async ({ action, body, ack, respond, client }) => {
      await ack();
      // Only messages carry a response_url; App Home renders no buttons, so nothing else should arrive.
      if (!body.response_url) return;
      const kind = action.action_id.slice(ACTION_ID_PREFIX.length).replace(/_\d+$/, '');
      // A double click sends two block_actions: the second share of one message by one person is dropped
      // here, before any await, so two requests arriving together still post once.
      const messageTs = String(body.container.message_ts ?? body.message?.ts ?? '');
      const where = body.channel?.id ?? String(body.container.channel_id ?? '');
      const shareKey = [body.user.id, where, messageTs, action.value ?? ''].join('|');
      if (kind === 'share' && !shares.first(shareKey)) {
        logger.info({ user: body.user.id, messageTs }, 'ignoring a repeated share of the same message');
        return;
      }
      await track(async () => {
        const team = body.team?.id ?? body.user.team_id ?? 'T';
        const channelId = body.channel?.id ?? String(body.container.channel_id ?? '');
        const ctx: CommandContext = {
          channel: channelAddress(team, channelId),
          user: { id: body.user.id, name: body.user.username },
          canManage: true,
          isDirect: isDirectChannel(channelId, body.channel?.name),
        };
        const ephemeral = body.container.is_ephemeral === true;
        // The shared post names its sharer, so look up the display name the channel knows them by.
        if (kind === 'share') ctx.user.name = await displayName(client, body.user);
        const reply = await answer(() => bot.action(action.value ?? '', ctx));
        const say = (r: Reply, replace: boolean): Promise<unknown> =>
          respond({
            response_type: 'ephemeral',
            replace_original: replace,
            ...renderReply(r, 'both', { mode: 'ephemeral' }),
          });
        if (
          kind === 'share' &&
          (reply.kind === 'quote' || reply.kind === 'discussion' || reply.kind === 'context')
        ) {
          const shared = await shareToChannel(
            client,
            respond,
            reply,
            channelId,
            ctx.user.name ?? body.user.id,
            ephemeral,
            say,
          );
          if (!shared) shares.forget(shareKey);
          return;
        }
        // On a public message (a shared quote, a daily post) "another" or "context" is for the presser only.
        await say(reply, ephemeral);
      });
    },
  );

  async function shareToChannel(
    client: webApi.WebClient,
    respond: RespondFn,
    reply: Reply,
    channelId: string,
    sharedBy: string,
    ephemeral: boolean,
    say: (r: Reply, replace: boolean) => Promise<unknown>,
  ): Promise<boolean> {
    try {
      // A shared quote with its card goes up as the picture, the quote text as its comment.
      if (reply.kind === 'quote' && reply.card) await uploadCard(client, channelId, reply, { sharedBy });
      else
        await client.chat.postMessage({
          channel: channelId,
          // Our bilingual "shared by" line replaces the bot's note, which would say it a second time.
          ...renderReply(reply.kind === 'quote' ? { ...reply, note: undefined } : reply, 'both', {
            mode: 'public',
            sharedBy,
          }),
          ...UNFURL_OFF,
        });
    } catch (error) {
      logger.warn({ code: slackErrorCode(error) }, 'sharing to the channel failed');
      await say(shareFailure(error), false);
      return false;
    }
    if (ephemeral) await respond({ delete_original: true });
    return true;
  }

  app.event('app_mention', async ({ event, body, client }) => {
    await track(async () => {
      const team = body.team_id ?? event.team ?? 'T';
      const ctx: CommandContext = {
        channel: channelAddress(team, event.channel),
        user: { id: event.user ?? 'unknown' },
        canManage: true,
        isDirect: false,
      };
      const query = unescapeSlackText(stripMentions(event.text));
      const reply = await answer(() => bot.handle(`/quote ${query}`.trim(), ctx));
      await client.chat.postMessage({
        channel: event.channel,
        thread_ts: event.thread_ts ?? event.ts,
        ...renderReply(reply, 'both', { mode: 'public' }),
        ...UNFURL_OFF,
      });
    });
  });

  app.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab !== 'home') return;
    await track(async () => {
      const team = body.team_id ?? 'T';
      const ctx: CommandContext = {
        channel: homeAddress(team, event.user),
        user: { id: event.user },
        canManage: false,
        isDirect: true,
      };
      const today = await answer(() => bot.run({ name: 'today' }, ctx));
      const help = await answer(() => bot.run({ name: 'help' }, ctx));
      await client.views.publish({ user_id: event.user, view: renderHome(today, help) });
    });
  });

  const installations = deps.installations;
  if (installations) {
    // Bolt authorizes neither event (the token is already gone) and never deletes an installation itself.
    // Both may arrive, in either order: removal is idempotent.
    const removeFrom = async (body: {
      team_id?: string;
      enterprise_id?: string;
      is_enterprise_install?: boolean;
      authorizations?: {
        is_enterprise_install?: boolean;
        team_id?: string | null;
        enterprise_id?: string | null;
      }[];
    }): Promise<void> => {
      const auth = body.authorizations?.[0];
      const isEnterpriseInstall = body.is_enterprise_install ?? auth?.is_enterprise_install ?? false;
      await installations.remove({
        enterpriseId: body.enterprise_id ?? auth?.enterprise_id ?? undefined,
        teamId: isEnterpriseInstall ? undefined : (body.team_id ?? auth?.team_id ?? undefined),
        isEnterpriseInstall,
      });
    };
    app.event('app_uninstalled', async ({ body }) => {
      await track(() => removeFrom(body));
    });
    app.event('tokens_revoked', async ({ event, body }) => {
      // Only the bot token matters: a revoked user token (we ask for none) leaves the install working.
      if ((event.tokens.bot ?? []).length === 0) return;
      await track(() => removeFrom(body));
    });
  }

  app.error(async (error) => {
    // Distribution mode: a request from a workspace with no installation (removed, or never installed) is
    // acknowledged and ignored by Bolt; it is expected, not a fault of ours.
    if (error.code === 'slack_bolt_authorization_error') {
      logger.warn(
        { code: error.code, reason: error.message },
        'ignored a request from a workspace without an installation',
      );
      return;
    }
    logger.error({ err: error, code: error.code }, 'slack listener failed');
  });
}
