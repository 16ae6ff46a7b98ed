/** The environment switch between the headless host and real WeChat DevTools (docs/e2e.md). */
import { describe, expect, it } from 'vitest';
import { E2eTargetError, parseE2eTarget } from './support/e2e-target.ts';

const REAL = {
  XDL_E2E_WS_ENDPOINT: 'ws://127.0.0.1:9420',
  XDL_E2E_SERVICE_URL: 'http://127.0.0.1:8787',
  XDL_E2E_APPID: 'wx5e2c0d1f3a4b6c7d',
};

describe('parseE2eTarget', () => {
  it('nothing set (or blank): the headless host', () => {
    expect(parseE2eTarget({})).toEqual({ kind: 'headless-host' });
    expect(parseE2eTarget({ XDL_E2E_WS_ENDPOINT: '  ' })).toEqual({ kind: 'headless-host' });
  });

  it('endpoint, service and appid: real DevTools, service on that port, sandbox on a free one', () => {
    expect(parseE2eTarget(REAL)).toEqual({
      kind: 'devtools',
      wsEndpoint: 'ws://127.0.0.1:9420',
      service: { host: '127.0.0.1', port: 8787, origin: 'http://127.0.0.1:8787' },
      sandbox: null,
      appid: 'wx5e2c0d1f3a4b6c7d',
    });
  });

  it('a sandbox address is used as given; localhost listens on 127.0.0.1 but keeps its spelling', () => {
    const target = parseE2eTarget({ ...REAL, XDL_E2E_SANDBOX_URL: 'http://localhost:8790/' });
    expect(target.kind === 'devtools' && target.sandbox).toEqual({ host: '127.0.0.1', port: 8790, origin: 'http://localhost:8790' });
  });

  it.each([
    [{ XDL_E2E_SERVICE_URL: 'http://127.0.0.1:8787' }, /only apply with XDL_E2E_WS_ENDPOINT/],
    [{ ...REAL, XDL_E2E_SERVICE_URL: undefined }, /needs XDL_E2E_SERVICE_URL/],
    [{ ...REAL, XDL_E2E_APPID: '' }, /needs XDL_E2E_APPID/],
    [{ ...REAL, XDL_E2E_APPID: 'touristappid' }, /XDL_E2E_APPID must look like wx/],
    [{ ...REAL, XDL_E2E_WS_ENDPOINT: 'http://127.0.0.1:9420' }, /must be a ws:\/\/ URL/],
    [{ ...REAL, XDL_E2E_WS_ENDPOINT: '9420' }, /XDL_E2E_WS_ENDPOINT must be a URL/],
    [{ ...REAL, XDL_E2E_SERVICE_URL: 'https://login.example.com:443' }, /http:\/\/ URL/],
    [{ ...REAL, XDL_E2E_SERVICE_URL: 'http://10.0.0.5:8787' }, /127.0.0.1 or localhost/],
    [{ ...REAL, XDL_E2E_SERVICE_URL: 'http://127.0.0.1' }, /explicit port/],
    [{ ...REAL, XDL_E2E_SERVICE_URL: 'http://127.0.0.1:8787/api' }, /without path/],
    [{ ...REAL, XDL_E2E_SANDBOX_URL: 'http://127.0.0.1:8787' }, /different ports/],
  ])('refuses %o', (env, message) => {
    expect(() => parseE2eTarget(env)).toThrow(E2eTargetError);
    expect(() => parseE2eTarget(env)).toThrow(message);
  });
});
