import type { CardRenderer } from '../src/card/index.js';
// Shared fixtures for test/store*.test.ts and test/schedule*.test.ts (not a test file itself).
import { mkdtempSync, rmSync } from 'node:fs';
import { afterEach, beforeEach, expect } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Adapter, PostFailure, PostOptions } from '../src/adapter.js';
import { platformOf } from '../src/adapter.js';
import type { Reply } from '../src/bot/reply.js';
import type { SubscribeRequest } from '../src/bot/types.js';
import type { ManualClock } from '../src/clock.js';
import { createManualClock } from '../src/clock.js';
import { silentLogger } from '../src/log.js';
import type { Corpus, LoadedSource } from '../src/quotes/corpus.js';
import type { Quote } from '../src/quotes/schema.js';
import type { Result } from '../src/result.js';
import { ok } from '../src/result.js';
import type { Scheduler, SchedulePolicy } from '../src/schedule/index.js';
import { createScheduler } from '../src/schedule/index.js';
import type { Store } from '../src/store/index.js';
import { openStore } from '../src/store/index.js';

const SOURCE: LoadedSource = {
  id: 'fixture',
  file: 'fixture.yaml',
  publication: { zh: '晚点 LatePost', en: 'LatePost' },
  title: { zh: '测试', en: 'Test' },
  date: '2023-04',
  url: 'https://example.com/interview',
  speaker: { zh: '周明', en: 'Zhou Ming', bio: { zh: '测试', en: 'Test' } },
  sections: [{ id: 's1', zh: '一', en: 'One' }],
};

/** One fixture quote; `insight` and `prompt` decide which decks it is in. */
export function fixtureQuote(id: string, opts: { insight?: boolean; prompt?: boolean } = {}): Quote {
  return {
    id,
    sourceId: 'fixture',
    section: 's1',
    text: `引文 ${id}`,
    en: `Quote ${id}`,
    question: { zh: `问题 ${id}`, en: `Question ${id}` },
    topics: ['research'],
    keywords: { zh: [], en: [] },
    insight: opts.insight ?? true,
    ...(opts.prompt ? { prompt: { zh: `讨论 ${id}？`, en: `Discuss ${id}?` } } : {}),
  };
}

/** A corpus of the given quotes (default: six insight quotes q1..q6, the last three with prompts, plus p1 prompt-only). */
export function fixtureCorpus(quotes?: Quote[]): Corpus {
  const list = quotes ?? [
    ...[1, 2, 3, 4, 5, 6].map((i) => fixtureQuote(`q${i}`, { prompt: i > 3 })),
    fixtureQuote('p1', { insight: false, prompt: true }),
  ];
  return {
    sources: new Map([[SOURCE.id, SOURCE]]),
    quotes: list,
    byId: new Map(list.map((q) => [q.id, q])),
    issues: [],
  };
}

/** What a fake adapter does on each post: a result, a promise of one, or a throw. */
export type PostBehaviour = (
  channel: string,
  reply: Reply,
  call: number,
) => Result<{ messageId: string }, PostFailure> | Promise<Result<{ messageId: string }, PostFailure>>;

/** A fake adapter that records every post call and answers with `behaviour` (success by default). */
export interface FakeAdapter extends Adapter {
  /** Every post call, in order (failed ones included). */
  calls: { channel: string; reply: Reply; options?: PostOptions }[];
  /** The replies that succeeded. */
  posted: { channel: string; reply: Reply; messageId: string }[];
  /** Whether isReady() says yes. */
  ready: boolean;
}

export function fakeAdapter(name: Adapter['name'] = 'shell', behaviour?: PostBehaviour): FakeAdapter {
  const fake: FakeAdapter = {
    name,
    calls: [],
    posted: [],
    ready: true,
    start: async () => undefined,
    stop: async () => undefined,
    isReady: () => fake.ready,
    post: async (channel, reply, options) => {
      fake.calls.push({ channel, reply, ...(options ? { options } : {}) });
      const result = await (behaviour ?? (() => ok({ messageId: `m${fake.calls.length}` })))(
        channel,
        reply,
        fake.calls.length,
      );
      if (result.ok) fake.posted.push({ channel, reply, messageId: result.value.messageId });
      return result;
    },
  };
  return fake;
}

