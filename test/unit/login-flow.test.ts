import { describe, expect, it } from 'vitest';
import { APP_QUERY, POOL, harness, offline, ok, profile, refused, ticketResponse } from './support/flow-harness';
import type { ServiceErrorReason } from '../../miniprogram/contract/reasons';

const SUCCESS = `code=200&message=授权成功&ticket=${ticketResponse.ticket}`;
const noPhone = { ...APP_QUERY, getPhone: '0' };
const phoneAllowed = { errMsg: 'getPhoneNumber:ok', code: 'phone-code', encryptedData: 'ENC', iv: 'IV' };

describe('login flow: success', () => {
  it('without phone: one plain confirm, one ticket request, back to the app', async () => {
    const h = harness();
    await h.start(noPhone);
    expect(h.flow.state.view).toBe('ready');
    expect(h.states[0].view).toBe('loading'); // the first frame does not wait for the network
    await h.flow.confirm();
    expect(h.issued).toEqual([{ sessionId: 'session-1', useSelfWxapp: false, phone: { kind: 'none' } }]);
    expect(h.returned).toEqual([SUCCESS]);
    expect(h.flow.state.view).toBe('returned');
  });

  it('with phone, new code flow: the code and the legacy fields are forwarded', async () => {
    const h = harness();
    await h.start();
    await h.flow.confirm(); // no verified phone known: the plain confirm does nothing
    expect(h.issued).toHaveLength(0);
    await h.flow.phoneResult(phoneAllowed);
    expect(h.issued).toEqual([
      { sessionId: 'session-1', useSelfWxapp: false, phone: { kind: 'code', code: 'phone-code', encryptedData: 'ENC', iv: 'IV' } },
    ]);
    expect(h.returned).toEqual([SUCCESS]);
  });

  it('with phone on an old client: encryptedData and iv only', async () => {
    const h = harness();
    await h.start();
    await h.flow.phoneResult({ errMsg: 'getPhoneNumber:ok', encryptedData: 'ENC', iv: 'IV' });
    expect(h.issued[0].phone).toEqual({ kind: 'encrypted', encryptedData: 'ENC', iv: 'IV' });
  });

  it('known verified phone: confirmed without the phone sheet', async () => {
    const h = harness({ identify: [ok({ sessionId: 's', expiresIn: 300, knownPhone: '176****6754', registered: true })] });
    await h.start();
    expect(h.flow.state.knownPhone).toBe('176****6754');
    await h.flow.confirm();
    expect(h.issued[0]).toEqual({ sessionId: 's', useSelfWxapp: false, phone: { kind: 'known' } });
    expect(h.returned).toEqual([SUCCESS]);
  });

  it('known phone, "use another number": the phone button still works', async () => {
    const h = harness({ identify: [ok({ sessionId: 's', expiresIn: 300, knownPhone: '176****6754', registered: true })] });
    await h.start();
    await h.flow.phoneResult(phoneAllowed);
    expect(h.issued[0].phone.kind).toBe('code');
  });

  it('a known phone the service no longer has falls back to the phone button', async () => {
    const h = harness({
      identify: [ok({ sessionId: 's', expiresIn: 300, knownPhone: '176****6754', registered: true })],
      issue: [refused(409, 'no_known_phone'), ok(ticketResponse)],
    });
    await h.start();
    await h.flow.confirm();
    expect(h.flow.state).toMatchObject({ view: 'ready', knownPhone: null, notice: '请使用手机号授权' });
    expect(h.returned).toEqual([]);
  });

  it('own mini-program: useSelfWxapp travels with identify and issue', async () => {
    const h = harness();
    await h.start({ ...noPhone, useSelfWxapp: '1' });
    await h.flow.confirm();
    expect(h.issued[0].useSelfWxapp).toBe(true);
  });

  it('try-it mode shows the result on the page instead of returning', async () => {
    const h = harness();
    await h.start({ scene: POOL }, 1047);
    await h.flow.phoneResult(phoneAllowed);
    expect(h.returned).toEqual([]);
    expect(h.flow.state.view).toBe('done');
    expect(h.flow.state.result).toEqual({ maskedPhone: '176****6754', expiresAt: ticketResponse.expiresAt, expiresIn: 120, newUser: true });
  });
});

describe('login flow: the session', () => {
  it('renews a session that lapsed while the user hesitated, still in one request', async () => {
    const h = harness();
    await h.start(noPhone);
    h.advance(5 * 60_000);
    await h.flow.confirm();
    expect(h.logins).toBe(2);
    expect(h.issued).toEqual([{ loginCode: 'login-code-2', useSelfWxapp: false, phone: { kind: 'none' } }]);
    expect(h.returned).toEqual([SUCCESS]);
  });

  it('when the service says the session lapsed, logs in again and retries once', async () => {
    const h = harness({ issue: [refused(401, 'session_expired'), ok(ticketResponse)] });
    await h.start(noPhone);
    await h.flow.confirm();
    expect(h.issued.map((r) => (r.sessionId ? 'session' : 'login'))).toEqual(['session', 'login']);
    expect(h.returned).toEqual([SUCCESS]);
  });

  it('does not loop when the renewed login is refused too', async () => {
    const h = harness({ issue: [refused(401, 'login_code_invalid')] });
    await h.start(noPhone);
    await h.flow.confirm();
    expect(h.issued).toHaveLength(2);
    expect(h.flow.state.view).toBe('failed');
  });
});

