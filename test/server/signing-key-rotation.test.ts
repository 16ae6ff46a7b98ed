import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import type { JSONWebKeySet } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeSigningKeys, rotateSigningKey } from '../../server/key-rotation.ts';
import { KEY_GRACE_MS, ROTATION_LEAD_MS, TOKEN_LIFETIME_S } from '../../server/signing-keys.ts';
import type { Service } from '../../server/index.ts';
import { STORE_KINDS, loginTicket, startStack } from './helpers.ts';
import type { Replica, Stack } from './helpers.ts';

/** A rotation made on the store reaches both replicas; tokens of the old key verify until they expire. */
describe.each(STORE_KINDS)('signing-key rotation across two replicas: %s', (kind) => {
  let stack: Stack;
  let second: Replica;

  beforeEach(async () => {
    stack = await startStack(kind);
    second = await stack.replica();
  });
  afterEach(() => stack.close());

  const replicas = (): Service[] => [stack.service, second.service];
  const tokenFrom = async (service: Service): Promise<string> => {
    const ticket = await loginTicket(stack, stack.person());
    const exchanged = await fetch(`${service.url}/oauth/app2wxapp/auth/${stack.poolId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ticket, secret: stack.secret }),
    });
    const body = (await exchanged.json()) as { data: { token: string } };
    return body.data.token;
  };
  const jwksOf = async (service: Service): Promise<JSONWebKeySet> =>
    (await (await fetch(`${service.url}/.well-known/jwks.json`)).json()) as JSONWebKeySet;
  const kidsOf = async (service: Service) => (await jwksOf(service)).keys.map((key) => key.kid);
  const kidOf = (token: string) => decodeProtectedHeader(token).kid;
  /** Verifies as an app backend would, at the stack's time, against the other replica's JWKS. */
  const verifiesOn = async (service: Service, token: string) => {
    const keys = createLocalJWKSet(await jwksOf(service));
    return jwtVerify(token, keys, { currentDate: new Date(stack.clock.now()) }).then(
      () => true,
      () => false,
    );
  };
  const refreshBoth = () => Promise.all(replicas().map((service) => service.refreshSigningKeys()));

  it('publishes the new key first, switches both replicas at its time, and drops the old one after its tokens', async () => {
    const oldToken = await tokenFrom(stack.service);
    const oldKid = kidOf(oldToken);
    expect(await kidsOf(second.service)).toEqual([oldKid]);

    const rotation = await rotateSigningKey(stack.store, stack.clock, { leadMs: ROTATION_LEAD_MS, revokeOthers: false });
    await refreshBoth();
    for (const service of replicas()) {
      expect(await kidsOf(service)).toEqual([oldKid, rotation.kid]);
      expect(kidOf(await tokenFrom(service))).toBe(oldKid);
    }

    stack.clock.advance(ROTATION_LEAD_MS);
    const [fromFirst, fromSecond] = [await tokenFrom(stack.service), await tokenFrom(second.service)];
    expect([kidOf(fromFirst), kidOf(fromSecond)]).toEqual([rotation.kid, rotation.kid]);
    expect(await verifiesOn(second.service, fromFirst)).toBe(true);
    expect(await verifiesOn(stack.service, fromSecond)).toBe(true);
    expect(await verifiesOn(second.service, oldToken)).toBe(true);

    stack.clock.advance(KEY_GRACE_MS);
    await stack.service.purgeExpired();
    const afterGrace = await describeSigningKeys(stack.store, stack.clock);
    expect(afterGrace.map(({ kid, state, privateHalf }) => ({ kid, state, privateHalf }))).toEqual([
      { kid: oldKid, state: 'retired', privateHalf: 'erased' },
      { kid: rotation.kid, state: 'active', privateHalf: 'kept' },
    ]);
    expect(await kidsOf(second.service)).toEqual([oldKid, rotation.kid]);

    stack.clock.advance(TOKEN_LIFETIME_S * 1000 - 1);
    await stack.service.purgeExpired();
    expect(await kidsOf(second.service)).toEqual([oldKid, rotation.kid]);
    stack.clock.advance(1);
    await stack.service.purgeExpired();
    await second.service.refreshSigningKeys();
    for (const service of replicas()) expect(await kidsOf(service)).toEqual([rotation.kid]);
    expect((await stack.store.listSigningKeys()).map((key) => key.kid)).toEqual([rotation.kid]);
  });

  it('rotates at once and revokes the old key: its tokens stop verifying on both replicas', async () => {
    const oldToken = await tokenFrom(second.service);
    const rotation = await rotateSigningKey(stack.store, stack.clock, { leadMs: 0, revokeOthers: true });
    expect(rotation.revoked).toEqual([kidOf(oldToken)]);
    await refreshBoth();
    for (const service of replicas()) {
      expect(await kidsOf(service)).toEqual([rotation.kid]);
      expect(kidOf(await tokenFrom(service))).toBe(rotation.kid);
      expect(await verifiesOn(service, oldToken)).toBe(false);
    }
  });

  it('refuses a second rotation while a key waits to sign, naming it', async () => {
    const waiting = await rotateSigningKey(stack.store, stack.clock, { leadMs: ROTATION_LEAD_MS, revokeOthers: false });
    await expect(rotateSigningKey(stack.store, stack.clock, { leadMs: 0, revokeOthers: false })).rejects.toThrow(
      `key ${waiting.kid} already waits to sign from ${waiting.activatesAt.toISOString()}`,
    );
    expect(await stack.store.listSigningKeys()).toHaveLength(2);
  });
});
