/** WeChat misbehaving (sandbox faults): the page says so, retry recovers once WeChat is back. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLaunchPath } from '../../sdk/launch-path.ts';
import { createPool, createWechatUser, launch, startStack, tap, tapAndReturn, type Stack } from './support/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack?.close());

async function fault(api: string, kind: string): Promise<void> {
  const response = await fetch(`${stack.sandbox.url}/__sandbox/faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ api, kind, times: 1 }),
  });
  expect(response.status).toBe(200);
}

// Sequential: the faults are the sandbox's, shared by everything in this file.
describe.sequential('WeChat faults', () => {
  it('jscode2session system error: 503 on screen; retry logs in and succeeds', async () => {
    const device = await stack.device();
    const { poolId } = await createPool(stack);
    await fault('jscode2session', 'system_error');
    const page = await launch(device, buildLaunchPath({ userPoolId: poolId, wantPhone: false, useSelfWxapp: false }), { sandboxUserId: await createWechatUser(stack) });
    expect(await page.data('view')).toBe('failed');
    await tap(device, page, '#retry');
    expect(await page.data('view')).toBe('ready');
    expect((await tapAndReturn(device, page, '#confirm')).extMsg).toMatch(/^code=200&/);
  });

  it('getuserphonenumber rate limited: failure shown, the app told on leaving', async () => {
    const device = await stack.device();
    const { poolId } = await createPool(stack);
    const page = await launch(device, buildLaunchPath({ userPoolId: poolId, wantPhone: true, useSelfWxapp: false }), { sandboxUserId: await createWechatUser(stack) });
    await fault('getuserphonenumber', 'rate_limit');
    await tap(device, page, '#phone');
    expect(await page.data('view')).toBe('failed');
    expect((await tapAndReturn(device, page, '#cancel')).extMsg).toMatch(/^code=(503|429)&/);
  });
});
