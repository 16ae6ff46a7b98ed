import type { FastifyInstance, FastifyReply } from 'fastify';
import { wechatError } from './errors.ts';
import type { FaultTable } from './faults.ts';
import type { FaultApi } from './faults.ts';
import type { SandboxState } from './state.ts';
import { drawWxaCode, encodePng, wxaCodeText } from './wxacode-image.ts';

type Api = Exclude<FaultApi, '*'>;

interface Pending {
  hold(): Promise<never>;
}

/** The api.weixin.qq.com endpoints the service uses, with WeChat's own error bodies (HTTP 200). */
export function registerWechatRoutes(app: FastifyInstance, state: SandboxState, faults: FaultTable, pending: Pending): void {
  /** Applies a configured fault; returns true when the fault already answered. */
  async function injectFault(api: Api, reply: FastifyReply): Promise<boolean> {
    const fault = faults.take(api);
    if (!fault) return false;
    switch (fault.kind) {
      case 'delay':
        await new Promise((resolve) => setTimeout(resolve, fault.delayMs ?? 1000));
        return false;
      case 'timeout':
        return pending.hold();
      case 'system_error':
        await reply.send(wechatError('systemError'));
        return true;
      case 'rate_limit':
        await reply.send(wechatError('minuteQuota'));
        return true;
      case 'malformed':
        await reply.type('application/json').send('{"errcode":0,"session_key":');
        return true;
    }
  }

  const bodyObject = (body: unknown): Record<string, unknown> | null =>
    typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
  const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

  app.get('/sns/jscode2session', async (request, reply) => {
    if (await injectFault('jscode2session', reply)) return reply;
    const q = request.query as Record<string, string | undefined>;
    if (!q.appid) return wechatError('appidMissing');
    if (q.grant_type !== 'authorization_code') return wechatError('invalidGrantType');
    if (!q.js_code) return wechatError('invalidCode');
    const result = state.code2Session(q.appid, q.secret ?? '', q.js_code);
    return result.ok ? result.value : wechatError(result.error);
  });

  app.get('/cgi-bin/token', async (request, reply) => {
    if (await injectFault('token', reply)) return reply;
    const q = request.query as Record<string, string | undefined>;
    if (!q.appid) return wechatError('appidMissing');
    if (q.grant_type !== 'client_credential') return wechatError('invalidGrantType');
    const result = state.plainToken(q.appid, q.secret ?? '');
    return result.ok ? result.value : wechatError(result.error);
  });

  app.all('/cgi-bin/stable_token', async (request, reply) => {
    if (request.method !== 'POST') return wechatError('requirePost');
    if (await injectFault('stable_token', reply)) return reply;
    const body = bodyObject(request.body);
    const appid = text(body?.appid);
    if (!body || !appid) return wechatError('appidMissing');
    if (body.grant_type !== 'client_credential') return wechatError('invalidGrantType');
    const result = state.stableToken(appid, text(body.secret) ?? '', body.force_refresh === true);
    return result.ok ? result.value : wechatError(result.error);
  });

  app.all('/wxa/business/getuserphonenumber', async (request, reply) => {
    if (request.method !== 'POST') return wechatError('requirePost');
    if (await injectFault('getuserphonenumber', reply)) return reply;
    const token = state.checkToken((request.query as Record<string, string | undefined>).access_token);
    if (!token.ok) return wechatError(token.error);
    const body = bodyObject(request.body);
    if (!body) return wechatError('dataFormatError');
    const code = text(body.code);
    if (!code) return wechatError('invalidCode');
    const result = state.phoneNumber(token.value.appid, code);
    return result.ok ? { errcode: 0, errmsg: 'ok', phone_info: result.value } : wechatError(result.error);
  });

  app.all('/wxa/getwxacodeunlimit', async (request, reply) => {
    if (request.method !== 'POST') return wechatError('requirePost');
    if (await injectFault('getwxacodeunlimit', reply)) return reply;
    const token = state.checkToken((request.query as Record<string, string | undefined>).access_token);
    if (!token.ok) return wechatError(token.error);
    const body = bodyObject(request.body);
    if (!body) return wechatError('dataFormatError');
    const scene = body.scene;
    if (typeof scene !== 'string' || scene.length === 0 || scene.length > 32 || !/^[\x21-\x7e]+$/.test(scene)) {
      return wechatError('invalidScene');
    }
    const page = body.page ?? '';
    if (typeof page !== 'string' || page.startsWith('/')) return wechatError('invalidPage');
    const raster = drawWxaCode(wxaCodeText(token.value.appid, page, scene), typeof body.width === 'number' ? body.width : undefined);
    return reply.type('image/png').send(encodePng(raster));
  });
}
