/** WeChat misbehaving (sandbox faults): the page says so, retry recovers once WeChat is back. */
import { describe, expect, it } from 'vitest';
import { buildLaunchPath } from '../../sdk/launch-path.ts';
import { createPool, createWechatUser, launch, tap, tapAndReturn, useStack } from './support/stack.ts';

const stack = useStack();

// Sequential: the faults are the sandbox's, shared by everything in this file.
describe.sequential('WeChat faults', () => {
  it('jscode2session system error: 503 on screen; retry logs in and succeeds', async () => {
    const device = await stack().device();
    const { poolId } = await createPool(stack());
    stack().sandbox.faults.add({ api: 'jscode2session', kind: 'system_error', times: 1 });
    const page = await launch(device, buildLaunchPath({ userPoolId: poolId, wantPhone: false, useSelfWxapp: false }), {
      sandboxUserId: await createWechatUser(stack()),
    });
    expect(await page.data('view')).toBe('failed');
    await tap(device, page, '#retry');
    expect(await page.data('view')).toBe('ready');
    expect((await tapAndReturn(device, page, '#confirm')).extMsg).toMatch(/^code=200&/);
  });

  it('getuserphonenumber rate limited (45011 → wechat_unavailable): failure shown with retry, the app told 503 on leaving', async () => {
    const device = await stack().device();
    const { poolId } = await createPool(stack());
    const page = await launch(device, buildLaunchPath({ userPoolId: poolId, wantPhone: true, useSelfWxapp: false }), {
      sandboxUserId: await createWechatUser(stack()),
    });
    stack().sandbox.faults.add({ api: 'getuserphonenumber', kind: 'rate_limit', times: 1 });
    await tap(device, page, '#phone');
    expect(await page.data('view')).toBe('failed');
    expect(await page.$('#retry')).not.toBeNull();
    expect((await tapAndReturn(device, page, '#cancel')).extMsg).toBe('code=503&message=网络异常');
  });
});
