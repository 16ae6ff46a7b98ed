import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService } from '../../server/index.ts';
import type { Service } from '../../server/index.ts';
import { openStore } from '../../server/store/open.ts';
import type { Store } from '../../server/store/types.ts';
import { HOSTED, PG_URL, STORE_KINDS, TEST_DATA_KEYS, freshStore, startStack } from './helpers.ts';
import type { Stack } from './helpers.ts';

describe.each(STORE_KINDS)('shared rate counters on the %s store', (kind) => {
  it('add hits per window and key, return the totals, and purge older windows', async () => {
    const fresh = await freshStore(kind);
    try {
      const { store } = fresh;
      const window = new Date(Date.UTC(2025, 0, 1, 0, 1));
      expect(await store.addRateHits(window, new Map([['a', 2], ['b', 1]]))).toEqual(new Map([['a', 2], ['b', 1]]));
      expect(await store.addRateHits(window, new Map([['a', 3]]))).toEqual(new Map([['a', 5]]));
      const next = new Date(window.getTime() + 60_000);
      expect(await store.addRateHits(next, new Map([['a', 1]]))).toEqual(new Map([['a', 1]]));
      await store.purgeRateCounters(next);
      const rows = await fresh.raw<{ key: string; hits: number }>('SELECT key, hits FROM rate_counters');
      expect(rows).toEqual([{ key: 'a', hits: 1 }]);
    } finally {
      await fresh.dispose();
    }
  });
});

/** Rate limits hold across two replicas of the service on one PostgreSQL schema. */
describe.skipIf(!STORE_KINDS.includes('postgres'))('rate limits across two replicas on one PostgreSQL', () => {
  const PER_POOL = 10;
  let stack: Stack;
  let second: { service: Service; store: Store };

  beforeAll(async () => {
    const settings = { rateLimits: { perIp: 100_000, perPool: PER_POOL, windowMs: 60_000 }, rateLimitSyncMs: 0 };
    stack = await startStack('postgres', settings);
    const store = await openStore({ kind: 'postgres', databaseUrl: PG_URL, schema: stack.schema, maxConnections: 4, dataKeys: TEST_DATA_KEYS });
    const service = await startService({ port: 0, wechatBaseUrl: stack.sandbox.url, hostedApp: HOSTED, store, clock: stack.clock, logger: false, ...settings });
    second = { service, store };
  });
  afterAll(async () => {
    await second.service.close();
    await second.store.close();
    await stack.close();
  });

  /** An exchange of an unknown ticket: 401 when admitted, 429 when limited. */
  const exchange = async (service: Service, poolId: string): Promise<number> => {
    const response = await fetch(`${service.url}/oauth/app2wxapp/auth/${poolId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ticket: 'A'.repeat(43) }),
    });
    await response.arrayBuffer();
    return response.status;
  };

  it('admit the pool limit plus the documented slack, not the limit on each replica', async () => {
    const { poolId } = await stack.newPool();
    const replicas = [stack.service, second.service];
    const statuses: number[] = [];
    for (let batch = 0; batch < 8; batch++) {
      for (const service of replicas) statuses.push(await exchange(service, poolId), await exchange(service, poolId));
      for (const service of replicas) await service.syncRateLimits();
    }
    expect(statuses.filter((status) => status !== 401 && status !== 429)).toEqual([]);
    const admitted = statuses.filter((status) => status === 401).length;
    // Batches of 2 per replica: 4, 8, then 12 (each replica's view lags the other's last batch), then none.
    expect(admitted).toBe(12);
    expect(admitted).toBeLessThanOrEqual(PER_POOL + replicas.length * 2 * 2);
  });

  it('a single replica keeps the exact limit, synced or not', async () => {
    const { poolId } = await stack.newPool();
    let admitted = 0;
    for (let i = 0; i < 15; i++) {
      if ((await exchange(stack.service, poolId)) === 401) admitted++;
      if (i % 4 === 3) await stack.service.syncRateLimits();
    }
    expect(admitted).toBe(PER_POOL);
  });
});
