import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../server/clock.ts';
import { startSandbox } from '../../server/sandbox/index.ts';
import type { Sandbox } from '../../server/sandbox/index.ts';
import { decryptPhonePayload } from '../../server/wechat/phone-cipher.ts';

const APP = { appid: 'wx1111111111111111', secret: '1'.repeat(32) };
const LATE_APP = { appid: 'wx2222222222222222', secret: '2'.repeat(32) };

describe('WeChat sandbox over HTTP', () => {
  const clock = manualClock();
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ apps: [APP], clock });
  });
  afterAll(() => sandbox.close());

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${sandbox.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const code2session = (code: string, app = APP) =>
    call('GET', `/sns/jscode2session?appid=${app.appid}&secret=${app.secret}&js_code=${code}&grant_type=authorization_code`);
  const stableToken = async (app = APP, force = false) =>
    (
      await call('POST', '/cgi-bin/stable_token', {
        grant_type: 'client_credential',
        appid: app.appid,
        secret: app.secret,
        force_refresh: force,
      })
    ).body;

  it('mints login codes that work once, then 40163, and 40029 after 5 minutes or for another app', async () => {
    await call('POST', '/__sandbox/apps', LATE_APP);
    const user = (await call('POST', '/__sandbox/users', { phoneNumber: '13800000000' })).body;
    expect(user).toMatchObject({ userId: expect.any(String), unionid: expect.stringMatching(/^o/), phoneNumber: '13800000000' });
    const { openid } = (await call('GET', `/__sandbox/users/${user.userId}/openid?appid=${APP.appid}`)).body;
    const { code } = (await call('POST', '/__sandbox/login-code', { appid: APP.appid, userId: user.userId })).body as { code: string };
    const first = await code2session(code);
    expect(first.body).toEqual({ openid, session_key: expect.any(String), unionid: user.unionid });
    expect((await code2session(code)).body).toMatchObject({
      errcode: 40163,
      errmsg: expect.stringMatching(/^code been used rid: \w+-\w+-\w+$/),
    });
    const other = (await call('POST', '/__sandbox/login-code', { appid: APP.appid, userId: user.userId })).body.code as string;
    expect((await code2session(other, LATE_APP)).body).toMatchObject({ errcode: 40029 });
    const late = (await call('POST', '/__sandbox/login-code', { appid: APP.appid, userId: user.userId })).body.code as string;
    clock.advance(5 * 60_000 + 1);
    expect((await code2session(late)).body).toMatchObject({ errcode: 40029 });
    expect((await code2session('x', { ...APP, secret: '0'.repeat(32) })).body).toMatchObject({ errcode: 40125 });
    const lateOpenid = (await call('GET', `/__sandbox/users/${user.userId}/openid?appid=${LATE_APP.appid}`)).body.openid;
    expect(lateOpenid).not.toBe(openid);
  });

  it('rotates session_key per login code and encrypts the phone with the current one', async () => {
    const user = (await call('POST', '/__sandbox/users', { phoneNumber: '13900000000' })).body;
    const first = (await call('POST', '/__sandbox/login-code', { appid: APP.appid, userId: user.userId })).body.code as string;
    const second = (await call('POST', '/__sandbox/login-code', { appid: APP.appid, userId: user.userId })).body.code as string;
    const detail = (await call('POST', '/__sandbox/phone-code', { appid: APP.appid, userId: user.userId })).body as {
      code: string;
      encryptedData: string;
      iv: string;
    };
    const oldKey = (await code2session(first)).body.session_key as string;
    const currentKey = (await code2session(second)).body.session_key as string;
    expect(oldKey).toBe(currentKey); // both answers report the user's current key
    expect(decryptPhonePayload(detail.encryptedData, detail.iv, currentKey, APP.appid)).toMatchObject({
      purePhoneNumber: '13900000000',
      countryCode: '86',
      watermark: { appid: APP.appid },
    });
    const token = (await stableToken()).access_token as string;
    const phone = await call('POST', `/wxa/business/getuserphonenumber?access_token=${token}`, { code: detail.code });
    expect(phone.body).toMatchObject({
      errcode: 0,
      phone_info: { purePhoneNumber: '13900000000', countryCode: 86, watermark: { appid: APP.appid } },
    });
    expect((await call('POST', `/wxa/business/getuserphonenumber?access_token=${token}`, { code: detail.code })).body).toMatchObject({
      errcode: 40029,
    });
    const noPhone = (await call('POST', '/__sandbox/users', {})).body;
    expect((await call('POST', '/__sandbox/phone-code', { appid: APP.appid, userId: noPhone.userId })).status).toBe(409);
  });

  it('keeps one stable token until force_refresh, which invalidates the old one', async () => {
    const first = await stableToken();
    expect(first).toMatchObject({ access_token: expect.any(String), expires_in: 7200 });
    expect((await stableToken()).access_token).toBe(first.access_token);
    clock.advance(31_000);
    const forced = await stableToken(APP, true);
    expect(forced.access_token).not.toBe(first.access_token);
    expect((await call('POST', `/wxa/business/getuserphonenumber?access_token=${first.access_token}`, { code: 'x' })).body).toMatchObject({
      errcode: 40001,
    });
    clock.advance(7200_000);
    expect((await call('POST', `/wxa/business/getuserphonenumber?access_token=${forced.access_token}`, { code: 'x' })).body).toMatchObject({
      errcode: 42001,
    });
    expect((await call('GET', '/cgi-bin/stable_token')).body).toMatchObject({ errcode: 43002 });
    expect((await call('POST', '/wxa/business/getuserphonenumber', { code: 'x' })).body).toMatchObject({ errcode: 41001 });
  });

  it('cgi-bin/token issues a new token each call, in its own family', async () => {
    const get = async () => (await call('GET', `/cgi-bin/token?grant_type=client_credential&appid=${APP.appid}&secret=${APP.secret}`)).body;
    const a = await get();
    const b = await get();
    expect(a.access_token).not.toBe(b.access_token);
    expect((await call('GET', `/cgi-bin/token?grant_type=client_credential&appid=wx0&secret=x`)).body).toMatchObject({ errcode: 40013 });
  });

  it('returns a PNG 小程序码 and WeChat errors for a bad scene', async () => {
    const token = (await stableToken()).access_token as string;
    const png = await fetch(`${sandbox.url}/wxa/getwxacodeunlimit?access_token=${token}`, {
      method: 'POST',
      body: JSON.stringify({ scene: 'abc', page: 'routes/explore' }),
    });
    expect(png.headers.get('content-type')).toBe('image/png');
    expect((await call('POST', `/wxa/getwxacodeunlimit?access_token=${token}`, { scene: 'x'.repeat(33) })).body).toMatchObject({
      errcode: 40169,
    });
  });

  it('injects faults by HTTP and clears them', async () => {
    expect((await call('PUT', '/__sandbox/faults', { api: 'jscode2session', kind: 'rate_limit', times: 1 })).status).toBe(200);
    expect((await code2session('x')).body).toMatchObject({ errcode: 45011 });
    expect((await code2session('x')).body).toMatchObject({ errcode: 40029 });
    await call('PUT', '/__sandbox/faults', { api: '*', kind: 'system_error' });
    expect((await stableToken()).errcode).toBe(-1);
    await call('DELETE', '/__sandbox/faults');
    expect((await stableToken()).access_token).toEqual(expect.any(String));
    expect((await call('PUT', '/__sandbox/faults', { api: 'jscode2session', kind: 'explode' })).status).toBe(400);
    await call('PUT', '/__sandbox/faults', { api: 'jscode2session', kind: 'malformed', times: 1 });
    const malformed = await fetch(`${sandbox.url}/sns/jscode2session?appid=x`);
    const text = await malformed.text();
    expect(() => JSON.parse(text)).toThrow();
  });
});
