// `/quote subscribe` as the scheduler checks it (what is refused, in both languages, and how a good request is
// normalised), the log lines subscribing and unsubscribing leave, and `/quote today`'s answer on the edge days.
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/log.js';
import { err } from '../src/result.js';
import { createScheduler } from '../src/schedule/index.js';
import { SH, fakeAdapter, fixtureCorpus, request, useSchedulerFixture } from './schedule-helpers.js';

const { clock, boot, subscribeDaily } = useSchedulerFixture();

describe('what subscribe refuses, in both languages', () => {
  it.each([
    ['x09:00', 'time'],
    ['09:000', 'time'],
    ['24:00', 'time'],
    ['09:60', 'time'],
  ])('the time %s', async (time) => {
    const { scheduler } = await boot();
    expect(await scheduler.subscribe(request({ time }))).toEqual({
      ok: false,
      error: {
        zh: `时间“${time}”无效：请用 24 小时制 HH:MM，例如 09:00。`,
        en: `"${time}" is not a time: use 24-hour HH:MM, e.g. 09:00.`,
      },
    });
  });

  it('an unknown zone', async () => {
    const { scheduler } = await boot();
    expect(await scheduler.subscribe(request({ timezone: 'Mars/Base' }))).toEqual({
      ok: false,
      error: {
        zh: '未知时区“Mars/Base”：请用 IANA 时区名，例如 Asia/Shanghai、Europe/London。',
        en: 'Unknown time zone "Mars/Base": use an IANA name such as Asia/Shanghai or Europe/London.',
      },
    });
  });

  it.each([[[]], [[7]], [[-1]], [[1.5]], [[1, 7]]])('the days %j', async (days) => {
    const { scheduler } = await boot();
    expect(await scheduler.subscribe(request({ days }))).toEqual({
      ok: false,
      error: {
        zh: '星期几无效：请给出至少一天（0 = 周日 … 6 = 周六）。',
        en: 'Bad days of the week: give at least one day (0 = Sunday … 6 = Saturday).',
      },
    });
  });
});

describe('what subscribe accepts', () => {
  it('trims the time and the zone, pads the hour, keeps 09:59, and lists the days once each, in order', async () => {
    const { scheduler } = await boot();
    const made = await scheduler.subscribe(
      request({ time: ' 9:59 ', timezone: ' Europe/London ', days: [5, 1, 3, 1] }),
    );
    expect(made.ok && made.value).toMatchObject({
      time: '09:59',
      timezone: 'Europe/London',
      days: [1, 3, 5],
    });
  });
});

describe('log lines of subscribing', () => {
  it('subscribe and unsubscribe are logged with the channel and what was chosen; removing nothing is not', async () => {
    const lines: string[] = [];
    const { store } = await boot();
    const scheduler = createScheduler({
      store,
      corpus: fixtureCorpus(),
      clock,
      logger: createLogger({ level: 'info', destination: { write: (l: string) => void lines.push(l) } }),
      adapterFor: () => undefined,
      defaultTimeZone: 'Asia/Shanghai',
      missedWindowHours: 6,
    });
    const logs = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect((await scheduler.subscribe(request({ channel: 'slack:T1:C1', days: [1, 2] }))).ok).toBe(true);
    expect(await scheduler.unsubscribe('slack:T1:C1', 'daily')).toBe(true);
    expect(await scheduler.unsubscribe('slack:T1:C1', 'daily')).toBe(false);
    expect(logs()).toMatchObject([
      {
        level: 30,
        msg: 'subscribed',
        channel: 'slack:T1:C1',
        kind: 'daily',
        time: '09:00',
        timezone: 'Asia/Shanghai',
        days: [1, 2],
      },
      { level: 30, msg: 'unsubscribed', channel: 'slack:T1:C1', kind: 'daily' },
    ]);
    expect(logs()).toHaveLength(2);
  });
});

describe("/quote today's answer", () => {
  it('none while the subscription is paused', async () => {
    await subscribeDaily({ channel: 'slack:T1:C1' });
    const slack = fakeAdapter('slack', () => err({ kind: 'permanent', reason: 'slack not_in_channel' }));
    const { scheduler } = await boot([slack]);
    clock.set(SH('2025-06-01', '08:00'));
    expect(await scheduler.todayQuoteId('slack:T1:C1')).toMatch(/^q\d$/);
    // The 09:00 post fails permanently: the subscription pauses until the channel subscribes again.
    clock.set(SH('2025-06-01', '09:00'));
    await scheduler.tick();
    clock.set(SH('2025-06-02', '08:00'));
    expect(await scheduler.todayQuoteId('slack:T1:C1')).toBeUndefined();
  });

  it('none on a day the subscription does not post', async () => {
    await subscribeDaily({ days: [1] }); // Mondays; 2025-06-01 is a Sunday
    const { scheduler } = await boot();
    clock.set(SH('2025-06-01', '08:00'));
    expect(await scheduler.todayQuoteId('shell:local')).toBeUndefined();
    clock.set(SH('2025-06-02', '08:00'));
    expect(await scheduler.todayQuoteId('shell:local')).toMatch(/^q\d$/);
  });

  it("none when today's time came before the subscription took effect; one when it is exactly then", async () => {
    const { scheduler } = await boot();
    clock.set(SH('2025-06-01', '09:00'));
    expect((await scheduler.subscribe(request())).ok).toBe(true);
    expect(await scheduler.todayQuoteId('shell:local')).toMatch(/^q\d$/);
    await scheduler.subscribe(request({ channel: 'shell:late', time: '08:59' }));
    expect(await scheduler.todayQuoteId('shell:late')).toBeUndefined();
  });

  it("none once today's post is past the missed window; still one at its very end", async () => {
    await subscribeDaily();
    const { scheduler } = await boot([], { missedWindowHours: 6 });
    clock.set(SH('2025-06-01', '15:00'));
    expect(await scheduler.todayQuoteId('shell:local')).toMatch(/^q\d$/);
    clock.set('2025-06-01T07:00:00.001Z');
    expect(await scheduler.todayQuoteId('shell:local')).toBeUndefined();
  });
});
