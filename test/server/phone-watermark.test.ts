/**
 * getuserphonenumber answers carry a watermark naming the mini-program; one naming another AppID is
 * refused. The sandbox cannot produce that (its phone codes only work for their own AppID), so a
 * minimal stand-in for WeChat answers here.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../miniprogram/contract/api.ts';
import { systemClock } from '../../server/clock.ts';
import { startService } from '../../server/index.ts';
import type { Service } from '../../server/index.ts';
import { WechatClient } from '../../server/wechat/client.ts';
import { PhoneWatermarkError } from '../../server/wechat/errors.ts';
import { HOSTED, OWN, freshStore } from './helpers.ts';
import { auditResponsesOf } from '../support/openapi-audit.ts';
import type { FreshStore } from './helpers.ts';

let watermarkAppid = OWN.appid;
const wechat = createServer((request, response) => {
  const path = (request.url ?? '').split('?')[0];
  const answers: Record<string, object> = {
    '/sns/jscode2session': { openid: 'o-watermark', session_key: Buffer.alloc(16, 1).toString('base64') },
    '/cgi-bin/stable_token': { access_token: 'token', expires_in: 7200 },
    '/wxa/business/getuserphonenumber': {
      errcode: 0,
      errmsg: 'ok',
      phone_info: {
        phoneNumber: '13800000000',
        purePhoneNumber: '13800000000',
        countryCode: '86',
        watermark: { appid: watermarkAppid, timestamp: 1 },
      },
    },
  };
  request.resume();
  response.setHeader('content-type', 'application/json');
  response.end(JSON.stringify(answers[path ?? ''] ?? { errcode: 40001, errmsg: 'unexpected' }));
});
let baseUrl: string;
beforeAll(async () => {
  await new Promise<void>((resolve) => wechat.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(wechat.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => wechat.close(() => resolve())));

describe('the phone watermark', () => {
  it('the client refuses a phone watermarked for another AppID and takes its own', async () => {
    const client = new WechatClient({ baseUrl, timeoutMs: 1000, retries: 0, clock: systemClock });
    watermarkAppid = OWN.appid;
    await expect(client.getPhoneNumber(HOSTED, 'code')).rejects.toThrow(PhoneWatermarkError);
    await expect(client.getPhoneNumber(HOSTED, 'code')).rejects.toThrow(`watermarked for ${OWN.appid}, not ${HOSTED.appid}`);
    watermarkAppid = HOSTED.appid;
    expect(await client.getPhoneNumber(HOSTED, 'code')).toEqual({ number: '13800000000', countryCode: '86' });
  });

  describe('through the service', () => {
    let fresh: FreshStore;
    let service: Service;
    beforeAll(async () => {
      fresh = await freshStore('embedded');
      service = await startService({ port: 0, wechatBaseUrl: baseUrl, hostedApp: HOSTED, store: fresh.store, logger: false });
      await auditResponsesOf(service.url);
    });
    afterAll(async () => {
      await service.close();
      await fresh.dispose();
    });

    it('answers 422 phone_proof_invalid and creates no account', async () => {
      watermarkAppid = OWN.appid;
      const { poolId } = await service.pools.create({ name: 'Watermark' });
      const response = await fetch(`${service.url}${routes.issueTicket(poolId)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ loginCode: 'login', useSelfWxapp: false, phone: { kind: 'code', code: 'phone' } }),
      });
      expect(response.status).toBe(422);
      expect(await response.json()).toEqual({
        code: 422,
        error: 'phone_proof_invalid',
        message: 'phone.code: watermark appid does not match',
      });
      expect(await fresh.store.countAccounts(poolId)).toBe(0);
    });
  });
});
