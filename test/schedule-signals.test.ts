// What the scheduler tells an operator and where its limits are drawn: the warning when a card cannot be drawn
// (and none when no card was asked for), which posts one rate limit holds back, and the missed window's floor.
import { describe, expect, it } from 'vitest';
import type { Adapter } from '../src/adapter.js';
import { platformOf } from '../src/adapter.js';
import type { CardRenderer } from '../src/card/index.js';
import { createLogger } from '../src/log.js';
import { createScheduler, rateScopeOf } from '../src/schedule/index.js';
import { SH, fakeAdapter, fixtureCorpus, useSchedulerFixture } from './schedule-helpers.js';

const { clock, boot, subscribeDaily } = useSchedulerFixture();

/** A scheduler on the fixture's database whose log lines (JSON, warn and up) land in `lines`. */
async function logged(adapters: Adapter[], cards?: CardRenderer) {
  const lines: string[] = [];
  const { store } = await boot();
  const scheduler = createScheduler({
    store,
    corpus: fixtureCorpus(),
    clock,
    logger: createLogger({ level: 'warn', destination: { write: (l: string) => void lines.push(l) } }),
    adapterFor: (channel) => adapters.find((a) => a.name === platformOf(channel)),
    defaultTimeZone: 'Asia/Shanghai',
    missedWindowHours: 6,
    ...(cards ? { cards } : {}),
  });
  return { scheduler, logs: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

const brokenCards: CardRenderer = {
  render: () => Promise.reject(new Error('no fonts for 周')),
  layout: () => Promise.reject(new Error('not used')),
};

describe('card warnings', () => {
  it('a card that cannot be drawn is posted as text with one warning naming the channel, day and error', async () => {
    await subscribeDaily({ card: true });
    const shell = fakeAdapter('shell');
    const { scheduler, logs } = await logged([shell], brokenCards);
    clock.set(SH('2025-06-01', '09:00'));
    expect((await scheduler.tick()).posted).toHaveLength(1);
    expect(logs()).toMatchObject([
      {
        level: 40,
        msg: 'the quote card could not be drawn; posting text',
        channel: 'shell:local',
        localDate: '2025-06-01',
        err: { message: 'no fonts for 周' },
      },
    ]);
  });

  it('a card subscription on an instance that draws no cards posts text without any warning', async () => {
    await subscribeDaily({ card: true });
    const shell = fakeAdapter('shell');
    const { scheduler, logs } = await logged([shell]);
    clock.set(SH('2025-06-01', '09:00'));
    expect((await scheduler.tick()).posted).toHaveLength(1);
    expect(shell.posted[0]?.reply.kind).toBe('quote');
    expect(logs()).toEqual([]);
  });
});

describe('rate limit scopes', () => {
  it('Discord limits the whole bot: every guild shares one scope; Slack limits each workspace', () => {
    expect(rateScopeOf('discord:G1:C1')).toBe('discord');
    expect(rateScopeOf('discord:G2:C9')).toBe('discord');
    expect(rateScopeOf('shell:local')).toBe('shell');
    expect(rateScopeOf('slack:T1:C1')).toBe('slack:T1');
    expect(rateScopeOf('slack:T2:C1')).toBe('slack:T2');
  });
});

describe('the missed window has a floor', () => {
  it('MINGYAN_MISSED_WINDOW_HOURS=0 still posts a minute late (one tick is never "late"), not two minutes and more', async () => {
    await subscribeDaily();
    await subscribeDaily({ channel: 'discord:G1:C1', time: '09:10' });
    const shell = fakeAdapter('shell');
    const discord = fakeAdapter('discord');
    const { scheduler } = await boot([shell, discord], { missedWindowHours: 0 });
    clock.set(SH('2025-06-01', '09:01'));
    const report = await scheduler.tick();
    expect(report.posted.map((p) => p.channel)).toEqual(['shell:local']);
    expect(report.missed).toEqual([]);
    clock.set('2025-06-01T01:12:00.001Z'); // 09:12 and a millisecond: past the two-minute floor
    expect((await scheduler.tick()).missed.map((m) => m.channel)).toEqual(['discord:G1:C1']);
  });
});
