/** The host's own controls on the fixture mini-program: idleness around the user, the simulated user, sandbox failures. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startDevtoolsHost, type DevtoolsHost } from '../../devtools-host/host.ts';
import type { SimulatedUserPatch } from '../../devtools-host/simulated-user/host-user.ts';
import type { PhoneFailureDetail, PhoneSheetRefusal } from '../../devtools-host/simulated-user/vocabulary.ts';
import { RawClient } from './support/raw-client.ts';

const FIXTURE = new URL('../fixtures/mini-app', import.meta.url).pathname;

const closers: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function hostWith(
  options: { user?: SimulatedUserPatch; sandboxUrl?: string } = {},
): Promise<{ host: DevtoolsHost; client: RawClient }> {
  const host = await startDevtoolsHost({ projectRoot: FIXTURE, appid: 'wxfixture', ...options });
  closers.push(() => host.close());
  const client = await RawClient.open(host.wsEndpoint);
  closers.push(() => client.close());
  return { host, client };
}

/** reLaunches the fixture page and waits for its start-up; gives a way to tap by selector and read data. */
async function openPage(host: DevtoolsHost, client: RawClient) {
  await client.call('App.callWxMethod', { method: 'reLaunch', args: [{ url: '/routes/explore/index' }] });
  await host.control.whenIdle();
  const { pageId } = (await client.call('App.getCurrentPage')) as { pageId: number };
  return {
    async tap(selector: string): Promise<void> {
      const { elementId } = (await client.call('Page.getElement', { pageId, selector })) as { elementId: string };
      await client.call('Element.tap', { pageId, elementId });
    },
    async data(path: string): Promise<unknown> {
      return ((await client.call('Page.getData', { pageId, path })) as { data: unknown }).data;
    },
  };
}

describe('whenIdle while the page asks for privacy consent', () => {
  it('the phone button: idle while the page shows its sheet; the phone sheet answers after the agree tap', async () => {
    const { host, client } = await hostWith({ user: { privacy: { agreed: false } } });
    const page = await openPage(host, client);
    await page.tap('#phone');
    await host.control.whenIdle();
    expect(await page.data('privacyReferrer')).toBe('button.getPhoneNumber');
    expect(await page.data('phoneDetail')).toBeUndefined();
    await page.tap('#agree-privacy');
    await host.control.whenIdle();
    expect(await page.data('phoneDetail')).toMatchObject({ errMsg: 'getPhoneNumber:ok', code: expect.any(String) });
  });

  it('wx.requirePrivacyAuthorize: idle while the page shows its sheet; refused after the disagree tap', async () => {
    const { host, client } = await hostWith({ user: { privacy: { agreed: false } } });
    const page = await openPage(host, client);
    await client.call('App.callFunction', {
      functionDeclaration: `function () {
        wx.requirePrivacyAuthorize({ complete: function (r) { getCurrentPages()[0].setData({ privacyAnswer: r }); } });
      }`,
      args: [],
    });
    await host.control.whenIdle();
    expect(await page.data('privacyReferrer')).toBe('requirePrivacyAuthorize');
    expect(await page.data('privacyAnswer')).toBeUndefined();
    await page.tap('#disagree-privacy');
    await host.control.whenIdle();
    expect(await page.data('privacyAnswer')).toEqual({
      errMsg: 'requirePrivacyAuthorize:fail privacy permission is not authorized',
      errno: 104,
    });
  });
});

describe('the phone sheet refused', () => {
  // Spelled out, not read from the vocabulary: these are WeChat's texts, and a change to them must show here.
  const REFUSALS: Array<[PhoneSheetRefusal, PhoneFailureDetail]> = [
    ['deny', { errMsg: 'getPhoneNumber:fail user deny' }],
    ['no-permission', { errMsg: 'getPhoneNumber:fail no permission' }],
    ['quota', { errMsg: 'getPhoneNumber:fail no quota', errno: 1400001 }],
    ['needs-sms-verification', { errMsg: 'getPhoneNumber:fail 用户绑定的手机需要进行验证，请在客户端完成短信验证步骤' }],
  ];

  it.each(REFUSALS)('%s: the page receives %j', async (phone, detail) => {
    const { host, client } = await hostWith({ user: { phone } });
    const page = await openPage(host, client);
    await page.tap('#phone');
    await host.control.whenIdle();
    expect(await page.data('phoneDetail')).toEqual(detail);
  });
});

