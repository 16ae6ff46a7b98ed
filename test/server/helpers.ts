import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { takeEmbedded } from '../support/embedded-pool.ts';
import { auditResponsesOf } from '../support/openapi-audit.ts';
import { TEST_DATABASE_URL } from '../support/tiers.ts';
import { manualClock } from '../../server/clock.ts';
import type { ManualClock } from '../../server/clock.ts';
import { startService } from '../../server/index.ts';
import type { Service, ServiceOptions } from '../../server/index.ts';
import type { RateLimitSettings } from '../../server/http/rate-limit.ts';
import type { PoolSettings } from '../../server/pools.ts';
import { startSandbox } from '../../server/sandbox/index.ts';
import type { Sandbox } from '../../server/sandbox/index.ts';
import { generateDataKey, SecretBox } from '../../server/secret-box.ts';
import type { DataKey } from '../../server/secret-box.ts';
import { openStore } from '../../server/store/open.ts';
import { SqlStore } from '../../server/store/sql-store.ts';
import type { SqlValue } from '../../server/store/sql.ts';
import type { Store } from '../../server/store/types.ts';

export const PG_URL = TEST_DATABASE_URL;

export type StoreKind = 'embedded' | 'postgres';
/** Store kinds to run; PostgreSQL where the tier is available (test/support/tiers.ts). */
export const STORE_KINDS: StoreKind[] = inject('tiers').postgres ? ['embedded', 'postgres'] : ['embedded'];

/** The data keys of every test store (replicas of one PostgreSQL schema must share them). */
export const TEST_DATA_KEYS: DataKey[] = [generateDataKey('test')];

export interface FreshStore {
  store: Store;
  schema?: string;
  /** A query straight on the store's database, bypassing the store (to see what is really stored). */
  raw<Row>(text: string, params?: SqlValue[]): Promise<Row[]>;
  /** Another store on the same database, as a restart or another replica would open it. */
  reopen(keys?: readonly DataKey[]): Promise<Store>;
  dispose(): Promise<void>;
}

