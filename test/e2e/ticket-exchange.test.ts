/** The app backend's side: a ticket is single-use and expires (the service clock is moved, not waited for). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLaunchPath } from '../../sdk/launch-path.ts';
import { parseExtMsg } from '../../sdk/ext-msg.ts';
import { createPool, createWechatUser, exchange, launch, startStack, tapAndReturn, type Stack } from './support/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack?.close());

async function ticketFor(poolId: string): Promise<string> {
  const device = await stack.device();
  const page = await launch(device, buildLaunchPath({ userPoolId: poolId, wantPhone: false, useSelfWxapp: false }), { sandboxUserId: await createWechatUser(stack) });
  const parsed = parseExtMsg((await tapAndReturn(device, page, '#confirm')).extMsg);
  if (parsed.kind !== 'success') throw new Error('no ticket');
  return parsed.ticket;
}

describe('ticket exchange', () => {
  it('reused ticket: the second exchange is refused; expired ticket: refused after the pool lifetime', async () => {
    const { poolId, secret } = await createPool(stack, { ticketExpiresAfter: 30 });
    // One after the other: on real DevTools both launches share the one DevTools.
    const used = await ticketFor(poolId);
    const late = await ticketFor(poolId);

    expect((await exchange(stack, poolId, used, secret)).status).toBe(200);
    const again = await exchange(stack, poolId, used, secret);
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('ticket_used');

    stack.clockOffset.ms += 31_000;
    const expired = await exchange(stack, poolId, late, secret);
    expect(expired.status).toBe(410);
    expect(expired.body.error).toBe('ticket_expired');
  });
});
