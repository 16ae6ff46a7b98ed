/** Launched by an app, the user logs in; the app's backend exchanges the ticket for the user. */
import { expect, it } from 'vitest';
import { buildLaunchPath } from '../../sdk/launch-path.ts';
import {
  appLaunchQuery,
  appPath,
  createPool,
  createWechatUser,
  describeScenarios,
  exchange,
  launch,
  tap,
  tapAndReturn,
  ticketOf,
  useStack,
} from './support/stack.ts';

const stack = useStack();

describeScenarios('login launched by an app', () => {
  it('without phone: one tap, a ticket, the user with no phone', async () => {
    const device = await stack().device();
    const { poolId, secret } = await createPool(stack());
    const userId = await createWechatUser(stack());
    const page = await launch(device, buildLaunchPath({ userPoolId: poolId, wantPhone: false, useSelfWxapp: false }), {
      sandboxUserId: userId,
    });
    expect(await page.data('view')).toBe('ready');
    const requestsBefore = device.user.requests().length;
    const returned = await tapAndReturn(device, page, '#confirm');
    expect(returned.via).toBe('navigateBackApplication');
    expect(returned.extMsg).toMatch(/^code=200&message=授权成功&ticket=[A-Za-z0-9_-]+$/);
    expect(device.user.requests().length - requestsBefore).toBe(1);
    expect(await page.data('view')).toBe('returned');
    const { status, body } = await exchange(stack(), poolId, ticketOf(returned), secret);
    expect(status).toBe(200);
    expect(body.data).toMatchObject({
      phone: '',
      openid: stack().sandbox.state.openid(userId, stack().hostedApp.appid),
      registerMethod: 'oauth:app2wxapp',
      blocked: false,
    });
  });

  it('with phone, new code flow: the phone sheet allows, the user has the phone', async () => {
    const device = await stack().device();
    const { poolId, secret } = await createPool(stack());
    const userId = await createWechatUser(stack(), '17612346754');
    const page = await launch(device, buildLaunchPath({ userPoolId: poolId, wantPhone: true, useSelfWxapp: false }), {
      sandboxUserId: userId,
      phone: 'allow',
    });
    expect(await page.data('view')).toBe('ready');
    expect(await page.$('#confirm')).toBeNull();
    const returned = await tapAndReturn(device, page, '#phone');
    const { status, body } = await exchange(stack(), poolId, ticketOf(returned), secret);
    expect(status).toBe(200);
    expect(body.data).toMatchObject({ phone: '17612346754', phoneCountryCode: '86' });
  });

  it('with phone via the legacy encryptedData (client without code), through /routers/explore', async () => {
    const device = await stack().device();
    const { poolId, secret } = await createPool(stack());
    const userId = await createWechatUser(stack(), '17699996754');
    const page = await launch(device, appPath(appLaunchQuery(poolId, true), '/routers/explore'), {
      sandboxUserId: userId,
      phone: 'allow-legacy',
    });
    expect(page.path).toBe('routers/explore');
    const returned = await tapAndReturn(device, page, '#phone');
    const { body } = await exchange(stack(), poolId, ticketOf(returned), secret);
    expect(body.data).toMatchObject({ phone: '17699996754' });
  });

  it('known verified phone: confirmed with the masked number, no phone sheet; "use another number" opens the sheet', async () => {
    const device = await stack().device();
    const { poolId, secret } = await createPool(stack());
    const userId = await createWechatUser(stack(), '17600006754');
    const path = buildLaunchPath({ userPoolId: poolId, wantPhone: true, useSelfWxapp: false });
    await tapAndReturn(device, await launch(device, path, { sandboxUserId: userId }), '#phone');

    // This user would refuse the phone sheet: the confirm must not need it.
    const page = await launch(device, path, { sandboxUserId: userId, phone: 'deny' });
    expect(await (await page.$('#confirm'))?.text()).toContain('176****6754');
    expect(await (await page.$('#phone'))?.text()).toContain('其他号码');
    await tap(device, page, '#phone');
    expect(await page.data('view')).toBe('denied');
    expect(device.user.appReturns()).toEqual([]);

    const returned = await tapAndReturn(device, page, '#confirm');
    const { body } = await exchange(stack(), poolId, ticketOf(returned), secret);
    expect(body.data).toMatchObject({ phone: '17600006754', loginsCount: 2 });
  });
});