describe('login flow: the user says no', () => {
  it('denying the phone sheet offers a retry first, then cancel returns 400', async () => {
    const h = harness();
    await h.start();
    await h.flow.phoneResult({ errMsg: 'getPhoneNumber:fail user deny' });
    expect(h.flow.state.view).toBe('denied');
    expect(h.returned).toEqual([]);
    await h.flow.phoneResult(phoneAllowed); // tapped again and allowed
    expect(h.returned).toEqual([SUCCESS]);
  });

  it('cancel after a denial returns 用户取消授权', async () => {
    const h = harness();
    await h.start();
    await h.flow.phoneResult({ errMsg: 'getPhoneNumber:fail:user deny' });
    await h.flow.cancel();
    expect(h.returned).toEqual(['code=400&message=用户取消授权']);
  });

  it('privacy agreement needed up front: the page asks first, then the buttons', async () => {
    const h = harness({ privacyNeeded: true });
    await h.start();
    expect(h.flow.state.view).toBe('privacy');
    h.flow.agreePrivacy();
    expect(h.flow.state.view).toBe('ready');
  });

  it('privacy requested by WeChat: agree lets the held call proceed', async () => {
    const h = harness();
    await h.start();
    const decisions: boolean[] = [];
    h.flow.privacyRequested((agreed) => decisions.push(agreed));
    expect(h.flow.state.view).toBe('privacy');
    h.flow.agreePrivacy();
    expect(decisions).toEqual([true]);
  });

  it('privacy refused: WeChat is told no, the user can retry, cancel returns 400', async () => {
    const h = harness();
    await h.start();
    const decisions: boolean[] = [];
    h.flow.privacyRequested((agreed) => decisions.push(agreed));
    h.flow.disagreePrivacy();
    expect(decisions).toEqual([false]);
    expect(h.flow.state.view).toBe('denied');
    await h.flow.retry();
    expect(h.flow.state.view).toBe('ready');
    await h.flow.phoneResult({ errMsg: 'getPhoneNumber:fail privacy permission is not authorized', errno: 104 });
    expect(h.flow.state.view).toBe('denied');
    await h.flow.cancel();
    expect(h.returned).toEqual(['code=400&message=用户取消授权']);
  });

  it('cancel on the first screen returns 400 and releases a held privacy call', async () => {
    const h = harness();
    await h.start();
    const decisions: boolean[] = [];
    h.flow.privacyRequested((agreed) => decisions.push(agreed));
    await h.flow.cancel();
    expect(decisions).toEqual([false]);
    expect(h.returned).toEqual(['code=400&message=用户取消授权']);
  });
});

describe('login flow: failures map to the code table', () => {
  const cases: [ServiceErrorReason, number, string, boolean][] = [
    ['pool_not_found', 404, 'code=404&message=用户池不存在', false],
    ['login_only', 403, 'code=403&message=账号不存在', false],
    ['account_blocked', 403, 'code=403&message=账号已被禁用', false],
    ['wrong_wxapp', 403, 'code=403&message=小程序不匹配', false],
    ['self_wxapp_unavailable', 403, 'code=403&message=未配置自有小程序', false],
    ['rate_limited', 429, 'code=429&message=请求过于频繁', true],
    ['wechat_unavailable', 503, 'code=503&message=网络异常', true],
    ['internal', 500, 'code=500&message=服务异常', true],
    ['invalid_request', 422, 'code=500&message=服务异常', true],
  ];

  it.each(cases)('issue refused with %s → %s', async (reason, status, extMsg, retryable) => {
    const h = harness({ issue: [refused(status, reason)] });
    await h.start(noPhone);
    await h.flow.confirm();
    expect(h.flow.state.view).toBe('failed');
    expect(h.flow.state.failure?.retry !== null).toBe(retryable);
    await h.flow.cancel();
    expect(h.returned).toEqual([extMsg]);
  });

  it('unknown pool at load: a clear message, no retry, 404 on leaving', async () => {
    const h = harness({ profile: [refused(404, 'pool_not_found')] });
    await h.start();
    expect(h.flow.state).toMatchObject({ view: 'failed', failure: { text: '用户池不存在，请联系 App 开发者', retry: null } });
    await h.flow.cancel();
    expect(h.returned).toEqual(['code=404&message=用户池不存在']);
  });

  it('network failure at load: retry reloads and then succeeds', async () => {
    const h = harness({ profile: [offline, ok(profile)] });
    await h.start();
    expect(h.flow.state).toMatchObject({ view: 'failed', failure: { retry: 'reload' } });
    await h.flow.retry();
    expect(h.flow.state.view).toBe('ready');
    expect(h.logins).toBe(2);
  });

  it('wx.login failing is a network failure with retry', async () => {
    const h = harness({ login: [{ ok: false, errMsg: 'login:fail timeout' }] });
    await h.start();
    expect(h.flow.state.failure?.extMsg).toEqual({ code: 503 });
  });

  it('network failure on the ticket request: retry goes back to the buttons', async () => {
    const h = harness({ issue: [offline, ok(ticketResponse)] });
    await h.start(noPhone);
    await h.flow.confirm();
    expect(h.flow.state.view).toBe('failed');
    await h.flow.retry();
    expect(h.flow.state.view).toBe('ready');
    await h.flow.confirm();
    expect(h.returned).toEqual([SUCCESS]);
  });

  it('a refused phone proof asks for the phone again', async () => {
    const h = harness({ issue: [refused(422, 'phone_proof_invalid')] });
    await h.start();
    await h.flow.phoneResult(phoneAllowed);
    expect(h.flow.state.failure).toMatchObject({ retry: 'again' });
  });

  it('bad launch parameters: 422 naming the parameter, no service call', async () => {
    const h = harness();
    await h.start({ userPoolId: POOL, fromApp: '1' });
    expect(h.flow.state).toMatchObject({ view: 'failed', fromApp: true });
    expect(h.identified).toEqual([]);
    await h.flow.cancel();
    expect(h.returned).toEqual(['code=422&message=参数错误：useSelfWxapp']);
  });
});

