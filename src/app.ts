import type { Adapter } from './adapter.js';
import { platformOf } from './adapter.js';
import type { Bot } from './bot/types.js';
import { createBot } from './bot/index.js';
import type { Clock } from './clock.js';
import { systemClock } from './clock.js';
import type { Config } from './config.js';
import type { Logger } from './log.js';
import type { Corpus } from './quotes/corpus.js';
import { loadCorpus, shippedQuotesDir } from './quotes/loader.js';
import type { Scheduler } from './schedule/index.js';
import { createScheduler } from './schedule/index.js';
import { createQuoteSearch } from './search/index.js';
import type { Store } from './store/index.js';
import { openStore } from './store/index.js';
import { createCardRenderer, type CardRenderer } from './card/index.js';
import { createQuotePages, type HttpRoute } from './web/pages.js';

/** What the composition root needs to run the bot. */
export interface AppOptions {
  /** Validated configuration. */
  config: Config;
  /** Scrubbing logger. */
  logger: Logger;
  /** Where "now" comes from; the system clock by default (tests pass a manual one). */
  clock?: Clock;
  /** Adapters to start, already constructed. */
  adapters: readonly Adapter[];
  /** Random source for /quote random. */
  random?: () => number;
  /** Run the minute timer (default true); tests drive `scheduler.tick()` themselves. */
  timer?: boolean;
}

/** Readiness for /readyz. */
export interface Readiness {
  /** True when every adapter is connected and the database answers. */
  ready: boolean;
  /** Each adapter's connection state. */
  adapters: Record<string, boolean>;
  /** The database answered a query. */
  database: boolean;
}

/** The running bot: core services plus the adapters. */
export interface App {
  /** The loaded corpus (with any skipped files in corpus.issues). */
  readonly corpus: Corpus;
  /** The platform-neutral bot. */
  readonly bot: Bot;
  /** Subscriptions and daily posts. */
  readonly scheduler: Scheduler;
  /** The Store: SQLite, or Postgres when DATABASE_URL is set. */
  readonly store: Store;
  /** Quote cards (drawn on first use; nothing loads at start-up). */
  readonly cards: CardRenderer;
  /** GET /q/<id> and /q/<id>.png, for whichever HTTP server the bot runs (health port, Slack's port). */
  readonly pages: HttpRoute;
  /** Starts every adapter (fails fast, naming the variable to fix), then the scheduler. */
  start(): Promise<void>;
  /** Stops the scheduler (in-flight posts finish), disconnects adapters, closes the database. Idempotent. */
  stop(): Promise<void>;
  /** Adapter and database state (the database is asked each time). */
  readiness(): Promise<Readiness>;
}

/** The quote folders: the shipped corpus plus the user's QUOTES_DIR. */
export function quoteDirs(config: Config): string[] {
  return config.quotesDir ? [shippedQuotesDir(), config.quotesDir] : [shippedQuotesDir()];
}

/**
 * Wires corpus, search, store, scheduler, bot and adapters. Opens (and migrates) the database; no adapter
 * connects until start().
 */
export async function createApp(options: AppOptions): Promise<App> {
  const { config, logger } = options;
  const clock = options.clock ?? systemClock;
  const corpus = loadCorpus(quoteDirs(config));
  for (const issue of corpus.issues) {
    logger.warn({ file: issue.file, quote: issue.quoteId, field: issue.field }, `skipped: ${issue.message}`);
  }
  logger.info({ quotes: corpus.quotes.length, sources: corpus.sources.size }, 'quotes loaded');
  const store = await openStore(config.databaseUrl ?? config.dbPath);
  // Cheap to create: satori, resvg and the fonts load on the first card.
  const cards = createCardRenderer();
  const byPlatform = new Map(options.adapters.map((a) => [a.name as string, a]));
  const scheduler = createScheduler({
    store,
    corpus,
    clock,
    logger,
    adapterFor: (channel) => byPlatform.get(platformOf(channel)),
    defaultTimeZone: config.defaultTimeZone,
    missedWindowHours: config.missedWindowHours,
    cards,
    publicUrl: config.publicUrl,
  });
  const bot = createBot({
    corpus,
    search: createQuoteSearch(corpus.quotes),
    settings: store,
    subscriptions: scheduler,
    clock,
    random: options.random,
    defaultTimeZone: config.defaultTimeZone,
    cards,
    publicUrl: config.publicUrl,
  });
  const pages = createQuotePages({ corpus, cards, publicUrl: config.publicUrl });

  const started: Adapter[] = [];
  let stopping: Promise<void> | undefined;

  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      await scheduler.stop();
      for (const adapter of [...started].reverse()) {
        try {
          await adapter.stop();
        } catch (error) {
          logger.warn({ adapter: adapter.name, err: error }, 'adapter did not stop cleanly');
        }
      }
      await store.close();
      logger.info('stopped');
    })());

  return {
    corpus,
    bot,
    scheduler,
    store,
    cards,
    pages,
    async start() {
      for (const adapter of options.adapters) {
        await adapter.start(bot, { store, clock });
        started.push(adapter);
        logger.info({ adapter: adapter.name }, 'adapter started');
      }
      if (options.timer === false) return;
      scheduler.start();
    },
    stop,
    async readiness() {
      const adapters = Object.fromEntries(options.adapters.map((a) => [a.name, a.isReady()]));
      const database = await store.ping().then(
        () => true,
        () => false,
      );
      return { ready: database && Object.values(adapters).every(Boolean), adapters, database };
    },
  };
}
