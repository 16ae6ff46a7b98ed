import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../server/clock.ts';
import { rotateSigningKey } from '../../server/key-rotation.ts';
import { createPool } from '../../server/pools.ts';
import { newSigningKey } from '../../server/signing-keys.ts';
import { TokenSigner } from '../../server/token-signer.ts';
import { generateDataKey } from '../../server/secret-box.ts';
import { hashToken, randomToken } from '../../server/random-tokens.ts';
import type { AccountRecord, SessionRecord, Store } from '../../server/store/types.ts';
import { OWN, STORE_KINDS, TEST_DATA_KEYS, freshStore } from './helpers.ts';
import type { FreshStore } from './helpers.ts';

/** Pool AppSecrets, WeChat session keys and signing keys: sealed in the database, in clear through the store. */
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

  const someAccount = async (): Promise<AccountRecord> => ({
    id: 'a'.repeat(24),
    poolId: (await ownPool()).id,
    phone: null,
    phoneCountryCode: null,
    unionid: null,
    nickname: null,
    photo: null,
    blocked: false,
    loginsCount: 1,
    lastLogin: null,
    lastIP: null,
    signedUp: new Date(clock.now()),
  });
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
  const storedPrivateKeys = async () =>
    (await fresh.raw<{ kid: string; private_jwk: string }>('SELECT kid, private_jwk FROM signing_keys ORDER BY kid')).map(
      (row) => row.private_jwk,
    );
  const privateD = (jwk: string | null) => (JSON.parse(jwk ?? '{}') as { d?: string }).d ?? '';
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

  it('stores the signing key sealed, and signs with it in clear', async () => {
    const signer = await TokenSigner.load(store, () => 'https://issuer', clock);
    const [key] = await store.listSigningKeys();
    const [stored] = await storedPrivateKeys();
    expect(stored).toMatch(/^v1\.test\./);
    expect(stored).not.toContain(privateD(key!.privateJwk));
    const { token } = signer.sign({ ...(await someAccount()), unionid: null });
    await expect(jwtVerify(token, createLocalJWKSet(signer.jwks()), { currentDate: new Date(clock.now()) })).resolves.toBeTruthy();
  });

  it('upgrades a store from before rotation: its one key, stored in clear, keeps signing and is sealed at start', async () => {
    // The signing_keys table as migrations 1–4 left it, holding the one key in clear.
    await fresh.raw('DROP TABLE signing_keys');
    await fresh.raw(
      'CREATE TABLE signing_keys (slot text PRIMARY KEY, kid text NOT NULL, private_jwk text NOT NULL, public_jwk text NOT NULL)',
    );
    await fresh.raw('DELETE FROM schema_migrations WHERE version = 5');
    const legacy = await newSigningKey();
    await fresh.raw(`INSERT INTO signing_keys VALUES ('current', $1, $2, $3)`, [legacy.kid, legacy.privateJwk, legacy.publicJwk]);

    const restarted = await fresh.reopen();
    const [stored] = await storedPrivateKeys();
    expect(stored).toMatch(/^v1\.test\./);
    expect(stored).not.toContain(privateD(legacy.privateJwk));
    const signer = await TokenSigner.load(restarted, () => 'https://issuer', clock);
    expect(signer.jwks().keys.map((key) => key.kid)).toEqual([legacy.kid]);
    const { token } = signer.sign(await someAccount());
    expect(decodeProtectedHeader(token).kid).toBe(legacy.kid);
    await expect(jwtVerify(token, createLocalJWKSet(signer.jwks()), { currentDate: new Date(clock.now()) })).resolves.toBeTruthy();
  });

  it('re-seals signing keys under a new current data key, and refuses one copied into another row', async () => {
    await TokenSigner.load(store, () => 'https://issuer', clock);
    await rotateSigningKey(store, clock, { leadMs: 0, revokeOthers: false });
    const next = generateDataKey('next');
    const resealed = await fresh.reopen([next, ...TEST_DATA_KEYS]);
    expect(await storedPrivateKeys()).toEqual([expect.stringMatching(/^v1\.next\./), expect.stringMatching(/^v1\.next\./)]);
    const withoutOldKey = await fresh.reopen([next]);
    expect((await withoutOldKey.listSigningKeys()).every((key) => key.privateJwk?.includes('"d"'))).toBe(true);
    const [first, second] = (await resealed.listSigningKeys()).map((key) => key.kid);
    await fresh.raw('UPDATE signing_keys SET private_jwk = (SELECT private_jwk FROM signing_keys WHERE kid = $1) WHERE kid = $2', [
      first!,
      second!,
    ]);
    await expect(resealed.listSigningKeys()).rejects.toThrow(`the private half of signing key ${second} does not authenticate`);
  });
});
