import { createHash, randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  Client,
  Events,
  GatewayIntentBits,
  REST,
  Routes,
  type Interaction,
  type RESTGetAPIGatewayBotResult,
  type RESTPostAPIChannelMessageResult,
} from 'discord.js';
import type { Adapter, AdapterDeps, PostFailure, PostOptions } from '../../src/adapter.js';
import type { Reply } from '../../src/bot/reply.js';
import type { Bot } from '../../src/bot/types.js';
import { err, ok, type Result } from '../../src/result.js';
import { openLeases, type Leases } from '../../src/store/index.js';
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
  /** Between the IDENTIFYs of this process's shards (Discord allows one per 5 s). Default 5000. */
  identifyGapMs?: number;
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

/** Discord allows one IDENTIFY per 5 s (max_concurrency 1): this process's shards start that far apart. */
const IDENTIFY_GAP_MS = 5_000;

/** The advisory lock name of one gateway shard; every instance sharing DATABASE_URL uses the same names. */
const shardLease = (id: number): string => `mingyan:discord-shard:${id}`;

/**
 * The Discord adapter: one discord.js gateway client (Guilds intent only) per shard this process runs, answering
 * slash commands. With SQLite (one process) it runs every shard. With DATABASE_URL, each shard is a session-level
 * advisory lock on a dedicated connection: an instance runs only the shards it holds, polls every 5 s for shards
 * nobody holds (a dead holder's session ends and frees them), and drops all its shards if that connection drops.
 * Posting needs no gateway: every instance posts through its own REST client.
 */
