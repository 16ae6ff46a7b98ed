/**
 * How a WeChat reviewer opens the mini-program — no launch parameters at all — lands on an explanation
 * with a demo login against the build's demo pool (`demoPoolId`), ending on the try-it result page.
 * An app's launch with bad parameters keeps its 422. And the phone quota: our message, not WeChat's toast.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { afterAll, expect, it } from 'vitest';
import { ENTRY_SCENE } from '../../devtools-host/simulated-user/vocabulary.ts';
import { bakedServiceOrigin } from '../../devtools-host/built-app.ts';
import type { DeploymentSettings } from '../../miniprogram/deployment-settings.ts';
import { deploymentModule } from '../../scripts/deployment-config.ts';
import { hostDevice, type Device } from './support/devices.ts';
import {
  DIST,
  TARGET,
  appLaunchQuery,
  appPath,
  createPool,
  createWechatUser,
  describeScenarios,
  launch,
  tap,
  tapAndReturn,
  textOf,
  useStack,
  type Stack,
} from './support/stack.ts';

const stack = useStack();
const REVIEWER_ENTRY = { scene: ENTRY_SCENE.recentsFromDiscover, referrerAppId: null };
const copies: string[] = [];
afterAll(() => copies.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function bakedSettings(buildRoot: string): DeploymentSettings {
  const module: { exports: Record<string, unknown> } = { exports: {} };
  vm.runInNewContext(readFileSync(path.join(buildRoot, 'deployment.js'), 'utf8'), { exports: module.exports, module });
  return module.exports.deployment as DeploymentSettings;
}

/** The suite's build with another demo pool baked in (what `XDL_DEMO_POOL_ID=… npm run build` writes), on a headless host. */
async function deviceWithDemoPool(stack: Stack, demoPoolId: string | null): Promise<Device> {
  const root = mkdtempSync(path.join(tmpdir(), 'xdl-landing-'));
  copies.push(root);
  cpSync(DIST, root, { recursive: true });
  const { demoPoolId: _built, ...settings } = bakedSettings(DIST);
  writeFileSync(path.join(root, 'deployment.js'), deploymentModule(demoPoolId === null ? settings : { ...settings, demoPoolId }));
  return hostDevice({
    sandboxUrl: stack.sandbox.url,
    appid: stack.hostedApp.appid,
    projectRoot: root,
    origins: { [bakedServiceOrigin(root)]: stack.service.url },
  });
}

const onHost = TARGET.kind === 'headless-host';

describeScenarios('opened with no launch parameters (the reviewer)', () => {
  it.runIf(onHost)('explains itself and logs in against the demo pool, ending on the try-it result', async () => {
    const { poolId } = await createPool(stack());
    const device = await deviceWithDemoPool(stack(), poolId);
    try {
      const page = await launch(device, '/routes/explore', {
        sandboxUserId: await createWechatUser(stack(), '17612342222'),
        entry: REVIEWER_ENTRY,
      });
      expect(await page.data('view')).toBe('landing');
      expect(await textOf(page, '#landing')).toContain('App 拉起本小程序');
      expect(await page.$('#error-message')).toBeNull();
      await tap(device, page, '#demo-login');
      expect(await page.data('view')).toBe('ready');
      await tap(device, page, '#phone');
      expect(await page.data('view')).toBe('done');
      expect(await textOf(page, '#result-phone')).toBe('176****2222');
      expect(device.user.appReturns()).toEqual([]);
    } finally {
      await device.close();
    }
  });

  it.runIf(onHost)('without a demo pool in the build: the explanation, no button, no error', async () => {
    const device = await deviceWithDemoPool(stack(), null);
    try {
      const page = await launch(device, '/routes/explore', { entry: REVIEWER_ENTRY });
      expect(await page.data('view')).toBe('landing');
      expect(await page.$('#demo-login')).toBeNull();
      expect(await textOf(page, '#demo-unavailable')).toBe('演示暂未开放，请从接入小登录的 App 中打开');
      expect(await page.$('#error-message')).toBeNull();
    } finally {
      await device.close();
    }
  });

  it('an app launch without parameters still fails with 422', async () => {
    const device = await stack().device();
    const page = await launch(device, '/routes/explore');
    expect(await page.data('view')).toBe('failed');
    expect((await tapAndReturn(device, page, '#cancel')).extMsg).toBe('code=422&message=参数错误：fromApp');
  });
});

describeScenarios('phone quota used up', () => {
  it("WeChat's own toast is off; our message says so, no retry, 503 to the app", async () => {
    const device = await stack().device();
    const { poolId } = await createPool(stack());
    const page = await launch(device, appPath(appLaunchQuery(poolId, true)), { phone: 'quota' });
    const phone = await page.$('#phone');
    expect(await phone?.property('phoneNumberNoQuotaToast')).toBe(false);
    await tap(device, page, '#phone');
    expect(await page.data('view')).toBe('failed');
    expect(await textOf(page, '#error-message')).toBe('手机号验证额度已用完，请联系 App 开发者');
    expect(await page.$('#retry')).toBeNull();
    expect((await tapAndReturn(device, page, '#cancel')).extMsg).toBe('code=503&message=网络异常');
  });
});
