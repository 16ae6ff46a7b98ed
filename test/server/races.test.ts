import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../miniprogram/contract/api.ts';
import { HOSTED, STORE_KINDS, loginTicket, startStack } from './helpers.ts';
import type { Stack } from './helpers.ts';

describe.each(STORE_KINDS)('races over HTTP: %s store', (kind) => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack(kind);
  });
  afterAll(() => stack.close());

  it('200 concurrent exchanges of one ticket: exactly one succeeds', async () => {
    const ticket = await loginTicket(stack, stack.person());
    const answers = await Promise.all(
      Array.from({ length: 200 }, () => stack.post(`/oauth/app2wxapp/auth/${stack.poolId}`, { ticket, secret: stack.secret })),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.body.error === 'ticket_used')).toHaveLength(199);
  });

  it('10 concurrent first logins of one WeChat user create one account', async () => {
    const { poolId } = await stack.newPool();
    const person = stack.person('13300000000');
    const codes = Array.from({ length: 10 }, () => ({ login: person.loginCode(), phone: person.phoneDetail().code }));
    const answers = await Promise.all(
      codes.map((code) =>
        stack.post(routes.issueTicket(poolId), { loginCode: code.login, useSelfWxapp: false, phone: { kind: 'code', code: code.phone } }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(answers.filter((a) => a.body.data!.newUser === true)).toHaveLength(1);
    expect(await stack.store.countAccounts(poolId)).toBe(1);
  });

  it('concurrent issues on one session: one ticket, the others session_expired, one login counted', async () => {
    const { poolId } = await stack.newPool();
    const person = stack.person();
    const identified = await stack.post(routes.identify(poolId), { loginCode: person.loginCode(), useSelfWxapp: false });
    const sessionId = identified.body.data!.sessionId;
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => stack.post(routes.issueTicket(poolId), { sessionId, useSelfWxapp: false, phone: { kind: 'none' } })),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.body.error === 'session_expired')).toHaveLength(4);
    const account = await stack.store.findAccountByIdentity(poolId, { appid: HOSTED.appid, openid: person.openid(), unionid: null });
    expect(account?.loginsCount).toBe(1);
  });
});
