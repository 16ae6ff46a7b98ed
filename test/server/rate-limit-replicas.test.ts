import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORE_KINDS, UNLIMITED, freshStore, startStack } from './helpers.ts';
import type { Replica, Stack } from './helpers.ts';

describe.each(STORE_KINDS)('shared rate counters on the %s store', (kind) => {
  it('add hits per window and key, return the totals, and purge older windows', async () => {
    const fresh = await freshStore(kind);
    try {
      const { store } = fresh;
      const window = new Date(Date.UTC(2025, 0, 1, 0, 1));
      expect(
        await store.addRateHits(
          window,
          new Map([
            ['a', 2],
            ['b', 1],
          ]),
        ),
      ).toEqual(
        new Map([
          ['a', 2],
          ['b', 1],
        ]),
      );
      expect(await store.addRateHits(window, new Map([['a', 3]]))).toEqual(new Map([['a', 5]]));
      const next = new Date(window.getTime() + 60_000);
      expect(await store.addRateHits(next, new Map([['a', 1]]))).toEqual(new Map([['a', 1]]));
      await store.addRateHits(window, new Map([['h|a', 1]]));
      await store.purgeRateCounters(next, 'm');
      expect(await fresh.raw('SELECT key, hits FROM rate_counters ORDER BY key')).toEqual([
        { key: 'a', hits: 5 },
        { key: 'a', hits: 1 },
        { key: 'b', hits: 1 },
        { key: 'h|a', hits: 1 },
      ]);
      await store.addRateHits(window, new Map([['m|a', 1]]));
      await store.addRateHits(next, new Map([['m|a', 1]]));
      await store.purgeRateCounters(next, 'm');
      expect(await fresh.raw('SELECT key, hits FROM rate_counters WHERE starts_with(key, $1)', ['m|'])).toEqual([{ key: 'm|a', hits: 1 }]);
    } finally {
      await fresh.dispose();
    }
  });
});

/** Rate limits hold across two replicas of the service on one PostgreSQL schema. */
describe.skipIf(!STORE_KINDS.includes('postgres'))('rate limits across two replicas on one PostgreSQL', () => {
  const BUDGET = 10;
  let stack: Stack;
  let second: Replica;

  beforeAll(async () => {
    stack = await startStack('postgres', { rateLimits: { ...UNLIMITED, exchangeFailuresPerClient: BUDGET }, rateLimitSyncMs: 0 });
    second = await stack.replica();
  });
  afterAll(() => stack.close());

  /** An exchange of an unknown ticket without the secret, one failure: 401 when admitted, 429 when limited. */
  const exchange = async (replica: Pick<Replica, 'post'>, poolId: string): Promise<number> =>
    (await replica.post(`/oauth/app2wxapp/auth/${poolId}`, { ticket: 'A'.repeat(43) })).status;

  it('admit one client’s failure budget plus the documented slack, not the budget on each replica', async () => {
    const { poolId } = await stack.newPool();
    const replicas = [stack, second];
    const statuses: number[] = [];
    for (let batch = 0; batch < 8; batch++) {
      for (const replica of replicas) statuses.push(await exchange(replica, poolId), await exchange(replica, poolId));
      for (const replica of replicas) await replica.service.syncRateLimits();
    }
    expect(statuses.filter((status) => status !== 401 && status !== 429)).toEqual([]);
    const admitted = statuses.filter((status) => status === 401).length;
    // Batches of 2 per replica: 4, 8, then 12 (each replica's view lags the other's last batch), then none.
    expect(admitted).toBe(12);
    expect(admitted).toBeLessThanOrEqual(BUDGET + replicas.length * 2 * 2);
  });

  it('a single replica keeps the exact limit, synced or not', async () => {
    const { poolId } = await stack.newPool();
    let admitted = 0;
    for (let i = 0; i < 15; i++) {
      if ((await exchange(stack, poolId)) === 401) admitted++;
      if (i % 4 === 3) await stack.service.syncRateLimits();
    }
    expect(admitted).toBe(BUDGET);
  });
});
