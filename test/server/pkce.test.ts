import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../miniprogram/contract/api.ts';
import { s256 } from '../../server/pkce.ts';
import { STORE_KINDS, startStack } from './helpers.ts';
import type { Stack, WechatPerson } from './helpers.ts';

const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const CHALLENGE = s256(VERIFIER);
const OTHER_VERIFIER = 'A'.repeat(43);

/** Tickets bound to the launching app (RFC 7636 S256), on both stores, over HTTP. */
describe.each(STORE_KINDS)('PKCE: %s', (kind) => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack(kind);
  });
  afterAll(() => stack.close());

  /** Identify + issue, with the launch's challenge if given. */
  async function ticketFor(poolId: string, person: WechatPerson, codeChallenge?: string) {
    const identify = await stack.post(routes.identify(poolId), { loginCode: person.loginCode(), useSelfWxapp: false });
    return stack.post(routes.issueTicket(poolId), {
      sessionId: identify.body.data!.sessionId,
      useSelfWxapp: false,
      phone: { kind: 'none' },
      ...(codeChallenge !== undefined ? { codeChallenge } : {}),
    });
  }
  const exchange = (poolId: string, body: Record<string, unknown>) => stack.post(routes.exchange(poolId), body);

  it('a ticket issued with a challenge needs its verifier; a missing or wrong one does not spend it', async () => {
    const ticket = (await ticketFor(stack.poolId, stack.person(), CHALLENGE)).body.data!.ticket as string;
    const withSecret = { ticket, secret: stack.secret };
    expect((await exchange(stack.poolId, withSecret)).body).toMatchObject({ code: 400, error: 'code_verifier_required' });
    expect((await exchange(stack.poolId, { ...withSecret, codeVerifier: OTHER_VERIFIER })).body).toMatchObject({
      code: 400,
      error: 'code_verifier_invalid',
    });
    const answers = await Promise.all(Array.from({ length: 10 }, () => exchange(stack.poolId, { ...withSecret, codeVerifier: VERIFIER })));
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
    expect(answers.filter((answer) => answer.body.error === 'ticket_used')).toHaveLength(9);
  });

  it('a ticket issued without a challenge refuses a verifier (another launch’s ticket), and is kept', async () => {
    const ticket = (await ticketFor(stack.poolId, stack.person())).body.data!.ticket as string;
    const refused = await exchange(stack.poolId, { ticket, secret: stack.secret, codeVerifier: VERIFIER });
    expect(refused.body).toMatchObject({
      code: 400,
      error: 'code_verifier_invalid',
      message: expect.stringContaining('without a codeChallenge') as string,
    });
    expect((await exchange(stack.poolId, { ticket, secret: stack.secret })).status).toBe(200);
  });

  it('a pool that exchanges without its secret: the verifier is what binds the ticket, and its refusals are named', async () => {
    const { poolId } = await stack.newPool({ ticketExchangeUserInfoNeedSecret: false });
    const ticket = (await ticketFor(poolId, stack.person(), CHALLENGE)).body.data!.ticket as string;
    expect((await exchange(poolId, { ticket })).body).toMatchObject({ error: 'code_verifier_required' });
    expect((await exchange(poolId, { ticket, codeVerifier: OTHER_VERIFIER })).body).toMatchObject({ error: 'code_verifier_invalid' });
    expect((await exchange(poolId, { ticket: 'A'.repeat(43), codeVerifier: VERIFIER })).body).toMatchObject({ error: 'ticket_invalid' });
    expect((await exchange(poolId, { ticket, codeVerifier: VERIFIER })).status).toBe(200);
  });

  it('a pool that requires a challenge says so in its profile and refuses a login without one', async () => {
    const { poolId } = await stack.newPool({ requireCodeChallenge: true });
    expect((await stack.get(routes.profile(poolId))).body.data).toMatchObject({ requireCodeChallenge: true });
    expect((await ticketFor(poolId, stack.person())).body).toMatchObject({ code: 422, error: 'code_challenge_required' });
    const issued = await ticketFor(poolId, stack.person(), CHALLENGE);
    expect(issued.status).toBe(200);
    const { poolId: other } = await stack.newPool();
    expect((await stack.get(routes.profile(other))).body.data).toMatchObject({ requireCodeChallenge: false });
  });

  it('refuses a malformed challenge or verifier, naming the field', async () => {
    const badChallenge = await ticketFor(stack.poolId, stack.person(), 'not-an-s256-challenge');
    expect(badChallenge.body).toMatchObject({
      code: 422,
      error: 'invalid_request',
      message: expect.stringContaining('body.codeChallenge') as string,
    });
    const badVerifier = await exchange(stack.poolId, { ticket: 'A'.repeat(43), secret: stack.secret, codeVerifier: 'short' });
    expect(badVerifier.body).toMatchObject({
      code: 422,
      error: 'invalid_request',
      message: expect.stringContaining('body.codeVerifier') as string,
    });
  });
});