export function createDiscordAdapter(deps: AdapterDeps, options: DiscordAdapterOptions = {}): Adapter {
  const { config } = deps;
  const logger = deps.logger.child({ adapter: 'discord' });
  const token = config.discord.token ?? '';
  const databaseUrl = config.databaseUrl;
  const codec = createCustomIdCodec();
  const inflight = new Set<Promise<void>>();
  const maxWait = options.maxRateLimitWaitMs ?? 60_000;
  const restOptions = {
    ...(config.discord.apiUrl ? { api: config.discord.apiUrl } : {}),
    // Short limits are waited out here; a long one goes back to the caller (the scheduler retries later).
    rejectOnRateLimit: (limit: { retryAfter: number }) => limit.retryAfter > maxWait,
    // Node's own fetch, not the undici 6 that discord.js bundles: with Slack in the same process, undici 7
    // (@slack/socket-mode) may own the global dispatcher, and handing it undici 6's raw FormData fails every
    // card upload ("action is not a function"). fetch encodes the form itself and sends plain bytes.
    makeRequest: fetch,
  };
  /** The running shard clients, by shard id. */
  const clients = new Map<number, Client>();
  /** Shards whose gateway session is up. */
  const connected = new Set<number>();
  let rest: REST | undefined;
  let handle: ((interaction: Interaction) => Promise<void>) | undefined;
  let shardCount = 1;
  let leases: Leases | undefined;
  let poller: NodeJS.Timeout | undefined;
  let polling: Promise<void> | undefined;
  let lastIdentify = 0;
  /** The client still waiting for READY, so stop() can close it too. */
  let connecting: Client | undefined;
  let started = false;
  let stopping = false;

  function createClient(id: number): Client {
    return new Client({
      intents: [GatewayIntentBits.Guilds],
      allowedMentions: { parse: [] },
      shards: [id],
      shardCount,
      rest: restOptions,
    });
  }

  /** Connects shard `id` and waits for READY; throws a start-up message naming what to fix. */
  async function startShard(id: number): Promise<void> {
    const wait = lastIdentify + (options.identifyGapMs ?? IDENTIFY_GAP_MS) - Date.now();
    if (lastIdentify > 0 && wait > 0) await sleep(wait);
    lastIdentify = Date.now();
    const c = createClient(id);
    c.on(Events.InteractionCreate, (interaction) => {
      if (stopping || !handle) return;
      const work = handle(interaction).finally(() => inflight.delete(work));
      inflight.add(work);
    });
    c.on(Events.Error, (error) => logger.error({ err: error, shard: id }, 'discord: client error'));
    c.on(Events.ShardError, (error) =>
      logger.warn({ err: error, shard: id }, 'discord: gateway connection error'),
    );
    c.on(Events.ShardReconnecting, () => connected.delete(id));
    c.on(Events.ShardResume, () => connected.add(id));
    c.on(Events.ShardReady, () => connected.add(id));
    c.on(Events.ShardDisconnect, (event) => {
      connected.delete(id);
      logger.error({ code: event.code, shard: id }, 'discord: gateway closed for good');
      // On PostgreSQL the shard goes back to the pool: this or another instance takes it at the next poll.
      if (leases && clients.get(id) === c && !stopping) void dropShard(id, true);
    });
    connecting = c;
    try {
      await waitUntilReady(c, options.readyTimeoutMs ?? 30_000);
    } catch (error) {
      await destroyBounded(c);
      // No `cause`: library errors can carry request details that do not belong in a start-up message.
      // eslint-disable-next-line preserve-caught-error
      throw new Error(startErrorMessage(error, config.discord.apiUrl, token));
    } finally {
      connecting = undefined;
    }
    clients.set(id, c);
    connected.add(id);
    logger.info(
      { user: c.user?.tag, application: c.application?.id, shard: id, shards: shardCount },
      'discord: connected',
    );
  }

  /** Disconnects shard `id`; `release` gives its lease back (when the lease connection is still up). */
  async function dropShard(id: number, release: boolean): Promise<void> {
    const c = clients.get(id);
    clients.delete(id);
    connected.delete(id);
    if (c) await destroyBounded(c);
    if (release && leases?.alive) await leases.release(shardLease(id)).catch(() => undefined);
  }

  /** The lease connection dropped: Postgres may hand our shards to another instance, so close them now. */
  function onLeasesLost(error: unknown): void {
    if (stopping) return;
    logger.error(
      { err: error, shards: [...clients.keys()] },
      'discord: lost the database connection that holds the shard locks; closing those shards',
    );
    leases = undefined;
    for (const id of [...clients.keys()]) void dropShard(id, false);
  }

  /** One round: (re)connect the lease connection, check it, take and start every shard nobody holds. */
  async function takeFreeShards(url: string, throwOnStartError: boolean): Promise<void> {
    if (!leases) {
      try {
        leases = await openLeases(url, onLeasesLost);
      } catch (error) {
        if (throwOnStartError)
          // eslint-disable-next-line preserve-caught-error
          throw new Error(
            `could not connect to DATABASE_URL for the Discord shard locks (${error instanceof Error ? error.message : String(error)})`,
          );
        logger.warn({ err: error }, 'discord: cannot reach the database for the shard locks; retrying');
        return;
      }
    }
    const held = leases;
    await held.check();
    for (let id = 0; id < shardCount && !stopping; id++) {
      if (clients.has(id) || leases !== held) continue;
      if (!(await held.tryTake(shardLease(id)))) continue;
      logger.info({ shard: id, shards: shardCount }, 'discord: took the shard lock; connecting');
      try {
        await startShard(id);
      } catch (error) {
        if (held.alive) await held.release(shardLease(id)).catch(() => undefined);
        if (throwOnStartError) throw error;
        logger.error({ err: error, shard: id }, 'discord: the shard did not connect; trying again later');
        continue;
      }
      // The lease was lost while connecting: another instance may have the shard by now.
      if (!held.alive || stopping) await dropShard(id, false);
    }
  }

  function poll(url: string): void {
    if (polling || stopping) return;
    polling = takeFreeShards(url, false)
      // One line per finished round, so an operator (or a test) can see the instance is still trying.
      .then(() => logger.debug({ shards: [...clients.keys()] }, 'discord: shard lock round'))
      .catch((error: unknown) => logger.warn({ err: error }, 'discord: shard lock round failed'))
      .finally(() => (polling = undefined));
  }

  async function start(bot: Bot): Promise<void> {
    if (!token)
      throw new Error('DISCORD_TOKEN is not set: set the bot token from the Discord Developer Portal');
    if (started) throw new Error('the Discord adapter is already started');
    started = true;
    stopping = false;
    const r = new REST(restOptions).setToken(token);
    handle = createInteractionHandler({
      bot,
      logger,
      commands: commandMap(),
      codec,
      rest: r,
      defaultTimeZone: config.defaultTimeZone,
      deferAfterMs: options.deferAfterMs ?? 1500,
    });
    try {
      shardCount = config.discord.shards === 'auto' ? await recommendedShards(r) : config.discord.shards;
      if (!databaseUrl) {
        for (let id = 0; id < shardCount; id++) await startShard(id);
      } else {
        await takeFreeShards(databaseUrl, true);
        // How often this instance tries the shards nobody holds (and checks its own leases): DISCORD_SHARD_POLL_MS.
        poller = setInterval(() => poll(databaseUrl), config.discord.shardPollMs);
        if (clients.size === 0)
          logger.info({ shards: shardCount }, 'discord: every shard is held elsewhere; standing by');
      }
    } catch (error) {
      await stop();
      throw error;
    }
    rest = r;
  }

  /** Discord's recommended shard count for this bot (GET /gateway/bot), for DISCORD_SHARDS=auto. */
  async function recommendedShards(r: REST): Promise<number> {
    try {
      const { shards } = (await r.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
      return Math.max(1, shards);
    } catch (error) {
      // eslint-disable-next-line preserve-caught-error
      throw new Error(startErrorMessage(error, config.discord.apiUrl, token));
    }
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
    if (gaveUp) logger.warn('discord: the client did not shut down cleanly');
  }

  async function stop(): Promise<void> {
    stopping = true;
    clearInterval(poller);
    poller = undefined;
    if (connecting) await destroyBounded(connecting);
    await polling;
    await Promise.allSettled([...inflight]);
    await Promise.allSettled([...clients.values()].map((c) => c.destroy()));
    clients.clear();
    connected.clear();
    // Closing the session releases every shard lock at once.
    await leases?.close();
    leases = undefined;
    rest = undefined;
    handle = undefined;
    started = false;
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
    const r = rest;
    if (!r || stopping) return err({ kind: 'transient', reason: 'discord adapter is not started' });
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
      const sent = (await r.post(Routes.channelMessages(ref.channelId), {
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
        await r.post(Routes.channelMessages(ref.channelId), {
          body: { ...body, nonce: nonceOf(`${nonce}+${i + 1}`), enforce_nonce: true },
        });
      if (reply.kind === 'discussion' && ref.guildId)
        await startThread(r, ref.channelId, messageId, threadName(reply.prompt, reply.lang));
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
    // Ready: every shard this instance runs is connected (on PostgreSQL, a standby holding none is ready too,
    // as long as its lease connection is up: it posts and takes over shards).
    isReady: () =>
      rest !== undefined &&
      !stopping &&
      [...clients.keys()].every((id) => connected.has(id)) &&
      (databaseUrl ? leases?.alive === true : clients.size === shardCount),
  };
}