/** A temp folder with a database path in a subfolder that does not exist yet. */
export function tempDb(): { dir: string; path: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'mingyan-schedule-'));
  return {
    dir,
    path: join(dir, 'nested', 'mingyan.db'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A store and scheduler on `path`, as one process would have them. */
export async function instance(opts: {
  path: string;
  clock: ManualClock;
  corpus?: Corpus;
  adapters?: Adapter[];
  missedWindowHours?: number;
  policy?: Partial<SchedulePolicy>;
  defaultTimeZone?: string;
  cards?: CardRenderer;
  /** Where a tick starts in its due list (default Math.random). */
  random?: () => number;
}): Promise<{ store: Store; scheduler: Scheduler }> {
  const store = await openStore(opts.path);
  const adapters = opts.adapters ?? [];
  const scheduler = createScheduler({
    store,
    corpus: opts.corpus ?? fixtureCorpus(),
    clock: opts.clock,
    logger: silentLogger,
    adapterFor: (channel) => adapters.find((a) => a.name === platformOf(channel)),
    defaultTimeZone: opts.defaultTimeZone ?? 'Asia/Shanghai',
    missedWindowHours: opts.missedWindowHours ?? 6,
    policy: opts.policy,
    ...(opts.cards ? { cards: opts.cards } : {}),
    ...(opts.random ? { random: opts.random } : {}),
  });
  return { store, scheduler };
}

/** A subscribe request with sensible defaults. */
export function request(over: Partial<SubscribeRequest> = {}): SubscribeRequest {
  return {
    channel: 'shell:local',
    kind: 'daily',
    time: '09:00',
    timezone: 'Asia/Shanghai',
    days: [0, 1, 2, 3, 4, 5, 6],
    lang: 'both',
    createdBy: 'U1',
    ...over,
  };
}

/** Ticks once a minute from `from` (inclusive) to `to` (exclusive); returns every report. */
export async function tickEveryMinute(scheduler: Scheduler, clock: ManualClock, from: string, to: string) {
  const reports = [];
  for (let t = new Date(from).getTime(); t < new Date(to).getTime(); t += 60_000) {
    clock.set(new Date(t));
    reports.push(await scheduler.tick());
  }
  return reports;
}

/** The quote id a recorded reply showed. */
export const quoteIdOf = (reply: Reply): string | undefined =>
  reply.kind === 'quote' || reply.kind === 'discussion' || reply.kind === 'context'
    ? reply.quote.id
    : undefined;

/** 2025-06-01 (a Sunday) at HH:MM in Asia/Shanghai, where 09:00 is 01:00Z. */
export const SH = (date: string, hhmm: string): string => `${date}T${hhmm}:00+08:00`;

/** Claims the first subscription's 09:00 Shanghai post of June 1, 2025 for `quoteId`, as a tick would; its row id. */
export async function claimJune1(store: Store, quoteId: string): Promise<number> {
  const sub = (await store.listSubscriptions())[0]!;
  const row = await store.insertClaim(
    {
      subscriptionId: sub.id,
      localDate: '2025-06-01',
      scheduledAt: new Date(SH('2025-06-01', '09:00')),
      quoteId,
    },
    new Date(SH('2025-06-01', '09:00')),
  );
  return row!.id;
}

type InstanceOptions = Parameters<typeof instance>[0];

/**
 * A fresh temp database and a manual clock (at 2025-05-31 20:00 Shanghai) for every test, and boot() to start a
 * "process" (its own Store connection and scheduler) on that file. Registers the vitest hooks.
 */
export function useSchedulerFixture() {
  const clock = createManualClock('2025-05-31T12:00:00Z');
  const opened: Store[] = [];
  let db: ReturnType<typeof tempDb> | undefined;
  beforeEach(() => {
    db = tempDb();
    clock.set('2025-05-31T12:00:00Z');
  });
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
    db?.cleanup();
  });
  const boot = async (adapters: Adapter[] = [], extra: Partial<InstanceOptions> = {}) => {
    if (!db) throw new Error('boot() runs inside a test');
    const i = await instance({ path: db.path, clock, adapters, ...extra });
    opened.push(i.store);
    return i;
  };
  /** Subscribes shell:local (or as overridden) at the clock's current time, from a short-lived process. */
  const subscribeDaily = async (over: Partial<SubscribeRequest> = {}): Promise<void> => {
    expect((await (await boot()).scheduler.subscribe(request(over))).ok).toBe(true);
  };
  return { clock, boot, subscribeDaily };
}
