import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { err, ok } from '../src/result.js';
import { createPostPool } from '../src/schedule/pool.js';
import { SH, fakeAdapter, request, useSchedulerFixture } from './schedule-helpers.js';

describe('the post pool', () => {
  it('keeps at most `concurrency` posts in flight and one per channel, and runs them all', async () => {
    const pool = createPostPool({ concurrency: 3 });
    let inFlight = 0;
    let most = 0;
    const perChannel = new Map<string, number>();
    const overlapped: string[] = [];
    const jobs = Array.from({ length: 24 }, (_, i) => {
      const channel = `discord:G1:C${i % 6}`;
      return pool.run({ platform: 'discord', channel }, async () => {
        inFlight++;
        most = Math.max(most, inFlight);
        perChannel.set(channel, (perChannel.get(channel) ?? 0) + 1);
        if ((perChannel.get(channel) ?? 0) > 1) overlapped.push(channel);
        await sleep(1);
        perChannel.set(channel, (perChannel.get(channel) ?? 0) - 1);
        inFlight--;
        return i;
      });
    });
    expect(await Promise.all(jobs)).toEqual(Array.from({ length: 24 }, (_, i) => i));
    expect(most).toBe(3);
    expect(overlapped).toEqual([]);
  });

  it('a hold on one platform (a 429) delays its posts, not the other platforms', async () => {
    const pool = createPostPool({ concurrency: 4 });
    const order: string[] = [];
    pool.hold('slack', 30);
    await Promise.all([
      pool.run({ platform: 'slack', channel: 'slack:T1:C1' }, async () => void order.push('slack')),
      pool.run({ platform: 'discord', channel: 'discord:G1:C1' }, async () => void order.push('discord')),
    ]);
    expect(order).toEqual(['discord', 'slack']);
  });

  it('after a hold, its scope sends one post at a time for a while; other scopes keep their concurrency', async () => {
    const pool = createPostPool({ concurrency: 4 });
    const inFlight = new Map<string, number>();
    const most = new Map<string, number>();
    const job = (scope: string) => async () => {
      inFlight.set(scope, (inFlight.get(scope) ?? 0) + 1);
      most.set(scope, Math.max(most.get(scope) ?? 0, inFlight.get(scope) ?? 0));
      await sleep(5);
      inFlight.set(scope, (inFlight.get(scope) ?? 0) - 1);
    };
    pool.hold('slack:T1', 20);
    await Promise.all(
      Array.from({ length: 8 }, (_, i) => [
        pool.run({ platform: 'slack', scope: 'slack:T1', channel: `slack:T1:C${i}` }, job('slack:T1')),
        pool.run({ platform: 'slack', scope: 'slack:T2', channel: `slack:T2:C${i}` }, job('slack:T2')),
      ]).flat(),
    );
    expect(most.get('slack:T1')).toBe(1);
    expect(most.get('slack:T2')).toBeGreaterThan(1);
  });
});

