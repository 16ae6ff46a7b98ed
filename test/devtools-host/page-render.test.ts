/**
 * The parts of a screenshot that need no browser: the page's tree as WeChat's `wx-` HTML, the window
 * around it from app.json/theme.json, and the host's answer when Chromium is not there.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { buildTree, UidSource } from '../../devtools-host/wxml/vnode.ts';
import { pageBodyHtml } from '../../devtools-host/render/html.ts';
import { windowLook } from '../../devtools-host/render/window-look.ts';
import { builtinStyles } from '../../devtools-host/render/builtin-styles.ts';
import { startDevtoolsHost } from '../../devtools-host/host.ts';
import { RawClient } from './support/raw-client.ts';

const FIXTURE = new URL('../fixtures/mini-app', import.meta.url).pathname;
const scratch = mkdtempSync(path.join(os.tmpdir(), 'xdl-render-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const noImages = () => null;

describe('pageBodyHtml', () => {
  it('turns components into wx- elements with the attributes styles read, and drops bindings and data', () => {
    const tree = buildTree(
      {
        tag: 'wx-page',
        children: [
          {
            tag: 'wx-view',
            attr: { class: 'page', 'data-view': 'ready' },
            children: [
              {
                tag: 'wx-button',
                attr: { id: 'go', class: 'btn primary', type: 'primary', disabled: false, loading: true, bindtap: 'onGo' },
                children: ['去'],
              },
              { tag: 'wx-button', attr: { openType: 'getPhoneNumber', hidden: true, disabled: true }, children: ['号'] },
              { tag: 'wx-text', attr: {}, children: ['<b>&"'] },
            ],
          },
        ],
      },
      null,
      new UidSource(),
    );
    expect(pageBodyHtml(tree, noImages)).toBe(
      '<wx-view class="page">' +
        '<wx-button id="go" class="btn primary" type="primary" loading><i class="wx-button-loading"></i>去</wx-button>' +
        '<wx-button hidden disabled open-type="getPhoneNumber">号</wx-button>' +
        '<wx-text>&lt;b&gt;&amp;"</wx-text>' +
        '</wx-view>',
    );
  });

  it('inlines images from the package and never fetches remote ones', () => {
    const tree = buildTree(
      {
        tag: 'wx-page',
        children: [
          { tag: 'wx-image', attr: { src: '/logo.png', mode: 'aspectFill' } },
          { tag: 'wx-image', attr: { src: 'https://example.com/a.png' } },
        ],
      },
      null,
      new UidSource(),
    );
    const seen: string[] = [];
    const html = pageBodyHtml(tree, (src) => {
      seen.push(src);
      return src.startsWith('/') ? 'data:image/png;base64,AAAA' : null;
    });
    expect(seen).toEqual(['/logo.png', 'https://example.com/a.png']);
    expect(html).toContain('background-image:url(&quot;data:image/png;base64,AAAA&quot;);background-size:cover');
    expect(html).toContain('<wx-image></wx-image>');
  });
});

describe('windowLook', () => {
  const root = path.join(scratch, 'themed');
  mkdirSync(path.join(root, 'routes'), { recursive: true });
  writeFileSync(
    path.join(root, 'app.json'),
    JSON.stringify({
      pages: ['routes/a'],
      window: {
        navigationBarTitleText: 'App',
        navigationBarBackgroundColor: '@bar',
        navigationBarTextStyle: '@ink',
        backgroundColor: '@bg',
      },
      darkmode: true,
      themeLocation: 'theme.json',
      style: 'v2',
    }),
  );
  writeFileSync(
    path.join(root, 'theme.json'),
    JSON.stringify({ light: { bar: '#ededed', ink: 'black', bg: '#f0f0f0' }, dark: { bar: '#111111', ink: 'white', bg: '#000000' } }),
  );
  writeFileSync(path.join(root, 'routes/a.json'), JSON.stringify({ navigationBarTitleText: '页面' }));

  it("resolves @ values from theme.json's entry for the phone's theme; the page's json wins over app.json", () => {
    expect(windowLook(root, 'routes/a', 'light')).toEqual({
      title: '页面',
      barBackground: '#ededed',
      barText: 'black',
      pageBackground: '#f0f0f0',
      v2: true,
      darkmode: true,
    });
    expect(windowLook(root, 'routes/a', 'dark')).toMatchObject({ barBackground: '#111111', barText: 'white', pageBackground: '#000000' });
  });

  it("WeChat's defaults where nothing is set", () => {
    expect(windowLook(FIXTURE, 'routes/explore/index', 'dark')).toMatchObject({
      barBackground: '#000000',
      barText: 'white',
      pageBackground: '#ffffff',
      v2: false,
      darkmode: false,
    });
  });
});

describe('builtinStyles', () => {
  it('adds the v2 buttons and the dark variants only when app.json asks', () => {
    expect(builtinStyles({ v2: false, darkmode: false })).not.toMatch(/width:184px|prefers-color-scheme/);
    expect(builtinStyles({ v2: true, darkmode: true })).toMatch(/width:184px[\s\S]*prefers-color-scheme:dark/);
  });
});

describe('screenshot without Chromium', () => {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  it('fails naming what to install; the host goes on working', async () => {
    const missing = path.join(scratch, 'no-such-chromium');
    const host = await startDevtoolsHost({ projectRoot: FIXTURE, appid: 'wxfixture', chromiumPath: missing });
    closers.push(() => host.close());
    const client = await RawClient.open(host.wsEndpoint);
    closers.push(async () => client.close());

    expect(await client.send('App.captureScreenshot')).toMatchObject({
      error: { message: 'screenshot: no page is open: launch one (reLaunch) first' },
    });
    await client.call('App.callWxMethod', { method: 'reLaunch', args: [{ url: '/routes/explore/index' }] });
    await host.control.whenIdle();
    expect(await client.send('App.captureScreenshot')).toMatchObject({
      error: {
        message: `screenshot: needs Chromium, and there is none at ${missing}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH to a Chromium binary`,
      },
    });
    expect(await client.call('App.getCurrentPage')).toMatchObject({ path: 'routes/explore/index' });
  });

  it("reports the simulated user's theme as the phone's", async () => {
    const host = await startDevtoolsHost({ projectRoot: FIXTURE, appid: 'wxfixture', user: { theme: 'dark' } });
    closers.push(() => host.close());
    const client = await RawClient.open(host.wsEndpoint);
    closers.push(async () => client.close());
    const theme = async () =>
      ((await client.call('App.callWxMethod', { method: 'getSystemInfoSync', args: [] })) as { result: { theme: string } }).result.theme;
    expect(await theme()).toBe('dark');
    host.control.setUser({ theme: 'light' });
    expect(await theme()).toBe('light');
  });
});
