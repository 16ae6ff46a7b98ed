/**
 * Wire shapes, spoken raw over WebSocket (no client sleeps), then the unmodified automator client
 * end to end on a fixture mini-program.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import automator from 'miniprogram-automator';
import { changeRoute } from '../../dev/automator-route.ts';
import { startDevtoolsHost, type DevtoolsHost } from '../../devtools-host/host.ts';
import { RawClient } from './support/raw-client.ts';

const FIXTURE = new URL('../fixtures/mini-app', import.meta.url).pathname;

let host: DevtoolsHost;
let echo: http.Server;

beforeAll(async () => {
  echo = http.createServer((request, response) => {
    response.writeHead(418, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ referer: request.headers.referer, path: request.url }));
  });
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  const port = (echo.address() as AddressInfo).port;
  host = await startDevtoolsHost({
    projectRoot: FIXTURE,
    appid: 'wxfixture',
    origins: { 'http://127.0.0.1:8787': `http://127.0.0.1:${port}` },
  });
});

afterAll(async () => {
  await host.close();
  await new Promise((resolve) => echo.close(resolve));
});

describe('protocol shapes (raw WebSocket)', () => {
  it('answers Tool.getInfo, the empty page before any route, and unknown methods like DevTools', async () => {
    const client = await RawClient.open(host.wsEndpoint);
    expect((await client.send('Tool.getInfo')).result).toMatchObject({ SDKVersion: '3.3.4' });
    host.control.reset();
    expect((await client.send('App.getCurrentPage')).result).toEqual({ pageId: 0, path: '', query: {} });
    expect(await client.send('App.nope')).toMatchObject({ error: { message: 'appservice App.nope unimplemented' } });
    expect((await client.send('App.enableLog')).result).toEqual({});
    client.close();
  });

  it('routes, queries elements, taps with WeChat-shaped events and reports the app return', async () => {
    host.control.reset();
    const client = await RawClient.open(host.wsEndpoint);
    await client.send('App.enableLog');
    const relaunch = await client.send('App.callWxMethod', {
      method: 'reLaunch',
      args: [{ url: '/routes/explore/index?userPoolId=a%2Fb&fromApp=1' }],
    });
    expect(relaunch.result).toEqual({ result: { errMsg: 'reLaunch:ok' } });
    await host.control.whenIdle();
    const current = (await client.send('App.getCurrentPage')).result as { pageId: number; path: string; query: unknown };
    expect(current).toMatchObject({ path: 'routes/explore/index', query: { userPoolId: 'a%2Fb', fromApp: '1' } });
    const pageId = current.pageId;

    const missing = await client.send('Page.getElement', { pageId, selector: '.nope' });
    expect(missing.error).toEqual({ message: 'no such element' });
    const confirm = (await client.send('Page.getElement', { pageId, selector: '#confirm' })).result as {
      elementId: string;
      tagName: string;
    };
    expect(confirm.tagName).toBe('button');
    expect((await client.send('Element.getDOMProperties', { pageId, elementId: confirm.elementId, names: ['innerText'] })).result).toEqual({
      properties: ['确认'],
    });
    expect(
      (await client.send('Element.getAttributes', { pageId, elementId: confirm.elementId, names: ['data-kind', 'nope'] })).result,
    ).toEqual({ attributes: ['confirm', null] });

    expect((await client.send('Element.tap', { pageId, elementId: confirm.elementId })).result).toEqual({});
    await host.control.whenIdle();
    const data = (await client.send('Page.getData', { pageId, path: 'response' })).result as { data: Record<string, unknown> };
    expect(data.data).toEqual({
      status: 418,
      errMsg: 'request:ok',
      data: { referer: 'https://servicewechat.com/wxfixture/devtools/page-frame.html', path: '/echo?x=1' },
    });
    expect((await client.send('Page.getData', { pageId, path: 'confirmDataset' })).result).toEqual({
      data: { kind: 'confirm', itemIndex: 7 },
    });

    const back = (await client.send('Page.getElement', { pageId, selector: '#back' })).result as { elementId: string };
    await client.send('Element.tap', { pageId, elementId: back.elementId });
    expect(await host.control.nextAppReturn()).toMatchObject({
      via: 'navigateBackApplication',
      extMsg: 'code=200&message=授权成功&ticket=abc_DEF-123',
    });

    const thrown = await client.send('Page.callMethod', { pageId, method: 'nope' });
    expect(thrown.error).toEqual({ message: 'page.nope not exists' });
    expect(await client.send('Element.tap', { pageId: 999, elementId: '1' })).toMatchObject({ error: { message: 'page destroyed' } });
    client.close();
  });

  it('mocks wx methods with DevTools semantics and restores them', async () => {
    const client = await RawClient.open(host.wsEndpoint);
    await client.send('App.mockWxMethod', { method: 'login', result: { errMsg: 'login:fail mocked' } });
    expect((await client.send('App.callWxMethod', { method: 'login', args: [{}] })).error).toEqual({ message: 'mocked' });
    await client.send('App.mockWxMethod', {
      method: 'getSystemInfoSync',
      functionDeclaration: 'function (extra) { return { platform: "mocked-" + extra, had: typeof this.origin } }',
      args: ['x'],
    });
    expect((await client.send('App.callWxMethod', { method: 'getSystemInfoSync', args: [] })).result).toEqual({
      result: { platform: 'mocked-x', had: 'function' },
    });
    await client.send('App.mockWxMethod', { method: 'getSystemInfoSync' });
    await client.send('App.mockWxMethod', { method: 'login' });
    expect(
      ((await client.send('App.callWxMethod', { method: 'getSystemInfoSync', args: [] })).result as { result: { platform: string } }).result
        .platform,
    ).toBe('devtools');
    expect((await client.send('App.mockWxMethod', { method: 'onNeedPrivacyAuthorization', result: 1 })).error).toEqual({
      message: "You can't mock wx.onNeedPrivacyAuthorization",
    });
    client.close();
  });
});

describe('the unmodified miniprogram-automator client', () => {
  it('drives the fixture: reLaunch, data, tap, phone sheet, events, evaluate, bindings, close', async () => {
    host.control.reset();
    host.control.setUser({ phone: 'deny' });
    const miniProgram = await automator.connect({ wsEndpoint: host.wsEndpoint });
    const exceptions: unknown[] = [];
    miniProgram.on('exception', (e: unknown) => exceptions.push(e));
    const page = await changeRoute(miniProgram, 'reLaunch', '/routers/explore/index?userPoolId=x&getPhone=1&fromApp=1&useSelfWxapp=0');
    expect(page.path).toBe('routers/explore/index');
    expect(await page?.data('scene')).toBe(1069);
    // changeRoute returns once the page is current; its buttons show when wx.login has answered.
    await host.control.whenIdle();
    const phoneButton = await page.$('#phone');
    expect(phoneButton, 'the #phone button once the page is ready').not.toBeNull();
    await phoneButton!.tap();
    await host.control.whenIdle();
    expect(await page?.data('phoneDetail')).toEqual({ errMsg: 'getPhoneNumber:fail user deny' });

    const reports: unknown[][] = [];
    await miniProgram.exposeFunction('report', (...args: unknown[]) => reports.push(args));
    // Runs in the mini-program's global (where `report`, getApp and getCurrentPages exist), sent as source.
    const result = await miniProgram.evaluate(
      `function (a) {
      report('pages', getCurrentPages().length + a);
      return getApp().globalData.launches;
    }`,
      1,
    );
    expect(result).toBe(1);
    await host.control.whenIdle();
    expect(reports).toEqual([['pages', 2]]);

    await page?.callMethod('onConfirm', { currentTarget: { dataset: { via: 'callMethod' } } });
    expect(await page?.data('confirmDataset')).toEqual({ via: 'callMethod' });
    // A tap on an element without handlers bubbles to the list's bindtap, with the element as target.
    await (await page?.$('.free'))?.trigger('tap', {});
    expect(await page?.data('listTapTarget')).toEqual({});
    await page?.setData({ error: 'shown' });
    expect(await (await page?.$('#error-message'))?.text()).toBe('shown');
    // A throwing page method is the caller's error, not an App.exceptionThrown.
    await expect(page?.callMethod('boom')).rejects.toThrow(/null/);
    await host.control.whenIdle();
    await miniProgram.close();
    expect(exceptions).toEqual([]);
  }, 15_000);
});
