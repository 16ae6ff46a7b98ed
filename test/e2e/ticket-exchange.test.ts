/** The app backend's side: a ticket is single-use and expires (the service clock is moved, not waited for). */
import { describe, expect, it } from 'vitest';
import { buildLaunchPath } from '../../sdk/launch-path.ts';
import { createPool, createWechatUser, exchange, launch, tapAndReturn, TARGET, ticketOf, useStack } from './support/stack.ts';

const stack = useStack();

async function ticketFor(poolId: string): Promise<string> {
  const device = await stack().device();
  const page = await launch(device, buildLaunchPath({ userPoolId: poolId, wantPhone: false, useSelfWxapp: false }), {
    sandboxUserId: await createWechatUser(stack()),
  });
  return ticketOf(await tapAndReturn(device, page, '#confirm'));
}

describe('ticket exchange', () => {
  it('reused ticket: the second exchange is refused; expired ticket: refused after the pool lifetime', async () => {
    const { poolId, secret } = await createPool(stack(), { ticketExpiresAfter: 30 });
    // Real DevTools is one phone, so there the launches go one after the other.
    const [used, late] =
      TARGET.kind === 'devtools'
        ? [await ticketFor(poolId), await ticketFor(poolId)]
        : await Promise.all([ticketFor(poolId), ticketFor(poolId)]);

    expect((await exchange(stack(), poolId, used, secret)).status).toBe(200);
    const again = await exchange(stack(), poolId, used, secret);
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('ticket_used');

    stack().clockOffset.ms += 31_000;
    const expired = await exchange(stack(), poolId, late, secret);
    expect(expired.status).toBe(410);
    expect(expired.body.error).toBe('ticket_expired');
  });
});