describe('login flow: returning to the app', () => {
  it('navigateBackApplication failing shows the launchApp fallback carrying the same extMsg', async () => {
    const h = harness({ navigateBack: false });
    await h.start(noPhone);
    await h.flow.confirm();
    expect(h.flow.state).toMatchObject({ view: 'fallback', extMsg: SUCCESS });
    h.flow.launchAppResult(false);
    expect(h.flow.state.notice).not.toBe('');
    h.flow.launchAppResult(true);
    expect(h.flow.state.view).toBe('returned');
  });

  it('cancel while loading: the app gets 400 and the late answers change nothing', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const h = harness({ profile: [async () => (await gate, ok(profile))] });
    const started = h.start();
    await Promise.resolve();
    await h.flow.cancel();
    release();
    await started;
    expect(h.returned).toEqual(['code=400&message=用户取消授权']);
    expect(h.flow.state.view).toBe('returned');
  });

  it('no double submit: a second tap while the request is in flight is ignored', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const h = harness({ issue: [async () => (await gate, ok(ticketResponse))] });
    await h.start(noPhone);
    const first = h.flow.confirm();
    await Promise.resolve();
    await h.flow.confirm();
    await h.flow.phoneResult(phoneAllowed);
    release();
    await first;
    expect(h.issued).toHaveLength(1);
    expect(h.returned).toEqual([SUCCESS]);
  });
});

describe('login flow: tickets bound to the launching app (PKCE)', () => {
  const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
  const bound = { ...noPhone, codeChallenge: CHALLENGE };

  it('forwards the launch’s codeChallenge with the ticket request, on the session and after a renewal', async () => {
    const h = harness({ issue: [refused(401, 'session_expired'), ok(ticketResponse)] });
    await h.start(bound);
    await h.flow.confirm();
    expect(h.issued).toEqual([
      { sessionId: 'session-1', useSelfWxapp: false, phone: { kind: 'none' }, codeChallenge: CHALLENGE },
      { loginCode: 'login-code-2', useSelfWxapp: false, phone: { kind: 'none' }, codeChallenge: CHALLENGE },
    ]);
    expect(h.returned).toEqual([SUCCESS]);
  });

  it('sends no codeChallenge when the launch has none', async () => {
    const h = harness();
    await h.start(noPhone);
    await h.flow.confirm();
    expect(h.issued[0]).not.toHaveProperty('codeChallenge');
  });

  it('stops before any tap when the pool requires a challenge and the launch has none, telling the app which parameter', async () => {
    const h = harness({ profile: [ok({ ...profile, requireCodeChallenge: true })] });
    await h.start(noPhone);
    expect(h.flow.state.view).toBe('failed');
    expect(h.flow.state.failure?.retry).toBeNull();
    expect(h.flow.state.extMsg).toBe('code=422&message=参数错误：codeChallenge');
    await h.flow.confirm();
    expect(h.issued).toHaveLength(0);
  });

  it('goes on when the pool requires a challenge and the launch has one', async () => {
    const h = harness({ profile: [ok({ ...profile, requireCodeChallenge: true })] });
    await h.start(bound);
    await h.flow.confirm();
    expect(h.returned).toEqual([SUCCESS]);
  });

  it('maps the service’s code_challenge_required (a pool changed meanwhile) to the same 422', async () => {
    const h = harness({ issue: [refused(422, 'code_challenge_required')] });
    await h.start(noPhone);
    await h.flow.confirm();
    expect(h.flow.state.extMsg).toBe('code=422&message=参数错误：codeChallenge');
  });

  it('refuses a launch whose codeChallenge is not an S256 challenge, naming it', async () => {
    const h = harness();
    await h.start({ ...noPhone, codeChallenge: 'plain-verifier-not-a-challenge' });
    expect(h.identified).toHaveLength(0);
    await h.flow.cancel();
    expect(h.returned).toEqual(['code=422&message=参数错误：codeChallenge']);
  });
});