/** A fresh store: in-memory PGlite, or a PostgreSQL schema of its own (dropped by `dispose`). */
export async function freshStore(kind: StoreKind, keys: readonly DataKey[] = TEST_DATA_KEYS): Promise<FreshStore> {
  if (kind === 'embedded') {
    const db = await takeEmbedded();
    const store = await SqlStore.open(db, new SecretBox(keys));
    return {
      store,
      raw: (text, params) => db.query(text, params),
      // The same PGlite database, not closed by the second store (dispose closes it once).
      reopen: (otherKeys = keys) => SqlStore.open({ ...db, close: async () => {} }, new SecretBox(otherKeys)),
      dispose: () => store.close(),
    };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const open = (dataKeys: readonly DataKey[]) => openStore({ kind: 'postgres', databaseUrl: PG_URL, schema, maxConnections: 12, dataKeys });
  const store = await open(keys);
  const reopened: Store[] = [];
  const client = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${schema}` });
  await client.connect();
  return {
    store,
    schema,
    async raw<Row>(text: string, params: SqlValue[] = []) {
      return (await client.query(text, params)).rows as Row[];
    },
    async reopen(otherKeys = keys) {
      const other = await open(otherKeys);
      reopened.push(other);
      return other;
    },
    async dispose() {
      await Promise.all([store, ...reopened].map((s) => s.close()));
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    },
  };
}

/** Rate limits no test reaches unless it sets its own. */
export const UNLIMITED: RateLimitSettings = {
  requestsPerIp: 1e9,
  loginFailuresPerIp: 1e9,
  loginFailuresPerIpHourly: 1e9,
  loginsPerUser: 1e9,
  exchangeFailuresPerClient: 1e9,
  exchangeFailuresPerClientHourly: 1e9,
};

export const HOSTED = { appid: 'wx00000000000000a1', secret: 'a'.repeat(32) };
export const OWN = { appid: 'wx00000000000000b2', secret: 'b'.repeat(32) };

export interface Stack {
  clock: ManualClock;
  sandbox: Sandbox;
  service: Service;
  store: Store;
  /** The PostgreSQL schema of a postgres stack (another replica can open the same). */
  schema?: string;
  poolId: string;
  secret: string;
  newPool(settings?: Partial<PoolSettings>): Promise<{ poolId: string; secret: string }>;
  /** A simulated WeChat person; returns helpers bound to them. */
  person(phoneNumber?: string | null): WechatPerson;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: Envelope }>;
  get(path: string): Promise<{ status: number; body: Envelope }>;
  /**
   * Another replica of the service, with the stack's options unless overridden; closed with the stack.
   * PostgreSQL: on the same schema through a store of its own. Embedded: on the stack's open store.
   */
  replica(options?: Partial<ServiceOptions>): Promise<Replica>;
  close(): Promise<void>;
}

export interface Replica {
  service: Service;
  store: Store;
  post(path: string, body: unknown): Promise<{ status: number; body: Envelope }>;
  close(): Promise<void>;
}

export interface Envelope {
  code: number;
  message: string;
  error?: string;
  data?: Record<string, unknown> & { [key: string]: unknown };
}

export interface WechatPerson {
  userId: string;
  unionid: string;
  loginCode(appid?: string): string;
  phoneDetail(appid?: string): { code: string; encryptedData: string; iv: string };
  openid(appid?: string): string;
}

export async function startStack(
  kind: StoreKind,
  options: Partial<ServiceOptions> & { pool?: Partial<PoolSettings> } = {},
): Promise<Stack> {
  const clock = manualClock(Date.now());
  const sandbox = await startSandbox({ apps: [HOSTED, OWN], clock });
  const fresh = await freshStore(kind);
  const { pool: poolSettings, ...serviceOptions } = options;
  const start = async (store: Store, overrides: Partial<ServiceOptions> = {}) => {
    const started = await startService({
      port: 0,
      wechatBaseUrl: sandbox.url,
      hostedApp: HOSTED,
      clock,
      logger: false,
      wechatTimeoutMs: 1000,
      rateLimits: UNLIMITED,
      ...serviceOptions,
      ...overrides,
      store,
    });
    await auditResponsesOf(started.url);
    return started;
  };
  const service = await start(fresh.store);
  const replicas: Replica[] = [];
  const newPool = async (settings: Partial<PoolSettings> = {}) => {
    const created = await service.pools.create({ name: 'Test pool', ...settings });
    return { poolId: created.poolId, secret: created.secret };
  };
  const { poolId, secret } = await newPool(poolSettings);
  const request = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}, baseUrl = service.url) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Envelope };
  };
  return {
    clock,
    sandbox,
    service,
    store: fresh.store,
    schema: fresh.schema,
    poolId,
    secret,
    newPool,
    person(phoneNumber = '13800138000') {
      const user = sandbox.state.createUser({ phoneNumber });
      return {
        userId: user.userId,
        unionid: user.unionid,
        loginCode: (appid = HOSTED.appid) => sandbox.state.mintLoginCode(appid, user.userId),
        phoneDetail: (appid = HOSTED.appid) => {
          const detail = sandbox.state.mintPhoneCode(appid, user.userId);
          if (!detail) throw new Error('person has no phone');
          return detail;
        },
        openid: (appid = HOSTED.appid) => sandbox.state.openid(user.userId, appid),
      };
    },
    post: (path, body, headers) => request('POST', path, body, headers),
    get: (path) => request('GET', path),
    async replica(overrides = {}) {
      // On the embedded store (one process by its lock), a second service on the same open store.
      const store = fresh.schema
        ? await openStore({ kind: 'postgres', databaseUrl: PG_URL, schema: fresh.schema, maxConnections: 12, dataKeys: TEST_DATA_KEYS })
        : fresh.store;
      const ownsStore = store !== fresh.store;
      try {
        const other = await start(store, overrides);
        const replica: Replica = {
          service: other,
          store,
          post: (path, body) => request('POST', path, body, {}, other.url),
          close: async () => {
            await other.close();
            if (ownsStore) await store.close();
          },
        };
        replicas.push(replica);
        return replica;
      } catch (error) {
        if (ownsStore) await store.close();
        throw error;
      }
    },
    async close() {
      for (const replica of replicas.splice(0)) await replica.close();
      await service.close();
      await sandbox.close();
      await fresh.dispose();
    },
  };
}

/** Identify + issue in two calls, the normal path; returns the ticket. */
export async function loginTicket(
  stack: Stack,
  person: WechatPerson,
  phone: Record<string, unknown> = { kind: 'none' },
  poolId = stack.poolId,
): Promise<string> {
  const identify = await stack.post(`/api/v1/pools/${poolId}/sessions`, { loginCode: person.loginCode(), useSelfWxapp: false });
  if (identify.status !== 200) throw new Error(`identify: ${JSON.stringify(identify.body)}`);
  const issue = await stack.post(`/api/v1/pools/${poolId}/tickets`, {
    sessionId: identify.body.data!.sessionId,
    useSelfWxapp: false,
    phone,
  });
  if (issue.status !== 200) throw new Error(`issue: ${JSON.stringify(issue.body)}`);
  return issue.body.data!.ticket as string;
}

/** For a test that runs several CLI commands, each opening the data folder's store as its own process would. */
export const COMMANDS_IN_A_ROW = { timeout: 60_000 };