describe('Host.setSimulatedUser', () => {
  it('applies a valid patch and answers the whole user', async () => {
    const { client } = await hostWith();
    const { user } = await client.call('Host.setSimulatedUser', {
      user: { phone: 'deny', privacy: { popupAnswer: 'disagree' }, entry: { scene: 1011, referrerAppId: null } },
    });
    expect(user).toMatchObject({
      phone: 'deny',
      privacy: { agreed: true, popupAnswer: 'disagree' },
      entry: { scene: 1011, referrerAppId: null },
    });
  });

  it.each([
    [{ privacy: { agreed: 'no' } }, 'privacy.agreed must be true or false, got "no"'],
    [{ entry: 'abc' }, 'entry must be an object, got "abc"'],
    [{ phone: 'maybe' }, 'phone must be one of allow, allow-legacy, deny, no-permission, quota, needs-sms-verification, got "maybe"'],
    [{ entry: { scene: 10.5 } }, 'entry.scene must be an integer scene number, got 10.5'],
    [{ entry: { referrerAppId: 7 } }, 'entry.referrerAppId must be a string or null, got 7'],
    [{ sandboxUserId: 3 }, 'sandboxUserId must be a string or null, got 3'],
    [{ modalAnswer: 'ok' }, 'modalAnswer must be one of confirm, cancel, got "ok"'],
    [{ theme: 'sepia' }, 'theme must be one of light, dark, got "sepia"'],
    [{ privacy: { popupAnswer: 'yes' } }, 'privacy.popupAnswer must be one of agree, disagree, got "yes"'],
    [
      { phone: 'deny', nickname: 'x', extra: 1 },
      'unknown field nickname, extra (known: sandboxUserId, phone, privacy, entry, modalAnswer, theme)',
    ],
    [{ privacy: { agreed: true, remembered: true } }, 'unknown field privacy.remembered (known: agreed, popupAnswer)'],
  ])('refuses %j, naming what is wrong, and keeps the user', async (patch, message) => {
    const { host, client } = await hostWith();
    const before = host.control.user();
    expect(await client.send('Host.setSimulatedUser', { user: patch })).toMatchObject({ error: { message: `simulated user: ${message}` } });
    expect(host.control.user()).toEqual(before);
  });
});

describe('protocol parameters', () => {
  it('a missing pageId or elementId is named, not answered as a destroyed page', async () => {
    const { host, client } = await hostWith();
    await openPage(host, client);
    const { pageId } = (await client.call('App.getCurrentPage')) as { pageId: number };
    expect(await client.send('Page.getData', {})).toMatchObject({ error: { message: 'pageId must be a number, got nothing' } });
    expect(await client.send('Element.tap', { pageId })).toMatchObject({ error: { message: 'elementId must be a number, got nothing' } });
    expect(await client.send('Element.tap', { pageId, elementId: 'x1' })).toMatchObject({
      error: { message: 'elementId must be a number, got "x1"' },
    });
    expect(await client.send('Page.getData', { pageId: pageId + 1000 })).toMatchObject({ error: { message: 'page destroyed' } });
  });
});

describe('sandbox failures', () => {
  it('a failed sandbox user creation fails that wx.login only; the next one creates the user', async () => {
    let userRequests = 0;
    const sandbox = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += String(chunk)));
      request.on('end', () => {
        response.setHeader('content-type', 'application/json');
        if (request.url === '/__sandbox/users') {
          userRequests++;
          if (userRequests === 1) {
            response.statusCode = 500;
            response.end('{"error":"down"}');
          } else response.end(JSON.stringify({ userId: `user-${userRequests}` }));
        } else response.end(JSON.stringify({ code: `code-for-${(JSON.parse(body) as { userId: string }).userId}` }));
      });
    });
    await new Promise<void>((resolve) => sandbox.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise<void>((resolve) => sandbox.close(() => resolve())));
    const { client } = await hostWith({ sandboxUrl: `http://127.0.0.1:${(sandbox.address() as AddressInfo).port}` });
    expect(await client.send('App.callWxMethod', { method: 'login', args: [{}] })).toMatchObject({
      error: { message: expect.stringMatching(/^network error \(sandbox \/__sandbox\/users answered HTTP 500/) },
    });
    expect(await client.call('App.callWxMethod', { method: 'login', args: [{}] })).toEqual({
      result: { errMsg: 'login:ok', code: 'code-for-user-2' },
    });
    expect(userRequests).toBe(2);
  });
});

afterAll(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});
