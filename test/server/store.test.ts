import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../server/clock.ts';
import { createPool } from '../../server/pools.ts';
import { hashToken, randomToken } from '../../server/random-tokens.ts';
import { FIRST_KEY_ACTIVATES_AT } from '../../server/signing-keys.ts';
import { TokenSigner } from '../../server/token-signer.ts';
import type { LoginRequest, Store, WechatIdentity } from '../../server/store/types.ts';
import { STORE_KINDS, freshStore } from './helpers.ts';

describe.each(STORE_KINDS)('store contract: %s', (kind) => {
  let store: Store;
  let dispose: () => Promise<void>;
  const clock = manualClock();
  const now = () => new Date(clock.now());
  let identityCounter = 0;
  const identity = (unionid: string | null = null): WechatIdentity => ({
    appid: 'wx00000000000000a1',
    openid: `openid-${++identityCounter}`,
    unionid,
  });
  const loginRequest = (poolId: string, who: WechatIdentity, extra: Partial<LoginRequest> = {}): LoginRequest => ({
    poolId,
    identity: who,
    phone: null,
    allowCreate: true,
    sessionIdHash: null,
    ip: '10.0.0.1',
    now: now(),
    ticket: { hash: hashToken(randomToken()), expiresAt: new Date(clock.now() + 120_000), codeChallenge: null },
    ...extra,
  });

  beforeAll(async () => {
    ({ store, dispose } = await freshStore(kind));
  });
  afterAll(() => dispose());

  it('creates, reads, lists and updates pools', async () => {
    const { pool } = await createPool(store, clock, { name: 'Pool A', logo: 'https://example.com/a.png' });
    expect(await store.getPool(pool.id)).toEqual(pool);
    expect((await store.listPools()).map((p) => p.id)).toContain(pool.id);
    clock.advance(1000);
    const updated = await store.updatePool(pool.id, { loginOnly: true, ticketExpiresAfter: 60 }, now());
    expect(updated).toMatchObject({ loginOnly: true, ticketExpiresAfter: 60, name: 'Pool A' });
    expect(updated!.updatedAt.getTime()).toBe(clock.now());
    expect(await store.updatePool('0'.repeat(24), { name: 'x' }, now())).toBeNull();
    expect(await store.getPool('0'.repeat(24))).toBeNull();
  });

  it('keeps a session until it lapses', async () => {
    const { pool } = await createPool(store, clock, { name: 'Sessions' });
    const session = {
      idHash: hashToken(randomToken()),
      poolId: pool.id,
      useSelfWxapp: false,
      sessionKey: 'k',
      expiresAt: new Date(clock.now() + 300_000),
      ...identity(),
    };
    await store.createSession(session);
    expect(await store.getSession(session.idHash, now())).toEqual(session);
    expect(await store.getSession(session.idHash, new Date(clock.now() + 300_000))).toBeNull();
  });

  it('creates an account on first login and reuses it after, counting logins', async () => {
    const { pool } = await createPool(store, clock, { name: 'Logins' });
    const who = identity('union-1');
    const first = await store.login(loginRequest(pool.id, who));
    expect(first).toMatchObject({ kind: 'ok', created: true });
    const second = await store.login(loginRequest(pool.id, { ...who, openid: 'other-app-openid', appid: 'wx00000000000000b2' }));
    expect(second.kind === 'ok' && second.account.id).toBe(first.kind === 'ok' && first.account.id);
    expect(second).toMatchObject({ kind: 'ok', created: false, account: { loginsCount: 2, lastIP: '10.0.0.1', unionid: 'union-1' } });
    expect(await store.countAccounts(pool.id)).toBe(1);
  });

  it('lets the account that owns a phone win and binds the WeChat identity to it', async () => {
    const { pool } = await createPool(store, clock, { name: 'Merge' });
    const phone = { number: '13900000001', countryCode: '86' };
    const owner = await store.login(loginRequest(pool.id, identity(), { phone }));
    const who = identity('union-merge');
    const stray = await store.login(loginRequest(pool.id, who));
    const merged = await store.login(loginRequest(pool.id, who, { phone }));
    if (owner.kind !== 'ok' || stray.kind !== 'ok' || merged.kind !== 'ok') throw new Error('login failed');
    expect(merged.account.id).toBe(owner.account.id);
    expect(merged.account.unionid).toBe('union-merge');
    expect((await store.findAccountByIdentity(pool.id, who))?.id).toBe(owner.account.id);
    expect((await store.getAccount(pool.id, stray.account.id))?.unionid).toBeNull();
  });

  it('refuses new accounts in login-only pools and blocked accounts, writing nothing', async () => {
    const { pool } = await createPool(store, clock, { name: 'Strict' });
    const request = loginRequest(pool.id, identity());
    expect(await store.login({ ...request, allowCreate: false })).toEqual({ kind: 'login_only' });
    expect(await store.countAccounts(pool.id)).toBe(0);
    expect(await store.redeemTicket(request.ticket.hash, pool.id, now(), null)).toEqual({ kind: 'not_found' });
    const created = await store.login(request);
    if (created.kind !== 'ok') throw new Error('login failed');
    await store.setAccountBlocked(pool.id, created.account.id, true);
    const blocked = loginRequest(pool.id, request.identity);
    expect(await store.login(blocked)).toEqual({ kind: 'blocked' });
    expect(await store.redeemTicket(blocked.ticket.hash, pool.id, now(), null)).toEqual({ kind: 'not_found' });
  });

  it('spends a session once; the second login with it writes no ticket', async () => {
    const { pool } = await createPool(store, clock, { name: 'Spend' });
    const who = identity();
    const idHash = hashToken(randomToken());
    await store.createSession({
      idHash,
      poolId: pool.id,
      useSelfWxapp: false,
      sessionKey: 'k',
      expiresAt: new Date(clock.now() + 1000),
      ...who,
    });
    expect((await store.login(loginRequest(pool.id, who, { sessionIdHash: idHash }))).kind).toBe('ok');
    const again = loginRequest(pool.id, who, { sessionIdHash: idHash });
    expect(await store.login(again)).toEqual({ kind: 'session_gone' });
    expect(await store.redeemTicket(again.ticket.hash, pool.id, now(), null)).toEqual({ kind: 'not_found' });
    expect((await store.findAccountByIdentity(pool.id, who))?.loginsCount).toBe(1);
  });

  it('spends the session before any write: a spent session is refused even where a write would fail', async () => {
    const { pool } = await createPool(store, clock, { name: 'Spend first' });
    const who = identity();
    const idHash = hashToken(randomToken());
    await store.createSession({
      idHash,
      poolId: pool.id,
      useSelfWxapp: false,
      sessionKey: 'k',
      expiresAt: new Date(clock.now() + 1000),
      ...who,
    });
    const first = loginRequest(pool.id, who, { sessionIdHash: idHash });
    expect((await store.login(first)).kind).toBe('ok');
    // The same ticket hash again: storing it would violate the key, so only a session spent first answers session_gone.
    expect(await store.login({ ...loginRequest(pool.id, who, { sessionIdHash: idHash }), ticket: first.ticket })).toEqual({
      kind: 'session_gone',
    });
  });

  it('keeps the session when it refuses: login-only, blocked, no known phone', async () => {
    const { pool } = await createPool(store, clock, { name: 'Keep' });
    const who = identity();
    const idHash = hashToken(randomToken());
    await store.createSession({
      idHash,
      poolId: pool.id,
      useSelfWxapp: false,
      sessionKey: 'k',
      expiresAt: new Date(clock.now() + 1000),
      ...who,
    });
    expect(await store.login(loginRequest(pool.id, who, { sessionIdHash: idHash, allowCreate: false }))).toEqual({ kind: 'login_only' });
    expect(await store.getSession(idHash, now())).not.toBeNull();
    expect(await store.login(loginRequest(pool.id, who, { sessionIdHash: idHash, phone: 'known' }))).toEqual({ kind: 'no_known_phone' });
    expect(await store.getSession(idHash, now())).not.toBeNull();
    const created = await store.login(loginRequest(pool.id, who));
    if (created.kind !== 'ok') throw new Error('login failed');
    await store.setAccountBlocked(pool.id, created.account.id, true);
    expect(await store.login(loginRequest(pool.id, who, { sessionIdHash: idHash }))).toEqual({ kind: 'blocked' });
    expect(await store.getSession(idHash, now())).not.toBeNull();
  });

  it('resolves a known phone inside the login, from the account as it is now', async () => {
    const { pool } = await createPool(store, clock, { name: 'Known' });
    const who = identity();
    expect(await store.login(loginRequest(pool.id, who, { phone: 'known' }))).toEqual({ kind: 'no_known_phone' });
    expect(await store.countAccounts(pool.id)).toBe(0);
    await store.login(loginRequest(pool.id, who, { phone: { number: '13100000001', countryCode: '86' } }));
    // The phone changes (another login of the same account proves a new one) ...
    await store.login(loginRequest(pool.id, who, { phone: { number: '13100000002', countryCode: '852' } }));
    // ... and a login confirming "the known phone" keeps the new number instead of restoring an older read.
    const confirmed = await store.login(loginRequest(pool.id, who, { phone: 'known' }));
    expect(confirmed).toMatchObject({
      kind: 'ok',
      created: false,
      account: { phone: '13100000002', phoneCountryCode: '852', loginsCount: 3 },
    });
  });

  it('redeems a ticket once, and tells used, expired, other-pool and unknown tickets apart', async () => {
    const { pool } = await createPool(store, clock, { name: 'Tickets' });
    const { pool: other } = await createPool(store, clock, { name: 'Other' });
    const fresh = loginRequest(pool.id, identity());
    const stale = loginRequest(pool.id, identity());
    await store.login(fresh);
    await store.login(stale);
    expect(await store.redeemTicket(fresh.ticket.hash, other.id, now(), null)).toEqual({ kind: 'wrong_pool' });
    expect((await store.redeemTicket(fresh.ticket.hash, pool.id, now(), null)).kind).toBe('ok');
    expect(await store.redeemTicket(fresh.ticket.hash, pool.id, now(), null)).toEqual({ kind: 'used' });
    expect(await store.redeemTicket(stale.ticket.hash, pool.id, new Date(clock.now() + 120_000), null)).toEqual({ kind: 'expired' });
    expect(await store.redeemTicket(hashToken('nope'), pool.id, now(), null)).toEqual({ kind: 'not_found' });
  });

  it('redeems one ticket for exactly one of many concurrent callers', async () => {
    const { pool } = await createPool(store, clock, { name: 'Race' });
    const request = loginRequest(pool.id, identity());
    await store.login(request);
    const results = await Promise.all(Array.from({ length: 50 }, () => store.redeemTicket(request.ticket.hash, pool.id, now(), null)));
    expect(results.filter((r) => r.kind === 'ok')).toHaveLength(1);
    expect(results.filter((r) => r.kind === 'used')).toHaveLength(49);
  });

  it('redeems for an exchange only with the secret the pool wants, leaving refused tickets unspent', async () => {
    const { pool, secret } = await createPool(store, clock, { name: 'Exchange' });
    const { pool: open } = await createPool(store, clock, { name: 'Open', ticketExchangeUserInfoNeedSecret: false });
    const request = loginRequest(pool.id, identity('union-exchange'));
    const login = await store.login(request);
    const redeem = (poolId: string, secretHash: string | null, at = now()) =>
      store.redeemTicketForExchange({ hash: request.ticket.hash, poolId, secretHash, verifierChallenge: null, now: at });
    expect(await redeem(pool.id, null)).toEqual({ kind: 'refused' });
    expect(await redeem(pool.id, hashToken('wrong'))).toEqual({ kind: 'refused' });
    expect(await redeem(open.id, null)).toEqual({ kind: 'refused' });
    expect(await redeem('0'.repeat(24), hashToken(secret))).toEqual({ kind: 'refused' });
    expect(await redeem(pool.id, hashToken(secret), new Date(clock.now() + 120_000))).toEqual({ kind: 'refused' });
    const redeemed = await redeem(pool.id, hashToken(secret));
    expect(redeemed).toMatchObject({ kind: 'ok', ticket: { poolId: pool.id, openid: request.identity.openid, unionid: 'union-exchange' } });
    expect(login.kind === 'ok' && redeemed.kind === 'ok' && redeemed.account).toEqual(login.kind === 'ok' && login.account);
    expect(await redeem(pool.id, hashToken(secret))).toEqual({ kind: 'refused' });

    const withoutSecret = loginRequest(open.id, identity());
    await store.login(withoutSecret);
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        store.redeemTicketForExchange({
          hash: withoutSecret.ticket.hash,
          poolId: open.id,
          secretHash: null,
          verifierChallenge: null,
          now: now(),
        }),
      ),
    );
    expect(results.filter((r) => r.kind === 'ok')).toHaveLength(1);
  });

  it('creates one account for concurrent first logins of one WeChat user', async () => {
    const { pool } = await createPool(store, clock, { name: 'First logins' });
    const who = identity('union-race');
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => store.login(loginRequest(pool.id, who))));
    expect(outcomes.every((o) => o.kind === 'ok')).toBe(true);
    expect(outcomes.filter((o) => o.kind === 'ok' && o.created)).toHaveLength(1);
    expect(await store.countAccounts(pool.id)).toBe(1);
  });

  it('stores one first signing key, active since the beginning, when replicas start together', async () => {
    const { store: own, dispose: disposeOwn } = await freshStore(kind);
    try {
      const signers = await Promise.all(Array.from({ length: 5 }, () => TokenSigner.load(own, () => 'https://issuer', clock)));
      const stored = await own.listSigningKeys();
      expect(stored).toHaveLength(1);
      expect(stored[0]!.activatesAt).toEqual(FIRST_KEY_ACTIVATES_AT);
      for (const signer of signers) expect(signer.jwks().keys.map((key) => key.kid)).toEqual([stored[0]!.kid]);
    } finally {
      await disposeOwn();
    }
  });

  it('adds a signing key only if the check on the stored keys admits it, and erases and deletes keys', async () => {
    const { store: own, dispose: disposeOwn } = await freshStore(kind);
    try {
      const key = (kid: string, activatesAt: number) => ({
        kid,
        privateJwk: `{"d":"${kid}"}`,
        publicJwk: '{}',
        createdAt: now(),
        activatesAt: new Date(activatesAt),
      });
      expect(await own.addSigningKey(key('k1', 0), (stored) => stored.length === 0)).toBe(true);
      expect(await own.addSigningKey(key('k2', 1), (stored) => stored.length === 0)).toBe(false);
      expect(await own.addSigningKey(key('k3', 2), (stored) => stored.map((k) => k.kid).join() === 'k1')).toBe(true);
      expect((await own.listSigningKeys()).map((k) => [k.kid, k.privateJwk])).toEqual([
        ['k1', '{"d":"k1"}'],
        ['k3', '{"d":"k3"}'],
      ]);
      await own.eraseSigningKeyPrivates(['k1']);
      await own.deleteSigningKeys(['k3', 'unknown']);
      expect((await own.listSigningKeys()).map((k) => [k.kid, k.privateJwk])).toEqual([['k1', null]]);
    } finally {
      await disposeOwn();
    }
  });

  it('purges lapsed sessions and tickets', async () => {
    const { pool } = await createPool(store, clock, { name: 'Purge' });
    const request = loginRequest(pool.id, identity());
    await store.login(request);
    await store.purgeExpired(new Date(clock.now() + 120_001));
    expect(await store.redeemTicket(request.ticket.hash, pool.id, now(), null)).toEqual({ kind: 'not_found' });
  });
});
