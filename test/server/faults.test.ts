import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../miniprogram/contract/api.ts';
import type { Fault } from '../../server/sandbox/index.ts';
import { STORE_KINDS, startStack } from './helpers.ts';
import type { Stack } from './helpers.ts';

const TIMEOUT_MS = 300;
const TRANSIENT: Fault['kind'][] = ['timeout', 'system_error', 'rate_limit', 'malformed'];

describe.each(STORE_KINDS)('WeChat faults: %s store', (kind) => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack(kind, { wechatTimeoutMs: TIMEOUT_MS });
  });
  afterAll(() => stack.close());
  afterEach(() => stack.sandbox.faults.clear());

  const identify = (loginCode: string) => stack.post(routes.identify(stack.poolId), { loginCode, useSelfWxapp: false });

  it.each(TRANSIENT)('%s on jscode2session → 503 wechat_unavailable in time, nothing written', async (faultKind) => {
    const { poolId } = await stack.newPool();
    stack.sandbox.faults.add({ api: 'jscode2session', kind: faultKind });
    const person = stack.person();
    const started = performance.now();
    const answer = await stack.post(routes.issueTicket(poolId), {
      loginCode: person.loginCode(),
      useSelfWxapp: false,
      phone: { kind: 'none' },
    });
    expect(answer.body).toMatchObject({ code: 503, error: 'wechat_unavailable' });
    // Three attempts at most for -1, each bounded by the timeout.
    expect(performance.now() - started).toBeLessThan(3 * TIMEOUT_MS + 500);
    expect(await stack.store.countAccounts(poolId)).toBe(0);
  });

  it('retries -1 and succeeds when WeChat recovers', async () => {
    stack.sandbox.faults.add({ api: 'jscode2session', kind: 'system_error', times: 1 });
    const before = stack.sandbox.faults.callsTo('jscode2session');
    expect((await identify(stack.person().loginCode())).status).toBe(200);
    expect(stack.sandbox.faults.callsTo('jscode2session') - before).toBe(2);
  });

  it('never retries 45011 or a refused code', async () => {
    stack.sandbox.faults.add({ api: 'jscode2session', kind: 'rate_limit', times: 1 });
    let before = stack.sandbox.faults.callsTo('jscode2session');
    expect((await identify(stack.person().loginCode())).status).toBe(503);
    expect(stack.sandbox.faults.callsTo('jscode2session') - before).toBe(1);
    before = stack.sandbox.faults.callsTo('jscode2session');
    expect((await identify('spent-or-unknown')).body.error).toBe('login_code_invalid');
    expect(stack.sandbox.faults.callsTo('jscode2session') - before).toBe(1);
  });

  it.each(['getuserphonenumber', 'stable_token'] as const)(
    'a fault on %s fails the issue cleanly; the session survives for a retry',
    async (api) => {
      stack.clock.advance(7200_000); // past any cached access token, so the issue must call stable_token
      const { poolId } = await stack.newPool();
      const person = stack.person();
      const session = await stack.post(routes.identify(poolId), { loginCode: person.loginCode(), useSelfWxapp: false });
      stack.sandbox.faults.add({ api, kind: 'malformed' });
      const issue = () =>
        stack.post(routes.issueTicket(poolId), {
          sessionId: session.body.data!.sessionId,
          useSelfWxapp: false,
          phone: { kind: 'code', code: person.phoneDetail().code },
        });
      expect((await issue()).body).toMatchObject({ code: 503, error: 'wechat_unavailable' });
      expect(await stack.store.countAccounts(poolId)).toBe(0);
      stack.sandbox.faults.clear();
      expect((await issue()).status).toBe(200);
      expect(await stack.store.countAccounts(poolId)).toBe(1);
    },
  );

  it('a delay shorter than the timeout only slows the answer', async () => {
    stack.sandbox.faults.add({ api: 'jscode2session', kind: 'delay', delayMs: 50, times: 1 });
    expect((await identify(stack.person().loginCode())).status).toBe(200);
    expect(stack.sandbox.faults.list()).toEqual([]);
  });
});
