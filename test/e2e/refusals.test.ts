/** The user says no, or the service refuses: the app learns why; nothing to exchange. */
import { expect, it } from 'vitest';
import { buildLaunchPath } from '../../sdk/launch-path.ts';
import { createPool, createWechatUser, describeScenarios, exchange, launch, tap, tapAndReturn, textOf, ticketOf, useStack } from './support/stack.ts';

const stack = useStack();

const withPhone = (poolId: string): string => buildLaunchPath({ userPoolId: poolId, wantPhone: true, useSelfWxapp: false });

describeScenarios('refusals', () => {
  it('the user denies the phone sheet, then leaves: 400 用户取消授权', async () => {
    const device = await stack().device();
    const { poolId } = await createPool(stack());
    const page = await launch(device, withPhone(poolId), { sandboxUserId: await createWechatUser(stack()), phone: 'deny' });
    await tap(device, page, '#phone');
    expect(await page.data('view')).toBe('denied');
    expect(await textOf(page, '#error-message')).toBe('你拒绝了手机号授权');
    expect((await tapAndReturn(device, page, '#cancel')).extMsg).toBe('code=400&message=用户取消授权');
  });

  it('privacy refused on the privacy screen: 400 after leaving', async () => {
    const device = await stack().device();
    const { poolId } = await createPool(stack());
    const page = await launch(device, withPhone(poolId), { sandboxUserId: await createWechatUser(stack()), privacyAgreed: false });
    expect(await page.data('view')).toBe('privacy');
    expect(await page.$('#agree-privacy')).not.toBeNull();
    await tap(device, page, '#disagree-privacy');
    expect(await page.data('view')).toBe('denied');
    expect((await tapAndReturn(device, page, '#cancel')).extMsg).toBe('code=400&message=用户取消授权');
  });

  it('privacy agreed on the privacy screen, then the phone: a ticket', async () => {
    const device = await stack().device();
    const { poolId, secret } = await createPool(stack());
    const page = await launch(device, withPhone(poolId), { sandboxUserId: await createWechatUser(stack(), '17655556754'), privacyAgreed: false });
    await tap(device, page, '#agree-privacy');
    expect(await page.data('view')).toBe('ready');
    const ticket = ticketOf(await tapAndReturn(device, page, '#phone'));
    expect((await exchange(stack(), poolId, ticket, secret)).body.data).toMatchObject({ phone: '17655556754' });
  });

  it('unknown pool: 404 用户池不存在', async () => {
    const device = await stack().device();
    const page = await launch(device, withPhone('0123456789abcdef01234567'), { sandboxUserId: await createWechatUser(stack()) });
    expect(await page.data('view')).toBe('failed');
    expect((await tapAndReturn(device, page, '#cancel')).extMsg).toBe('code=404&message=用户池不存在');
  });

  it('login-only pool and a new user: 403 账号不存在', async () => {
    const device = await stack().device();
    const { poolId } = await createPool(stack(), { loginOnly: true });
    const page = await launch(device, buildLaunchPath({ userPoolId: poolId, wantPhone: false, useSelfWxapp: false }), { sandboxUserId: await createWechatUser(stack()) });
    await tap(device, page, '#confirm');
    expect(await page.data('view')).toBe('failed');
    expect((await tapAndReturn(device, page, '#cancel')).extMsg).toBe('code=403&message=账号不存在');
  });

  it('blocked user: 403 账号已被禁用', async () => {
    const device = await stack().device();
    const { poolId, secret } = await createPool(stack());
    const userId = await createWechatUser(stack());
    const path = buildLaunchPath({ userPoolId: poolId, wantPhone: false, useSelfWxapp: false });
    const first = ticketOf(await tapAndReturn(device, await launch(device, path, { sandboxUserId: userId }), '#confirm'));
    const user = (await exchange(stack(), poolId, first, secret)).body.data as { _id: string };
    await stack().service.store.setAccountBlocked(poolId, user._id, true);

    const page = await launch(device, path, { sandboxUserId: userId });
    // The block is found at the tap, not at start-up: the page offers the login first.
    expect(await page.data('view')).toBe('ready');
    await tap(device, page, '#confirm');
    expect(await page.data('view')).toBe('failed');
    expect((await tapAndReturn(device, page, '#cancel')).extMsg).toBe('code=403&message=账号已被禁用');
  });
});
