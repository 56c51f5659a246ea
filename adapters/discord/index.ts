import { createHash, randomBytes } from 'node:crypto';
import { Client, Events, GatewayIntentBits, Routes, type RESTPostAPIChannelMessageResult } from 'discord.js';
import type { Adapter, AdapterDeps, PostFailure, PostOptions } from '../../src/adapter.js';
import type { Reply } from '../../src/bot/reply.js';
import type { Bot } from '../../src/bot/types.js';
import { err, ok, type Result } from '../../src/result.js';
import { parseChannelAddress } from './channel.js';
import { commandMap } from './commands.js';
import { createCustomIdCodec } from './custom-id.js';
import { classifyPostError, startErrorMessage } from './errors.js';
import { createInteractionHandler, startThread } from './interactions.js';
import { renderReply, threadName } from './render.js';

/** Tuning knobs; the defaults suit production, tests shorten them. */
export interface DiscordAdapterOptions {
  /** A reply not ready after this many ms is deferred (Discord allows 3 s). Default 1500. */
  deferAfterMs?: number;
  /** start() gives up when the gateway is not ready after this many ms. Default 30000. */
  readyTimeoutMs?: number;
  /** Rate limits up to this many ms are waited out by discord.js; longer ones fail as transient. Default 60000. */
  maxRateLimitWaitMs?: number;
  /** After a failed start, how long to wait for discord.js to shut down before giving up. Default 2000. */
  destroyTimeoutMs?: number;
}

/** Discord's limit on a message nonce. */
const NONCE_MAX = 25;

/** A nonce for `seed`: the seed itself when it fits, else a stable hash of it. */
function nonceOf(seed: string): string {
  if (seed.length <= NONCE_MAX) return seed;
  return createHash('sha256').update(seed).digest('base64url').slice(0, NONCE_MAX);
}

