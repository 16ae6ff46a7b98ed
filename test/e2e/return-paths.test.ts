/** How the outcome gets back to the app when things around the page fail. */
import { expect, it } from 'vitest';
import { buildLaunchPath } from '../../sdk/launch-path.ts';
import { ENTRY_SCENE } from '../../devtools-host/simulated-user/vocabulary.ts';
import {
  createPool,
  createWechatUser,
  describeScenarios,
  exchange,
  launch,
  tap,
  tapAndReturn,
  textOf,
  ticketOf,
  useStack,
} from './support/stack.ts';

const stack = useStack();

describeScenarios('return paths', () => {
  it('service down: a network error on screen, retry offered, leaving tells the app 503', async () => {
    const device = await stack().device();
    const page = await launch(device, buildLaunchPath({ userPoolId: '0123456789abcdef01234567', wantPhone: false, useSelfWxapp: false }), {
      service: 'down',
    });
    expect(await page.data('view')).toBe('failed');
    expect(await page.$('#retry')).not.toBeNull();
    expect(device.user.requests().some((r) => typeof r.outcome === 'string' && r.outcome.startsWith('request:fail'))).toBe(true);
    expect((await tapAndReturn(device, page, '#cancel')).extMsg).toBe('code=503&message=网络异常');
  });

  it('navigateBackApplication refused: the launchApp button carries the same extMsg back', async () => {
    const device = await stack().device();
    const { poolId, secret } = await createPool(stack());
    // Opened by an app, but this WeChat refuses navigateBackApplication (an old client).
    const page = await launch(device, buildLaunchPath({ userPoolId: poolId, wantPhone: false, useSelfWxapp: false }), {
      sandboxUserId: await createWechatUser(stack()),
      backToApp: 'refused',
    });
    await tap(device, page, '#confirm');
    expect(await page.data('view')).toBe('fallback');
    expect(device.user.appReturns()).toEqual([]);
    const returned = await tapAndReturn(device, page, '#back-to-app');
    expect(returned.via).toBe('launchApp');
    expect((await exchange(stack(), poolId, ticketOf(returned), secret)).status).toBe(200);
    expect(await page.data('view')).toBe('returned');
  });

  it(`reopened from the chat list's pull-down recents (scene ${ENTRY_SCENE.recentsFromChatPullDown}), not by an app: both ways back refused, a hint, nothing sent`, async () => {
    const device = await stack().device();
    const { poolId } = await createPool(stack());
    const page = await launch(device, buildLaunchPath({ userPoolId: poolId, wantPhone: false, useSelfWxapp: false }), {
      sandboxUserId: await createWechatUser(stack()),
      entry: { scene: ENTRY_SCENE.recentsFromChatPullDown, referrerAppId: null },
    });
    await tap(device, page, '#confirm');
    expect(await page.data('view')).toBe('fallback');
    await tap(device, page, '#back-to-app');
    expect(await textOf(page, '#notice')).toBe('无法自动返回，请手动切换回 App');
    expect(device.user.appReturns()).toEqual([]);
  });
});
