/**
 * A database that goes away and comes back: the link between the service and PostgreSQL is cut and
 * restored (test/support/tcp-proxy.ts) while requests keep arriving. No replica ends; every request
 * during the cut is answered at once with 503 store_unavailable; /readyz says so; background work logs
 * and carries on; and the service serves again by itself once the database is back.
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../miniprogram/contract/api.ts';
import { startService, type Service } from '../../server/index.ts';
import { startSandbox, type Sandbox } from '../../server/sandbox/index.ts';
import { openStore } from '../../server/store/open.ts';
import { CONNECT_TIMEOUT_MS } from '../../server/store/postgres.ts';
import type { Store } from '../../server/store/types.ts';
import { SecretBox } from '../../server/secret-box.ts';
import { SqlStore } from '../../server/store/sql-store.ts';
import type { SqlDatabase } from '../../server/store/sql.ts';
import { takeEmbedded } from '../support/embedded-pool.ts';
import { auditResponsesOf } from '../support/openapi-audit.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';
import { HOSTED, PG_URL, STORE_KINDS, TEST_DATA_KEYS, UNLIMITED } from './helpers.ts';

interface Replica {
  service: Service;
  store: Store;
  logs: () => string;
}

describe.skipIf(!STORE_KINDS.includes('postgres'))('a PostgreSQL outage, service and two replicas', () => {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  let proxy: TcpProxy;
  let sandbox: Sandbox;
  const replicas: Replica[] = [];
  let poolId = '';
  let secret = '';

  async function replica(): Promise<Replica> {
    const target = new URL(PG_URL);
    const viaProxy = new URL(PG_URL);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    let logs = '';
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logs += String(chunk);
        done();
      },
    });
    expect(target.port || '5432').toBe('5432');
    const store = await openStore({
      kind: 'postgres',
      databaseUrl: viaProxy.toString(),
      schema,
      dataKeys: TEST_DATA_KEYS,
      onIdleError: () => {},
    });
    const service = await startService({
      port: 0,
      wechatBaseUrl: sandbox.url,
      hostedApp: HOSTED,
      store,
      logger: { level: 'warn', stream: sink },
      rateLimitSyncMs: 0,
      rateLimits: UNLIMITED,
    });
    await auditResponsesOf(service.url);
    return { service, store, logs: () => logs };
  }

  beforeAll(async () => {
    const target = new URL(PG_URL);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    sandbox = await startSandbox({ apps: [HOSTED] });
    replicas.push(await replica(), await replica());
    ({ poolId, secret } = await replicas[0]!.service.pools.create({ name: 'Outage' }));
  });

  afterAll(async () => {
    await proxy?.restore().catch(() => {});
    for (const { service, store } of replicas) {
      await service.close();
      await store.close();
    }
    await sandbox?.close();
    await proxy?.close();
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });

  /** One request of the kind real traffic sends: an exchange (of a made-up ticket) and a profile read. */
  const traffic = async (service: Service) => {
    const started = performance.now();
    const [exchange, profile] = await Promise.all([
      fetch(`${service.url}${routes.exchange(poolId)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ticket: 'x'.repeat(43), secret }),
      }),
      fetch(`${service.url}${routes.profile(poolId)}`),
    ]);
    return {
      ms: performance.now() - started,
      statuses: [exchange.status, profile.status],
      bodies: [await exchange.json(), await profile.json()] as unknown[],
    };
  };
  const readyz = async (service: Service) => (await fetch(`${service.url}/readyz`)).status;

  it('answers 503 store_unavailable at once while the link is cut, then serves again once it is back', async () => {
    for (const { service } of replicas) {
      expect((await traffic(service)).statuses).toEqual([404, 200]);
      expect(await readyz(service)).toBe(200);
    }

    await proxy.cut();
    // Traffic keeps coming, 20 concurrent rounds per replica: none hangs, none is anything but a 503.
    const during = await Promise.all(replicas.flatMap(({ service }) => Array.from({ length: 20 }, () => traffic(service))));
    for (const round of during) {
      expect(round.statuses).toEqual([503, 503]);
      for (const body of round.bodies) expect(body).toMatchObject({ code: 503, error: 'store_unavailable' });
      expect(round.ms).toBeLessThan(CONNECT_TIMEOUT_MS + 1000);
    }
    for (const { service } of replicas) {
      expect(await readyz(service)).toBe(503);
      // Background work meets the outage too, and carries on.
      await expect(service.syncRateLimits()).resolves.toBeUndefined();
    }

    await proxy.restore();
    for (const { service, logs } of replicas) {
      expect((await traffic(service)).statuses).toEqual([404, 200]);
      expect(await readyz(service)).toBe(200);
      expect(logs()).toContain('"store"');
      // A driver's error can carry its connection and cancel key: the logs name only the kind and message.
      expect(logs()).not.toMatch(/secretKey|processID|"_connecting"/);
    }
  }, 30_000);
});

describe('an embedded store that cannot write (disk full)', () => {
  /** A store on a pooled database whose writes fail as PostgreSQL fails them on a full disk: SQLSTATE 53100. */
  async function fillableStore() {
    const db = await takeEmbedded();
    let full = false;
    const diskFull = () => Object.assign(new Error('could not extend file "base/1/16384": No space left on device'), { code: '53100' });
    const writes = /^\s*(INSERT|UPDATE|DELETE|WITH)\b/i;
    const failingWrites: SqlDatabase = {
      ...db,
      query: (text, params) => (full && writes.test(text) ? Promise.reject(diskFull()) : db.query(text, params)),
      transaction: (work) => (full ? Promise.reject(diskFull()) : db.transaction(work)),
    };
    const store = await SqlStore.open(failingWrites, new SecretBox(TEST_DATA_KEYS));
    return { store, fill: (value: boolean) => (full = value) };
  }

  it('answers 503 store_unavailable for what needs a write and says not ready, then recovers', async () => {
    const sandbox = await startSandbox({ apps: [HOSTED] });
    const { store, fill } = await fillableStore();
    const service = await startService({
      port: 0,
      wechatBaseUrl: sandbox.url,
      hostedApp: HOSTED,
      store,
      logger: false,
      rateLimits: UNLIMITED,
    });
    await auditResponsesOf(service.url);
    try {
      const { poolId } = await service.pools.create({ name: 'Full disk' });
      const identify = () =>
        fetch(`${service.url}${routes.identify(poolId)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            loginCode: sandbox.state.mintLoginCode(HOSTED.appid, sandbox.state.createUser().userId),
            useSelfWxapp: false,
          }),
        });
      expect((await identify()).status).toBe(200);
      expect((await fetch(`${service.url}/readyz`)).status).toBe(200);

      fill(true);
      const refused = await identify();
      expect({ status: refused.status, body: await refused.json() }).toMatchObject({
        status: 503,
        body: { code: 503, error: 'store_unavailable' },
      });
      expect(await (await fetch(`${service.url}/readyz`)).json()).toMatchObject({ code: 503, error: 'store_unavailable' });
      // Reads still work: the profile needs no write.
      expect((await fetch(`${service.url}${routes.profile(poolId)}`)).status).toBe(200);

      fill(false);
      expect((await identify()).status).toBe(200);
      expect((await fetch(`${service.url}/readyz`)).status).toBe(200);
    } finally {
      await service.close();
      await store.close();
      await sandbox.close();
    }
  });
});
