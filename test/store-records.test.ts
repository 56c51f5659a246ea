import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../src/store/index.js';

// What the store hands back, field by field: mutation testing (npm run mutate -- src/store) found these
// fields could be dropped without a test noticing. Any Store implementation owes the same answers.

const NOW = new Date('2025-06-01T00:00:00Z');
const input = {
  channel: 'slack:T1:C1',
  kind: 'daily' as const,
  time: '09:00',
  days: [1, 2],
  timezone: 'Asia/Shanghai',
  lang: 'both' as const,
  createdBy: 'U1',
};

let store: Store;
beforeEach(async () => {
  store = await openStore(':memory:');
});
afterEach(() => store.close());

describe('store records', () => {
  it('a first subscription takes effect at once (no earlier post holds it back)', async () => {
    const sub = await store.upsertSubscription(input, NOW);
    expect(sub.effectiveFrom).toBe(NOW.toISOString());
    expect(sub.pausedAt).toBeUndefined();
  });

  it('a paused subscription says when it was paused and why', async () => {
    const sub = await store.upsertSubscription(input, NOW);
    const later = new Date('2025-06-02T01:00:00Z');
    await store.pauseSubscription(sub.id, 'slack channel_not_found', later);
    expect(await store.getSubscription(input.channel, 'daily')).toMatchObject({
      pausedReason: 'slack channel_not_found',
      pausedAt: later.toISOString(),
    });
  });

  it('a post row carries when it was claimed and when it was posted', async () => {
    const sub = await store.upsertSubscription(input, NOW);
    const claimedAt = new Date('2025-06-02T01:00:00Z');
    const postedAt = new Date('2025-06-02T01:00:02Z');
    const claim = await store.insertClaim(
      { subscriptionId: sub.id, localDate: '2025-06-02', scheduledAt: claimedAt, quoteId: 'q1' },
      claimedAt,
    );
    expect(claim).toMatchObject({ status: 'claimed', claimedAt: claimedAt.toISOString() });
    expect(claim?.postedAt).toBeUndefined();
    await store.markPosted(claim!.id, 'm1', postedAt);
    expect(await store.lastPost(sub.id)).toMatchObject({
      status: 'posted',
      messageId: 'm1',
      claimedAt: claimedAt.toISOString(),
      postedAt: postedAt.toISOString(),
    });
  });

  it('a missed occurrence says when it was found past the window', async () => {
    const sub = await store.upsertSubscription(input, NOW);
    const found = new Date('2025-06-02T09:00:00Z');
    expect(
      await store.insertMissed(
        { subscriptionId: sub.id, localDate: '2025-06-02', scheduledAt: new Date('2025-06-02T01:00:00Z') },
        found,
      ),
    ).toBe(true);
    expect(await store.getPost(sub.id, '2025-06-02')).toMatchObject({
      status: 'missed',
      error: `not posted: ${found.toISOString()} was past the missed window`,
    });
  });
});
