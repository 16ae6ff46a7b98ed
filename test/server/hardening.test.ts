import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { routes } from '../../miniprogram/contract/api.ts';
import { ProductionWechatError, startService } from '../../server/index.ts';
import { SANDBOX_HEADER, SandboxInProductionError, startSandbox } from '../../server/sandbox/index.ts';
import { createLogger } from '../../server/http/logger.ts';
import { WechatClient } from '../../server/wechat/client.ts';
import { WechatUnavailableError } from '../../server/wechat/errors.ts';
import { systemClock } from '../../server/clock.ts';
import { generateDataKey } from '../../server/secret-box.ts';
import { HOSTED, OWN, loginTicket, startStack } from './helpers.ts';
import type { Stack } from './helpers.ts';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

describe('logs', () => {
  it('carry request ids but never a secret, AppSecret, data key, ticket, code, session key or phone in clear', async () => {
    let logs = '';
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logs += String(chunk);
        done();
      },
    });
    const dataKey = generateDataKey('logs');
    stack = await startStack('embedded', {
      logger: { level: 'debug', stream: sink },
      dataKeys: [dataKey],
      pool: { appid: OWN.appid, appSecret: OWN.secret },
    });
    const person = stack.person('15912345678');
    const phone = person.phoneDetail();
    const loginCode = person.loginCode();
    const ticket = await loginTicket(stack, person, { kind: 'code', code: phone.code });
    await stack.post(`/oauth/app2wxapp/auth/${stack.poolId}?ticket=${ticket}&secret=${stack.secret}`, { ticket, secret: stack.secret });
    await stack.post(routes.issueTicket(stack.poolId), {
      loginCode,
      useSelfWxapp: false,
      phone: { kind: 'encrypted', encryptedData: phone.encryptedData, iv: phone.iv },
    });
    const ownIdentify = await stack.post(routes.identify(stack.poolId), { loginCode: person.loginCode(OWN.appid), useSelfWxapp: true });
    const ownPhone = person.phoneDetail(OWN.appid);
    const ownIssue = await stack.post(routes.issueTicket(stack.poolId), {
      sessionId: ownIdentify.body.data!.sessionId,
      useSelfWxapp: true,
      phone: { kind: 'encrypted', encryptedData: ownPhone.encryptedData, iv: ownPhone.iv },
    });
    expect(ownIssue.status).toBe(200);
    expect(logs).toContain('"reqId"');
    // One access line per request, written when it completes, with the request and its status in it.
    const lines = logs
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { msg: string; req?: { url: string }; res?: { statusCode: number } });
    expect(lines.filter((line) => line.msg === 'incoming request')).toEqual([]);
    const completed = lines.filter((line) => line.msg === 'request completed');
    // The audit's /openapi.json, then the test's six requests: each one line, none twice.
    const pool = `/api/v1/pools/${stack.poolId}`;
    expect(completed.map((line) => line.req?.url)).toEqual([
      '/openapi.json',
      `${pool}/sessions`,
      `${pool}/tickets`,
      `/oauth/app2wxapp/auth/${stack.poolId}?ticket=[Redacted]&secret=[Redacted]`,
      `${pool}/tickets`,
      `${pool}/sessions`,
      `${pool}/tickets`,
    ]);
    // The second issue reuses a spent wx.login code: its line says 422, as its answer did.
    expect(completed.map((line) => line.res?.statusCode)).toEqual([200, 200, 200, 200, 422, 200, 200]);
  });
});

describe('log redaction', () => {
  const logged = (fields: object) => {
    let line = '';
    const sink = new Writable({
      write(chunk, _encoding, done) {
        line += String(chunk);
        done();
      },
    });
    createLogger({ stream: sink }).info(fields, 'x');
    return JSON.parse(line) as Record<string, unknown>;
  };

  it("hides WeChat codes and phone proofs but keeps an error's code", () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(logged({ err: refused })).toMatchObject({ err: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:5432' } });
    expect(logged({ err: Object.assign(new Error('duplicate key'), { code: '23505' }) })).toMatchObject({ err: { code: '23505' } });
    expect(
      logged({
        code: 'wx-code',
        loginCode: 'wx-login',
        query: { js_code: 'jc', access_token: 't' },
        body: { phone: { kind: 'code', code: 'pc' } },
      }),
    ).toMatchObject({
      code: '[Redacted]',
      loginCode: '[Redacted]',
      query: { js_code: '[Redacted]', access_token: '[Redacted]' },
      body: { phone: '[Redacted]' },
    });
  });
});

describe('production guard', () => {
  it('refuses to start a production service against anything but api.weixin.qq.com', async () => {
    await expect(
      startService({ port: 0, wechatBaseUrl: 'http://127.0.0.1:8788', hostedApp: HOSTED, production: true, logger: false }),
    ).rejects.toThrow(ProductionWechatError);
  });

  it('refuses to start the sandbox with NODE_ENV=production', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    try {
      await expect(startSandbox()).rejects.toThrow(SandboxInProductionError);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('a production WeChat client refuses any answer marked by the sandbox', async () => {
    const sandbox = await startSandbox({ apps: [HOSTED] });
    try {
      const client = new WechatClient({
        baseUrl: sandbox.url,
        timeoutMs: 1000,
        retries: 0,
        clock: systemClock,
        refuseHeader: SANDBOX_HEADER,
      });
      const code = sandbox.state.mintLoginCode(HOSTED.appid, sandbox.state.createUser().userId);
      await expect(client.code2Session(HOSTED, code)).rejects.toThrow(WechatUnavailableError);
    } finally {
      await sandbox.close();
    }
  });
});

describe('graceful close', () => {
  it('finishes a request in flight, reports not ready meanwhile, then stops', async () => {
    stack = await startStack('embedded');
    stack.sandbox.faults.add({ api: 'jscode2session', kind: 'delay', delayMs: 300, times: 1 });
    const before = stack.sandbox.faults.callsTo('jscode2session');
    const inFlight = stack.post(routes.identify(stack.poolId), { loginCode: stack.person().loginCode(), useSelfWxapp: false });
    await vi.waitFor(() => expect(stack!.sandbox.faults.callsTo('jscode2session')).toBe(before + 1), { timeout: 15_000 });
    const closing = stack.service.close();
    const ready = await stack.service.app.inject({ method: 'GET', url: '/readyz' });
    expect({ status: ready.statusCode, body: ready.json() }).toMatchObject({ status: 503, body: { code: 503, error: 'draining' } });
    expect((await inFlight).status).toBe(200);
    await closing;
    await expect(fetch(`${stack.service.url}/healthz`)).rejects.toThrow();
  });

  it('reports not ready while the store does not answer, and ready again when it does', async () => {
    stack = await startStack('embedded');
    const readyz = async () => {
      const response = await fetch(`${stack!.service.url}/readyz`);
      return { status: response.status, body: (await response.json()) as unknown };
    };
    vi.spyOn(stack.store, 'ping').mockRejectedValueOnce(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
    expect(await readyz()).toMatchObject({ status: 503, body: { code: 503, error: 'store_unavailable' } });
    expect(await readyz()).toEqual({ status: 200, body: { status: 'ready', store: 'embedded' } });
  });
});
