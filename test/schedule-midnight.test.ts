// A post at local midnight: the first second of the new local day belongs to that day, to the millisecond.
import { describe, expect, it } from 'vitest';
import { localDateOf } from '../src/schedule/index.js';
import { fakeAdapter, useSchedulerFixture } from './schedule-helpers.js';

const { clock, boot, subscribeDaily } = useSchedulerFixture();

describe('midnight', () => {
  it('half a second after local midnight is already the new local date', () => {
    // 00:00:00.500 on June 1 in Shanghai.
    expect(localDateOf(new Date('2025-05-31T16:00:00.500Z'), 'Asia/Shanghai')).toBe('2025-06-01');
    expect(localDateOf(new Date('2025-05-31T15:59:59.999Z'), 'Asia/Shanghai')).toBe('2025-05-31');
  });

  it('a 00:00 subscription posts the new day when a tick comes half a second after midnight', async () => {
    await subscribeDaily({ time: '00:00' });
    const shell = fakeAdapter('shell');
    const { scheduler } = await boot([shell]);
    clock.set('2025-05-31T16:00:00.500Z');
    expect((await scheduler.tick()).posted).toMatchObject([{ localDate: '2025-06-01' }]);
  });
});
