import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../miniprogram/contract/api.ts';
import { STORE_KINDS, loginTicket, startStack } from './helpers.ts';
import type { Replica, Stack } from './helpers.ts';

/** Two replicas of the stateless service on one PostgreSQL schema must behave like one service. */
describe.skipIf(!STORE_KINDS.includes('postgres'))('two replicas on one PostgreSQL', () => {
  let stack: Stack;
  let second: Replica;
  const call = (i: number, path: string, body: unknown) => (i % 2 === 0 ? stack.post(path, body) : second.post(path, body));

  beforeAll(async () => {
    stack = await startStack('postgres');
    second = await stack.replica();
  });
  afterAll(() => stack.close());

  it('a ticket issued by one replica is exchanged exactly once across both', async () => {
    const ticket = await loginTicket(stack, stack.person());
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) => call(i, `/oauth/app2wxapp/auth/${stack.poolId}`, { ticket, secret: stack.secret })),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.body.error === 'ticket_used')).toHaveLength(99);
  });

  it('a session identified on one replica issues a ticket on the other', async () => {
    const person = stack.person();
    const identified = await call(0, routes.identify(stack.poolId), { loginCode: person.loginCode(), useSelfWxapp: false });
    const issued = await call(1, routes.issueTicket(stack.poolId), {
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
        call(i, routes.issueTicket(poolId), {
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
    const exchanged = await call(0, `/oauth/app2wxapp/auth/${stack.poolId}`, { ticket, secret: stack.secret });
    const { createRemoteJWKSet, jwtVerify } = await import('jose');
    const jwks = createRemoteJWKSet(new URL(`${second.service.url}/.well-known/jwks.json`));
    const verified = await jwtVerify(exchanged.body.data!.token as string, jwks);
    expect(verified.payload.sub).toBe(exchanged.body.data!._id);
  });
});