/** The Discord adapter: a discord.js gateway client (Guilds intent only) answering slash commands. */
export function createDiscordAdapter(deps: AdapterDeps, options: DiscordAdapterOptions = {}): Adapter {
  const { config } = deps;
  const logger = deps.logger.child({ adapter: 'discord' });
  const token = config.discord.token ?? '';
  const codec = createCustomIdCodec();
  const inflight = new Set<Promise<void>>();
  let client: Client | undefined;
  let connected = false;
  let stopping = false;

  function createClient(): Client {
    const maxWait = options.maxRateLimitWaitMs ?? 60_000;
    return new Client({
      intents: [GatewayIntentBits.Guilds],
      allowedMentions: { parse: [] },
      rest: {
        ...(config.discord.apiUrl ? { api: config.discord.apiUrl } : {}),
        // Short limits are waited out here; a long one goes back to the caller (the scheduler retries later).
        rejectOnRateLimit: (limit) => limit.retryAfter > maxWait,
      },
    });
  }

  async function start(bot: Bot): Promise<void> {
    if (!token)
      throw new Error('DISCORD_TOKEN is not set: set the bot token from the Discord Developer Portal');
    if (client) throw new Error('the Discord adapter is already started');
    stopping = false;
    const c = createClient();
    client = c;
    const handle = createInteractionHandler({
      bot,
      logger,
      commands: commandMap(),
      codec,
      rest: c.rest,
      defaultTimeZone: config.defaultTimeZone,
      deferAfterMs: options.deferAfterMs ?? 1500,
    });
    c.on(Events.InteractionCreate, (interaction) => {
      if (stopping) return;
      const work = handle(interaction).finally(() => inflight.delete(work));
      inflight.add(work);
    });
    c.on(Events.Error, (error) => logger.error({ err: error }, 'discord: client error'));
    c.on(Events.ShardError, (error) => logger.warn({ err: error }, 'discord: gateway connection error'));
    c.on(Events.ShardReconnecting, () => (connected = false));
    c.on(Events.ShardResume, () => (connected = true));
    c.on(Events.ShardReady, () => (connected = true));
    c.on(Events.ShardDisconnect, (event) => {
      connected = false;
      logger.error({ code: event.code }, 'discord: gateway closed for good');
    });
    try {
      await waitUntilReady(c, options.readyTimeoutMs ?? 30_000);
    } catch (error) {
      client = undefined;
      await destroyBounded(c);
      // No `cause`: library errors can carry request details that do not belong in a start-up message.
      // eslint-disable-next-line preserve-caught-error
      throw new Error(startErrorMessage(error, config.discord.apiUrl, token));
    }
    connected = true;
    logger.info({ user: c.user?.tag, application: c.application?.id }, 'discord: connected');
  }

  async function waitUntilReady(c: Client, timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    let onDisconnect: ((event: { code: number }) => void) | undefined;
    try {
      await Promise.race([
        new Promise<void>((resolve) => c.once(Events.ClientReady, () => resolve())),
        c.login(token).then(() => new Promise<never>(() => undefined)),
        new Promise<never>((_, reject) => {
          onDisconnect = (event) =>
            reject(Object.assign(new Error(`gateway closed (${event.code})`), { code: event.code }));
          c.on(Events.ShardDisconnect, onDisconnect);
        }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`the gateway was not ready after ${Math.round(timeoutMs / 1000)} s`)),
            timeoutMs,
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
      if (onDisconnect) c.off(Events.ShardDisconnect, onDisconnect);
    }
  }

  /**
   * discord.js's destroy() never resolves when called while the gateway is still waiting for HELLO or READY
   * (@discordjs/ws 1.2 reconnects instead), so a failed start waits for it a bounded time only.
   */
  async function destroyBounded(c: Client): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = await Promise.race([
      c.destroy().then(
        () => false,
        () => false,
      ),
      new Promise<boolean>(
        (resolve) => (timer = setTimeout(() => resolve(true), options.destroyTimeoutMs ?? 2_000)),
      ),
    ]);
    clearTimeout(timer);
    if (gaveUp) logger.warn('discord: the client did not shut down cleanly after a failed start');
  }

  async function stop(): Promise<void> {
    stopping = true;
    await Promise.allSettled([...inflight]);
    const c = client;
    client = undefined;
    connected = false;
    await c?.destroy();
  }

  /**
   * Every message goes out with a nonce and `enforce_nonce`: Discord then returns the message it already made
   * for that nonce (within a few minutes) instead of making another. That covers @discordjs/rest re-sending
   * the POST after a 5xx, a timeout or a reset connection, and the scheduler's own retries, which pass the
   * same idempotency key for every attempt. Without a key the nonce is random per call (covering the former).
   */
  async function post(
    channel: string,
    reply: Reply,
    options: PostOptions = {},
  ): Promise<Result<{ messageId: string }, PostFailure>> {
    const ref = parseChannelAddress(channel);
    if (!ref) return err({ kind: 'permanent', reason: `not a Discord channel address: ${channel}` });
    const c = client;
    if (!c || stopping) return err({ kind: 'transient', reason: 'discord adapter is not started' });
    const [{ files, ...first }, ...more] = renderReply(reply, {
      lang: 'both',
      ephemeral: false,
      customId: codec.encode,
    });
    // A card subscription: the PNG as a multipart attachment that the embed shows.
    const attachments = files?.map((f, i) => ({ id: String(i), filename: f.name }));
    const upload = files?.map((f) => ({ name: f.name, data: Buffer.from(f.data), contentType: 'image/png' }));
    const nonce = nonceOf(options.idempotencyKey ?? randomBytes(12).toString('base64url'));
    let messageId: string;
    try {
      const sent = (await c.rest.post(Routes.channelMessages(ref.channelId), {
        body: { ...first, nonce, enforce_nonce: true, ...(attachments ? { attachments } : {}) },
        ...(upload ? { files: upload } : {}),
      })) as RESTPostAPIChannelMessageResult;
      messageId = sent.id;
    } catch (error) {
      const failure = classifyPostError(error);
      logger.warn({ channel, reason: failure.reason, kind: failure.kind }, 'discord: post failed');
      return err(failure);
    }
    // The post happened: from here on a failure is logged, never returned, so the scheduler does not post twice.
    try {
      for (const [i, body] of more.entries())
        await c.rest.post(Routes.channelMessages(ref.channelId), {
          body: { ...body, nonce: nonceOf(`${nonce}+${i + 1}`), enforce_nonce: true },
        });
      if (reply.kind === 'discussion' && ref.guildId)
        await startThread(c.rest, ref.channelId, messageId, threadName(reply.prompt, reply.lang));
    } catch (error) {
      logger.warn({ err: error, channel, messageId }, 'discord: posted, but a follow-up step failed');
    }
    return ok({ messageId });
  }

  return {
    name: 'discord',
    start,
    stop,
    post,
    isReady: () => connected && !stopping && client !== undefined,
  };
}
