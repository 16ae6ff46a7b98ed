import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../server/clock.ts';
import { createPool } from '../../server/pools.ts';
import { generateDataKey } from '../../server/secret-box.ts';
import { hashToken, randomToken } from '../../server/random-tokens.ts';
import type { SessionRecord, Store } from '../../server/store/types.ts';
import { OWN, STORE_KINDS, TEST_DATA_KEYS, freshStore } from './helpers.ts';
import type { FreshStore } from './helpers.ts';

/** Pool AppSecrets and WeChat session keys: sealed in the database, in clear through the store. */
describe.each(STORE_KINDS)('secrets at rest: %s', (kind) => {
  let fresh: FreshStore;
  let store: Store;
  const clock = manualClock();
  const SESSION_KEY = 'tiihtNczf5v6AKRyjwEUhQ==';

  beforeEach(async () => {
    fresh = await freshStore(kind);
    store = fresh.store;
  });
  afterEach(() => fresh.dispose());

  const ownPool = async () => (await createPool(store, clock, { name: 'Own', appid: OWN.appid, appSecret: OWN.secret })).pool;
  const session = (poolId: string): SessionRecord => ({
    idHash: hashToken(randomToken()),
    poolId,
    appid: OWN.appid,
    openid: 'openid-1',
    unionid: null,
    useSelfWxapp: true,
    sessionKey: SESSION_KEY,
    expiresAt: new Date(clock.now() + 300_000),
  });
  const storedAppSecret = async (poolId: string) =>
    (await fresh.raw<{ app_secret: string | null }>('SELECT app_secret FROM pools WHERE id = $1', [poolId]))[0]?.app_secret;
  const storedSessionKey = async (idHash: string) =>
    (await fresh.raw<{ session_key: string }>('SELECT session_key FROM sessions WHERE id_hash = $1', [idHash]))[0]?.session_key;

  it('stores the AppSecret and session key sealed, and gives them back in clear', async () => {
    const pool = await ownPool();
    expect(await storedAppSecret(pool.id)).toMatch(/^v1\.test\./);
    expect(await storedAppSecret(pool.id)).not.toContain(OWN.secret);
    expect((await store.getPool(pool.id))?.appSecret).toBe(OWN.secret);
    expect((await store.listPools()).find((p) => p.id === pool.id)?.appSecret).toBe(OWN.secret);

    const newSecret = 'c'.repeat(32);
    expect((await store.updatePool(pool.id, { appSecret: newSecret }, new Date()))?.appSecret).toBe(newSecret);
    expect(await storedAppSecret(pool.id)).toMatch(/^v1\.test\./);
    expect(await storedAppSecret(pool.id)).not.toContain(newSecret);
    await store.updatePool(pool.id, { appid: null, appSecret: null }, new Date());
    expect(await storedAppSecret(pool.id)).toBeNull();

    const created = session(pool.id);
    await store.createSession(created);
    expect(await storedSessionKey(created.idHash)).toMatch(/^v1\.test\./);
    expect(await storedSessionKey(created.idHash)).not.toContain(SESSION_KEY);
    expect(await store.getSession(created.idHash, new Date(clock.now()))).toEqual(created);
  });

  it('reads clear values stored before encryption, and seals them at the next start', async () => {
    const pool = await ownPool();
    const legacy = session(pool.id);
    await store.createSession(legacy);
    await fresh.raw('UPDATE pools SET app_secret = $2 WHERE id = $1', [pool.id, OWN.secret]);
    await fresh.raw('UPDATE sessions SET session_key = $2 WHERE id_hash = $1', [legacy.idHash, SESSION_KEY]);
    expect((await store.getPool(pool.id))?.appSecret).toBe(OWN.secret);
    expect((await store.getSession(legacy.idHash, new Date(clock.now())))?.sessionKey).toBe(SESSION_KEY);

    const restarted = await fresh.reopen();
    expect(await storedAppSecret(pool.id)).toMatch(/^v1\.test\./);
    expect(await storedSessionKey(legacy.idHash)).toMatch(/^v1\.test\./);
    expect((await restarted.getPool(pool.id))?.appSecret).toBe(OWN.secret);
    expect((await restarted.getSession(legacy.idHash, new Date(clock.now())))?.sessionKey).toBe(SESSION_KEY);
  });

  it('refuses a sealed value copied into another row, naming the row and the key', async () => {
    const pool = await ownPool();
    const other = await ownPool();
    await fresh.raw('UPDATE pools SET app_secret = (SELECT app_secret FROM pools WHERE id = $1) WHERE id = $2', [pool.id, other.id]);
    await expect(store.getPool(other.id)).rejects.toThrow(
      `pools.app_secret of pool ${other.id} does not authenticate under data key "test"`,
    );
    expect((await store.getPool(pool.id))?.appSecret).toBe(OWN.secret);
  });

  it('rotates: a start with a new current key re-seals pool AppSecrets, after which the old key can go', async () => {
    const pool = await ownPool();
    const next = generateDataKey('next');
    await fresh.reopen([next, ...TEST_DATA_KEYS]);
    expect(await storedAppSecret(pool.id)).toMatch(/^v1\.next\./);
    const withoutOldKey = await fresh.reopen([next]);
    expect((await withoutOldKey.getPool(pool.id))?.appSecret).toBe(OWN.secret);
  });

  it('refuses to start without the key that sealed the AppSecrets, or with other material under its kid', async () => {
    const pool = await ownPool();
    await expect(fresh.reopen([generateDataKey('other')])).rejects.toThrow(
      `pools.app_secret of pool ${pool.id} is sealed with data key "test", which is not configured`,
    );
    await expect(fresh.reopen([generateDataKey('test')])).rejects.toThrow(
      /data key "test" is not the key this database was first used with/,
    );
    expect((await store.getPool(pool.id))?.appSecret).toBe(OWN.secret);
  });
});
