/** Scan-to-try: a 普通链接二维码 (`q`) or a 小程序码 (`scene`) opens the page, which shows the result itself. */
import { expect, it } from 'vitest';
import { ENTRY_SCENE } from '../../devtools-host/simulated-user/vocabulary.ts';
import { createPool, createWechatUser, describeScenarios, launch, tap, textOf, useStack } from './support/stack.ts';

const stack = useStack();

describeScenarios('try-it entries', () => {
  it('普通链接二维码: q carries the pool; the result shows on the page, nothing goes to an app', async () => {
    const device = await stack().device();
    const { poolId } = await createPool(stack());
    const scanned = `https://xdl.example.com/try?userPoolId=${poolId}&getPhone=1`;
    const page = await launch(device, `/routes/explore?q=${encodeURIComponent(scanned)}&scancode_time=1700000000`, {
      sandboxUserId: await createWechatUser(stack(), '17612340000'),
      entry: { scene: ENTRY_SCENE.linkQrCode, referrerAppId: null },
    });
    expect(await page.data('view')).toBe('ready');
    expect(await page.$('#cancel')).toBeNull();
    await tap(device, page, '#phone');
    expect(await page.data('view')).toBe('done');
    expect(await textOf(page, '#result-phone')).toBe('176****0000');
    expect(await textOf(page, '#result-expiry')).toMatch(/^\d\d:\d\d:\d\d 前有效（\d+ 秒）$/);
    expect(device.user.appReturns()).toEqual([]);
  });

  it('小程序码: scene is the pool id; full flow with phone', async () => {
    const device = await stack().device();
    const { poolId } = await createPool(stack());
    const page = await launch(device, `/routes/explore?scene=${poolId}`, {
      sandboxUserId: await createWechatUser(stack(), '17612341111'),
      entry: { scene: ENTRY_SCENE.wxaCode, referrerAppId: null },
    });
    await tap(device, page, '#phone');
    expect(await page.data('view')).toBe('done');
    expect(await textOf(page, '#result-phone')).toBe('176****1111');
  });
});
