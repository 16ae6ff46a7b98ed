/**
 * The real-DevTools code path, run in CI: a host started on its own stands in for DevTools (no
 * sandbox of its own — its placeholder login codes would be refused, so only the simulated user's
 * mocks can log in) and the tests reach it as an endpoint device, settling by polling the page data
 * as they must against DevTools.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { buildLaunchPath } from '../../sdk/launch-path.ts';
import { startDevtoolsHost, type DevtoolsHost } from '../../devtools-host/host.ts';
import { bakedServiceOrigin } from '../../devtools-host/built-app.ts';
import { endpointDevice, type Device } from './support/devices.ts';
import { createPool, createWechatUser, DIST, exchange, launch, tap, tapAndReturn, ticketOf, useStack } from './support/stack.ts';

const stack = useStack();
const standIns: Array<{ host: DevtoolsHost; device: Device }> = [];
// Registered after useStack(): after-all hooks run last-registered first, so the stand-ins close before the stack.
afterAll(async () => {
  for (const { host, device } of standIns) {
    await device.close();
    await host.close();
  }
});

async function devtoolsStandIn(): Promise<Device> {
  const { hostedApp, service, sandbox } = stack();
  const host = await startDevtoolsHost({
    projectRoot: DIST,
    appid: hostedApp.appid,
    sandboxUrl: null,
    origins: { [bakedServiceOrigin(DIST)]: service.url },
  });
  const device = await endpointDevice({ wsEndpoint: host.wsEndpoint, sandboxUrl: sandbox.url, appid: hostedApp.appid });
  standIns.push({ host, device });
  return device;
}

describe.concurrent('through a DevTools endpoint', () => {
  it('privacy agreed, phone allowed: a ticket for the user with that phone', async () => {
    const device = await devtoolsStandIn();
    const { poolId, secret } = await createPool(stack());
    const page = await launch(device, buildLaunchPath({ userPoolId: poolId, wantPhone: true, useSelfWxapp: false }), {
      sandboxUserId: await createWechatUser(stack(), '17688886754'),
      privacyAgreed: false,
    });
    expect(await page.data('view')).toBe('privacy');
    await tap(device, page, '#agree-privacy');
    expect(await page.data('view')).toBe('ready');
    const ticket = ticketOf(await tapAndReturn(device, page, '#phone'));
    expect((await exchange(stack(), poolId, ticket, secret)).body.data).toMatchObject({ phone: '17688886754' });
    expect(device.user.requests().map((r) => r.outcome)).toEqual([200, 200, 200]);
  });

  it('back to the app refused: the launchApp button carries the extMsg', async () => {
    const device = await devtoolsStandIn();
    const { poolId } = await createPool(stack());
    const page = await launch(device, buildLaunchPath({ userPoolId: poolId, wantPhone: false, useSelfWxapp: false }), {
      backToApp: 'refused',
    });
    await tap(device, page, '#confirm');
    expect(await page.data('view')).toBe('fallback');
    const returned = await tapAndReturn(device, page, '#back-to-app');
    expect(returned).toMatchObject({ via: 'launchApp', extMsg: expect.stringMatching(/^code=200&message=授权成功&ticket=/) });
    expect(await page.data('view')).toBe('returned');
  });
});