describe('scheduled posts through the pool', () => {
  const { clock, boot } = useSchedulerFixture();

  it('forty channels due at once are posted once each, never more than maxConcurrentPosts at a time', async () => {
    let inFlight = 0;
    let most = 0;
    const discord = fakeAdapter('discord', async () => {
      inFlight++;
      most = Math.max(most, inFlight);
      await sleep(2);
      inFlight--;
      return ok({ messageId: 'm' });
    });
    const { scheduler } = await boot([discord], { policy: { maxConcurrentPosts: 4 } });
    for (let i = 0; i < 40; i++) await scheduler.subscribe(request({ channel: `discord:G1:C${i}` }));
    clock.set(SH('2025-06-01', '09:00'));
    const report = await scheduler.tick();
    expect(report.posted).toHaveLength(40);
    expect(new Set(discord.posted.map((p) => p.channel)).size).toBe(40);
    expect(most).toBe(4);
  });

  it('a long 429 holds that platform back: the other posts stay unclaimed and due, and go out when it ends', async () => {
    const discord = fakeAdapter('discord', (_channel, _reply, call) =>
      call === 1
        ? err({ kind: 'transient', reason: 'discord 429 rate limited', retryAfterMs: 10 * 60_000 })
        : ok({ messageId: `m${call}` }),
    );
    const { scheduler, store } = await boot([discord], { policy: { maxConcurrentPosts: 1 } });
    for (let i = 0; i < 5; i++) await scheduler.subscribe(request({ channel: `discord:G1:C${i}` }));
    clock.set(SH('2025-06-01', '09:00'));
    const first = await scheduler.tick();
    expect(discord.calls).toHaveLength(1);
    expect(first.failed).toHaveLength(1);
    expect(first.skipped.map((s) => s.reason)).toEqual(
      Array(4).fill(expect.stringMatching(/^rate limited until/)),
    );
    const unclaimed = [];
    for (const sub of await store.listSubscriptions())
      if (!(await store.getPost(sub.id, '2025-06-01'))) unclaimed.push(sub.channel);
    expect(unclaimed).toHaveLength(4);
    clock.set(SH('2025-06-01', '09:05'));
    expect((await scheduler.tick()).posted).toEqual([]);
    clock.set(SH('2025-06-01', '09:10'));
    const after = await scheduler.tick();
    expect(after.posted).toHaveLength(5); // the four held back, and the retry of the first
    expect(discord.posted.map((p) => p.channel).sort()).toEqual(
      Array.from({ length: 5 }, (_, i) => `discord:G1:C${i}`).sort(),
    );
  });

  it('a short 429 is waited out and the same claimed post sent again in the tick: posted once, nothing failed', async () => {
    const sent: number[] = [];
    const discord = fakeAdapter('discord', (_channel, _reply, call) => {
      sent.push(Date.now());
      return call === 1
        ? err({ kind: 'transient', reason: 'discord 429 rate limited', retryAfterMs: 150 })
        : ok({ messageId: `m${call}` });
    });
    const { scheduler, store } = await boot([discord]);
    await scheduler.subscribe(request({ channel: 'discord:G1:C1' }));
    clock.set(SH('2025-06-01', '09:00'));
    const report = await scheduler.tick();
    expect(report.failed).toEqual([]);
    expect(report.posted).toMatchObject([{ channel: 'discord:G1:C1', attempt: 1, messageId: 'm2' }]);
    // The same post (one row, one idempotency key, one quote) went again, after the wait the platform asked for.
    expect(discord.calls.map((c) => c.options?.idempotencyKey)).toEqual(['mg1', 'mg1']);
    expect(discord.calls[1]!.reply).toEqual(discord.calls[0]!.reply);
    expect(sent[1]! - sent[0]!).toBeGreaterThanOrEqual(140);
    const sub = (await store.listSubscriptions())[0]!;
    expect(await store.getPost(sub.id, '2025-06-01')).toMatchObject({ status: 'posted', attempts: 1 });
  });

  it('a post still rate limited after thirty waits fails for a later retry instead of holding the tick', async () => {
    const discord = fakeAdapter('discord', () =>
      err({ kind: 'transient', reason: 'discord 429 rate limited', retryAfterMs: 1 }),
    );
    const { scheduler } = await boot([discord]);
    await scheduler.subscribe(request({ channel: 'discord:G1:C1' }));
    clock.set(SH('2025-06-01', '09:00'));
    const report = await scheduler.tick();
    expect(discord.calls).toHaveLength(31);
    expect(report.failed).toMatchObject([{ channel: 'discord:G1:C1', retryAt: expect.any(String) }]);
  });

  it("a Slack workspace's 429 holds back that workspace only", async () => {
    // Like Slack: T1 answers 429 with a one-second wait; T2 is a workspace of its own, with its own limit.
    let t1LimitedUntil = 0;
    const duringT1Limit: string[] = [];
    const slack = fakeAdapter('slack', async (channel) => {
      const limited = Date.now() < t1LimitedUntil;
      if (limited) duringT1Limit.push(channel);
      if (channel.startsWith('slack:T1:') && t1LimitedUntil === 0) {
        t1LimitedUntil = Date.now() + 1_000;
        return err({ kind: 'transient', reason: 'slack ratelimited', retryAfterMs: 1_000 });
      }
      return ok({ messageId: `m${channel}` });
    });
    // One post at a time, T1's first: a tick starting at the head of the due list.
    const { scheduler } = await boot([slack], { policy: { maxConcurrentPosts: 1 }, random: () => 0 });
    for (const c of ['slack:T1:C1', 'slack:T1:C2', 'slack:T2:C1', 'slack:T2:C2'])
      await scheduler.subscribe(request({ channel: c }));
    clock.set(SH('2025-06-01', '09:00'));
    const report = await scheduler.tick();
    expect(report.posted).toHaveLength(4);
    expect(report.failed).toEqual([]);
    // No T1 post went during T1's wait, and T2's posts did not wait for it.
    expect(slack.calls[0]!.channel).toBe('slack:T1:C1');
    expect(duringT1Limit).toEqual(['slack:T2:C1', 'slack:T2:C2']);
  });

  it("a tick does not wait for an earlier tick's posts still in flight, and leaves them to it", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const discord = fakeAdapter('discord', async (channel, _reply, call) => {
      if (channel === 'discord:G1:C1') await gate; // e.g. waiting out a rate limit
      return ok({ messageId: `m${call}` });
    });
    const { scheduler } = await boot([discord]);
    await scheduler.subscribe(request({ channel: 'discord:G1:C1', time: '09:00' }));
    await scheduler.subscribe(request({ channel: 'discord:G1:C2', time: '09:01' }));
    clock.set(SH('2025-06-01', '09:00'));
    const first = scheduler.tick();
    await expect.poll(() => discord.calls.length).toBe(1);
    clock.set(SH('2025-06-01', '09:01'));
    const second = await scheduler.tick();
    expect(second.posted.map((p) => p.channel)).toEqual(['discord:G1:C2']);
    expect(discord.calls.map((c) => c.channel)).toEqual(['discord:G1:C1', 'discord:G1:C2']);
    release();
    expect((await first).posted.map((p) => p.channel)).toEqual(['discord:G1:C1']);
    clock.set(SH('2025-06-01', '09:02'));
    expect((await scheduler.tick()).posted).toEqual([]);
    expect(discord.calls).toHaveLength(2);
  });

  it('a later tick leaves posts an earlier one queued behind a rate limit to it, instead of queueing them again', async () => {
    let limited = false;
    const slack = fakeAdapter('slack', async (_channel, _reply, call) => {
      if (!limited) {
        limited = true;
        return err({ kind: 'transient', reason: 'slack ratelimited', retryAfterMs: 1_000 });
      }
      return ok({ messageId: `m${call}` });
    });
    const { scheduler } = await boot([slack], { random: () => 0, policy: { maxConcurrentPosts: 1 } });
    await scheduler.subscribe(request({ channel: 'slack:T1:C1' }));
    await scheduler.subscribe(request({ channel: 'slack:T1:C2' }));
    clock.set(SH('2025-06-01', '09:00'));
    const first = scheduler.tick();
    await expect.poll(() => slack.calls.length).toBe(1); // C1 met the limit; C2 waits in the pool, unclaimed
    clock.set(SH('2025-06-01', '09:01'));
    const second = await scheduler.tick();
    // The second tick did not queue C2 again (it would have waited out the limit with it).
    expect(second).toMatchObject({ posted: [], failed: [], skipped: [] });
    expect(slack.calls).toHaveLength(1);
    expect((await first).posted.map((p) => p.channel).sort()).toEqual(['slack:T1:C1', 'slack:T1:C2']);
    expect(slack.calls).toHaveLength(3);
  });
});
