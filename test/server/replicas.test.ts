import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../miniprogram/core/service-api.ts';
import { startService } from '../../server/index.ts';
import type { Service } from '../../server/index.ts';
import { openStore } from '../../server/store/open.ts';
import type { Store } from '../../server/store/types.ts';
import { HOSTED, PG_URL, STORE_KINDS, TEST_DATA_KEYS, loginTicket, startStack } from './helpers.ts';
import type { Envelope, Stack } from './helpers.ts';

/** Two replicas of the stateless service on one PostgreSQL schema must behave like one service. */
describe.skipIf(!STORE_KINDS.includes('postgres'))('two replicas on one PostgreSQL', () => {
  let stack: Stack;
  let second: { service: Service; store: Store };

  const call = async (service: Service, path: string, body: unknown): Promise<{ status: number; body: Envelope }> => {
    const response = await fetch(`${service.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Envelope };
  };
  const replica = (i: number): Service => (i % 2 === 0 ? stack.service : second.service);

  beforeAll(async () => {
    stack = await startStack('postgres');
    const store = await openStore({ kind: 'postgres', databaseUrl: PG_URL, schema: stack.schema, maxConnections: 12, dataKeys: TEST_DATA_KEYS });
    const service = await startService({
      port: 0,
      wechatBaseUrl: stack.sandbox.url,
      hostedApp: HOSTED,
      store,
      clock: stack.clock,
      logger: false,
      rateLimits: { perIp: 100_000, perPool: 100_000 },
    });
    second = { service, store };
  });
  afterAll(async () => {
    await second.service.close();
    await second.store.close();
    await stack.close();
  });

  it('a ticket issued by one replica is exchanged exactly once across both', async () => {
    const ticket = await loginTicket(stack, stack.person());
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) => call(replica(i), `/oauth/app2wxapp/auth/${stack.poolId}`, { ticket, secret: stack.secret })),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.body.error === 'ticket_used')).toHaveLength(99);
  });

  it('a session identified on one replica issues a ticket on the other', async () => {
    const person = stack.person();
    const identified = await call(stack.service, routes.identify(stack.poolId), { loginCode: person.loginCode(), useSelfWxapp: false });
    const issued = await call(second.service, routes.issueTicket(stack.poolId), {
      sessionId: identified.body.data!.sessionId,
      useSelfWxapp: false,
      phone: { kind: 'none' },
    });
    expect(issued.status).toBe(200);
  });

  it('concurrent first logins of one WeChat user spread over both replicas create one account', async () => {
    const { poolId } = await stack.newPool();
    const person = stack.person('13500000000');
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        call(replica(i), routes.issueTicket(poolId), {
          loginCode: person.loginCode(),
          useSelfWxapp: false,
          phone: { kind: 'code', code: person.phoneDetail().code },
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(answers.filter((a) => a.body.data!.newUser === true)).toHaveLength(1);
    expect(await stack.store.countAccounts(poolId)).toBe(1);
  });

  it('tokens signed by one replica verify with the JWKS of the other', async () => {
    const ticket = await loginTicket(stack, stack.person());
    const exchanged = await call(stack.service, `/oauth/app2wxapp/auth/${stack.poolId}`, { ticket, secret: stack.secret });
    const { createRemoteJWKSet, jwtVerify } = await import('jose');
    const jwks = createRemoteJWKSet(new URL(`${second.service.url}/.well-known/jwks.json`));
    const verified = await jwtVerify(exchanged.body.data!.token as string, jwks);
    expect(verified.payload.sub).toBe(exchanged.body.data!._id);
  });
});
