import { readFileSync } from 'node:fs';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../miniprogram/contract/api.ts';
import { readExchangedUser } from '../../sdk/exchanged-user.ts';
import { encryptPhonePayload } from '../../server/wechat/phone-cipher.ts';
import { randomBytes } from 'node:crypto';
import { HOSTED, OWN, STORE_KINDS, loginTicket, startStack } from './helpers.ts';
import type { Stack } from './helpers.ts';

const referer = (appid: string) => ({ referer: `https://servicewechat.com/${appid}/0/page-frame.html` });

describe.each(STORE_KINDS)('ticket service over HTTP: %s store', (kind) => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack(kind);
  });
  afterAll(() => stack.close());

  const identify = (loginCode: string, useSelfWxapp = false, poolId = stack.poolId, headers: Record<string, string> = {}) =>
    stack.post(routes.identify(poolId), { loginCode, useSelfWxapp }, headers);
  const issue = (body: Record<string, unknown>, poolId = stack.poolId) =>
    stack.post(routes.issueTicket(poolId), { useSelfWxapp: false, phone: { kind: 'none' }, ...body });
  const exchange = (poolId: string, body: unknown, query = '') => stack.post(`/oauth/app2wxapp/auth/${poolId}${query}`, body);

  describe('profile', () => {
    it("answers the pool's public profile", async () => {
      const { poolId } = await stack.newPool({
        name: '示例',
        logo: 'https://example.com/logo.png',
        connectionDisplayName: '小登录',
        loginOnly: true,
        appid: OWN.appid,
        appSecret: OWN.secret,
      });
      const response = await stack.get(routes.profile(poolId));
      expect(response).toEqual({
        status: 200,
        body: {
          code: 200,
          message: 'ok',
          data: {
            poolId,
            name: '示例',
            logo: 'https://example.com/logo.png',
            connectionDisplayName: '小登录',
            loginOnly: true,
            hasOwnWxapp: true,
            requireCodeChallenge: false,
          },
        },
      });
    });

    it('says 404 pool_not_found for an unknown pool and 422 for a malformed id', async () => {
      expect((await stack.get(routes.profile('f'.repeat(24)))).body).toMatchObject({ code: 404, error: 'pool_not_found' });
      expect((await stack.get(routes.profile('nope'))).body).toMatchObject({
        code: 422,
        error: 'invalid_request',
        message: expect.stringContaining('poolId'),
      });
    });
  });

  describe('identify', () => {
    it('opens a session and reports a known, masked phone once the account has one', async () => {
      const person = stack.person('17602502507');
      const first = await identify(person.loginCode());
      expect(first.body.data).toMatchObject({ expiresIn: 300, knownPhone: null, registered: false });
      expect(first.body.data!.sessionId).toMatch(/^[A-Za-z0-9_-]{43}$/);
      await loginTicket(stack, person, { kind: 'code', code: person.phoneDetail().code });
      const again = await identify(person.loginCode());
      expect(again.body.data).toMatchObject({ knownPhone: '176****2507', registered: true });
    });

    it('refuses a spent, unknown or lapsed wx.login code with 401 login_code_invalid', async () => {
      const person = stack.person();
      const code = person.loginCode();
      expect((await identify(code)).status).toBe(200);
      expect((await identify(code)).body).toMatchObject({ code: 401, error: 'login_code_invalid' });
      expect((await identify('made-up-code')).body).toMatchObject({ code: 401, error: 'login_code_invalid' });
      const late = person.loginCode();
      stack.clock.advance(5 * 60_000 + 1);
      expect((await identify(late)).body).toMatchObject({ code: 401, error: 'login_code_invalid' });
    });

    it('checks the Referer appid against the credentials in use', async () => {
      const person = stack.person();
      expect((await identify(person.loginCode(), false, stack.poolId, referer(HOSTED.appid))).status).toBe(200);
      expect((await identify(person.loginCode(), false, stack.poolId, referer(OWN.appid))).body).toMatchObject({
        code: 403,
        error: 'wrong_wxapp',
      });
    });

    it("uses the pool's own mini-program when useSelfWxapp, and refuses when it has none", async () => {
      const person = stack.person();
      expect((await identify(person.loginCode(OWN.appid), true)).body).toMatchObject({ code: 403, error: 'self_wxapp_unavailable' });
      const { poolId } = await stack.newPool({ appid: OWN.appid, appSecret: OWN.secret });
      expect((await identify(person.loginCode(OWN.appid), true, poolId, referer(OWN.appid))).status).toBe(200);
      // A hosted-app code is not valid for the pool's own AppID (WeChat: 40029).
      expect((await identify(person.loginCode(HOSTED.appid), true, poolId)).body).toMatchObject({ error: 'login_code_invalid' });
    });

    it('names the bad field in a 422', async () => {
      const response = await stack.post(routes.identify(stack.poolId), { loginCode: '', useSelfWxapp: false });
      expect(response.body).toMatchObject({ code: 422, error: 'invalid_request', message: expect.stringContaining('body.loginCode') });
      const missing = await stack.post(routes.identify(stack.poolId), { loginCode: 'x' });
      expect(missing.body.message).toBe('body.useSelfWxapp: required');
    });
  });

  describe('issue ticket', () => {
    it('binds a phone proven by a getuserphonenumber code', async () => {
      const person = stack.person('13912345678');
      const { body } = await identify(person.loginCode());
      const issued = await issue({ sessionId: body.data!.sessionId, phone: { kind: 'code', code: person.phoneDetail().code } });
      expect(issued.body.data).toMatchObject({ expiresIn: 120, maskedPhone: '139****5678', newUser: true });
      expect(issued.body.data!.ticket).toMatch(/^[A-Za-z0-9_-]{43,}$/);
      expect(Date.parse(issued.body.data!.expiresAt as string)).toBe(stack.clock.now() + 120_000);
    });

    it('decrypts the legacy encryptedData with the session key, and refuses it once wx.login rotated the key', async () => {
      const person = stack.person('13700000000');
      const { body } = await identify(person.loginCode());
      const detail = person.phoneDetail();
      const ok = await issue({
        sessionId: body.data!.sessionId,
        phone: { kind: 'encrypted', encryptedData: detail.encryptedData, iv: detail.iv },
      });
      expect(ok.body.data).toMatchObject({ maskedPhone: '137****0000' });

      const next = await identify(person.loginCode());
      person.loginCode(); // a wx.login after identify rotates session_key: the session's key no longer decrypts
      const stale = person.phoneDetail();
      const refused = await issue({
        sessionId: next.body.data!.sessionId,
        phone: { kind: 'encrypted', encryptedData: stale.encryptedData, iv: stale.iv },
      });
      expect(refused.body).toMatchObject({ code: 422, error: 'phone_proof_invalid' });
    });

    it('refuses encryptedData whose watermark names another appid', async () => {
      const person = stack.person();
      const { body } = await identify(person.loginCode());
      const sessionKey = stack.sandbox.state.currentSessionKey(HOSTED.appid, person.userId)!;
      const iv = randomBytes(16);
      const encryptedData = encryptPhonePayload(
        { phoneNumber: '13800000009', purePhoneNumber: '13800000009', countryCode: '86', watermark: { appid: OWN.appid, timestamp: 1 } },
        sessionKey,
        iv,
      );
      const refused = await issue({
        sessionId: body.data!.sessionId,
        phone: { kind: 'encrypted', encryptedData, iv: iv.toString('base64') },
      });
      expect(refused.body).toMatchObject({ code: 422, error: 'phone_proof_invalid', message: expect.stringContaining('watermark') });
    });

    describe('a phone code sent with the legacy encryptedData of the same tap', () => {
      /** The user's own legacy proof, for `phone`: only their session key opens it. */
      const legacyProof = (person: ReturnType<Stack['person']>, phone: string) => {
        const iv = randomBytes(16);
        const sessionKey = stack.sandbox.state.currentSessionKey(HOSTED.appid, person.userId)!;
        const encryptedData = encryptPhonePayload(
          { phoneNumber: phone, purePhoneNumber: phone, countryCode: '86', watermark: { appid: HOSTED.appid, timestamp: 1 } },
          sessionKey,
          iv,
        );
        return { encryptedData, iv: iv.toString('base64') };
      };

      it('binds the phone when both name it', async () => {
        const person = stack.person('13911112222');
        const { body } = await identify(person.loginCode());
        const detail = person.phoneDetail();
        const issued = await issue({ sessionId: body.data!.sessionId, phone: { kind: 'code', ...detail } });
        expect(issued.body.data).toMatchObject({ maskedPhone: '139****2222' });
      });

      it("refuses someone else's phone code beside the user's own legacy proof; a legacy proof that does not open costs no phone call", async () => {
        const person = stack.person('13911113333');
        const stranger = stack.person('13599998888');
        const { body } = await identify(person.loginCode());
        const strangersCode = stranger.phoneDetail().code;
        const before = stack.sandbox.faults.callsTo('getuserphonenumber');
        const refused = await issue({
          sessionId: body.data!.sessionId,
          phone: { kind: 'code', code: strangersCode, ...legacyProof(person, '13911113333') },
        });
        expect(refused.body).toEqual({
          code: 422,
          error: 'phone_proof_invalid',
          message: 'phone.code and phone.encryptedData name different phones',
        });
        expect(stack.sandbox.faults.callsTo('getuserphonenumber')).toBe(before + 1);
        const forged = await issue({
          sessionId: body.data!.sessionId,
          phone: { kind: 'code', code: person.phoneDetail().code, encryptedData: 'AAAA', iv: 'AAAAAAAAAAAAAAAAAAAAAA==' },
        });
        expect(forged.body).toMatchObject({
          code: 422,
          error: 'phone_proof_invalid',
          message: expect.stringContaining('phone.encryptedData'),
        });
        expect(stack.sandbox.faults.callsTo('getuserphonenumber')).toBe(before + 1);
      });
    });

    it('refuses a spent phone code with 422 and keeps the session for another try', async () => {
      const person = stack.person();
      const { body } = await identify(person.loginCode());
      const code = person.phoneDetail().code;
      await loginTicket(stack, person, { kind: 'code', code });
      const refused = await issue({ sessionId: body.data!.sessionId, phone: { kind: 'code', code } });
      expect(refused.body).toMatchObject({ code: 422, error: 'phone_proof_invalid' });
      expect((await issue({ sessionId: body.data!.sessionId, phone: { kind: 'code', code: person.phoneDetail().code } })).status).toBe(200);
    });

    it('confirms the known phone without a new proof, and says 409 when there is none', async () => {
      const person = stack.person('13600000000');
      const none = await identify(person.loginCode());
      expect((await issue({ sessionId: none.body.data!.sessionId, phone: { kind: 'known' } })).body).toMatchObject({
        code: 409,
        error: 'no_known_phone',
      });
      await loginTicket(stack, person, { kind: 'code', code: person.phoneDetail().code });
      const known = await identify(person.loginCode());
      const confirmed = await issue({ sessionId: known.body.data!.sessionId, phone: { kind: 'known' } });
      expect(confirmed.body.data).toMatchObject({ maskedPhone: '136****0000', newUser: false });
    });

    it('spends the session: a second issue with it is 401 session_expired, as is a lapsed one', async () => {
      const person = stack.person();
      const { body } = await identify(person.loginCode());
      expect((await issue({ sessionId: body.data!.sessionId })).status).toBe(200);
      expect((await issue({ sessionId: body.data!.sessionId })).body).toMatchObject({ code: 401, error: 'session_expired' });
      const lapsing = await identify(person.loginCode());
      stack.clock.advance(300_000);
      expect((await issue({ sessionId: lapsing.body.data!.sessionId })).body).toMatchObject({ code: 401, error: 'session_expired' });
      expect((await issue({ sessionId: 'x'.repeat(43) })).body).toMatchObject({ code: 401, error: 'session_expired' });
    });

    it('identifies and issues at once from a fresh loginCode', async () => {
      const person = stack.person();
      expect((await issue({ loginCode: person.loginCode() })).body.data).toMatchObject({ newUser: true, maskedPhone: null });
    });

    it('needs exactly one of sessionId and loginCode, and the fields of the phone proof', async () => {
      expect((await issue({})).body).toMatchObject({ code: 422, error: 'invalid_request', message: expect.stringContaining('sessionId') });
      expect((await issue({ sessionId: 'x'.repeat(43), loginCode: 'y' })).body).toEqual({
        code: 422,
        error: 'invalid_request',
        message: 'send exactly one of sessionId and loginCode',
      });
      expect((await issue({ loginCode: 'y', phone: { kind: 'code' } })).body).toMatchObject({
        code: 422,
        error: 'invalid_request',
        message: expect.stringContaining('body.phone.code'),
      });
      expect((await issue({ loginCode: 'y', phone: { kind: 'encrypted', iv: 'x' } })).body).toMatchObject({
        code: 422,
        error: 'invalid_request',
        message: expect.stringContaining('body.phone.encryptedData'),
      });
    });

    it('refuses new accounts in a login-only pool and blocked accounts', async () => {
      const { poolId } = await stack.newPool({ loginOnly: true });
      const stranger = stack.person();
      expect((await issue({ loginCode: stranger.loginCode() }, poolId)).body).toMatchObject({ code: 403, error: 'login_only' });
      expect(await stack.store.countAccounts(poolId)).toBe(0);

      const person = stack.person();
      await loginTicket(stack, person);
      const account = await stack.store.findAccountByIdentity(stack.poolId, {
        appid: HOSTED.appid,
        openid: person.openid(),
        unionid: null,
      });
      await stack.store.setAccountBlocked(stack.poolId, account!.id, true);
      expect((await issue({ loginCode: person.loginCode() })).body).toMatchObject({ code: 403, error: 'account_blocked' });
    });

    it('binds a new WeChat user to the account that already owns the phone', async () => {
      const first = stack.person('13500000000');
      const second = stack.person('13500000000');
      await loginTicket(stack, first, { kind: 'code', code: first.phoneDetail().code });
      const ticket = await loginTicket(stack, second, { kind: 'code', code: second.phoneDetail().code });
      const firstAccount = await stack.store.findAccountByIdentity(stack.poolId, {
        appid: HOSTED.appid,
        openid: first.openid(),
        unionid: null,
      });
      const user = await exchange(stack.poolId, { ticket, secret: stack.secret });
      expect(user.body.data).toMatchObject({ _id: firstAccount!.id, openid: second.openid(), loginsCount: 2 });
    });
  });

  describe('exchange', () => {
    it('returns the seed-003 user and a token verifiable with the JWKS', async () => {
      const person = stack.person('18600000000');
      const ticket = await loginTicket(stack, person, { kind: 'code', code: person.phoneDetail().code });
      const { status, body } = await exchange(stack.poolId, { ticket, secret: stack.secret });
      expect(status).toBe(200);
      expect(body.data).toMatchObject({
        phone: '18600000000',
        phoneCountryCode: '86',
        openid: person.openid(),
        unionid: person.unionid,
        nickname: '',
        photo: '',
        registerMethod: 'oauth:app2wxapp',
        loginsCount: 1,
        lastIP: '127.0.0.1',
        blocked: false,
      });
      expect(body.data!._id).toMatch(/^[0-9a-f]{24}$/);
      expect(readExchangedUser(body.data)).toMatchObject({ ok: true, user: { phone: '18600000000', nickname: null, photo: null } });
      const jwks = (await (await fetch(`${stack.service.url}/.well-known/jwks.json`)).json()) as Parameters<typeof createLocalJWKSet>[0];
      const { payload } = await jwtVerify(body.data!.token as string, createLocalJWKSet(jwks), {
        audience: stack.poolId,
        currentDate: new Date(stack.clock.now()),
      });
      expect(payload.sub).toBe(body.data!._id);
      expect(new Date(body.data!.tokenExpiredAt as string).getTime()).toBe((payload.exp as number) * 1000);
    });

    it("answers every field of seed 003's sample with the seed's JSON type: an Authing client switches unchanged", async () => {
      const seed = (JSON.parse(readFileSync('test/vectors/exchanged-user.json', 'utf8')) as { read: { data: Record<string, unknown> }[] })
        .read[0]!.data;
      const ticket = await loginTicket(stack, stack.person(null));
      const { body } = await exchange(stack.poolId, { ticket, secret: stack.secret });
      const data = body.data!;
      for (const [field, value] of Object.entries(seed)) {
        expect(typeof data[field], field).toBe(typeof value);
      }
      // No phone, nickname or photo known: "" where the seed's clients decode strings.
      expect(data).toMatchObject({ phone: '', nickname: '', photo: '', username: '', company: '', metadata: '""' });
      const oauth = JSON.parse(data.oauth as string) as Record<string, unknown>;
      expect(Object.keys(oauth).sort()).toEqual(Object.keys(JSON.parse(seed.oauth as string) as object).sort());
      expect(oauth).toMatchObject({ openid: data.openid, unionid: data.unionid, phone: '', gender: 0 });
      expect(JSON.parse(data.metadata as string)).toBe('');
    });

    it('gives lastLogin, signedUp and a token valid 15 days, and ignores other body fields', async () => {
      const person = stack.person();
      const signedUp = stack.clock.now();
      await loginTicket(stack, person);
      stack.clock.advance(60_000);
      const lastLogin = stack.clock.now();
      const ticket = await loginTicket(stack, person);
      const { status, body } = await exchange(stack.poolId, { ticket, secret: stack.secret, appId: 'ignored', extra: { nested: true } });
      expect(status).toBe(200);
      expect(body.data).toMatchObject({
        loginsCount: 2,
        signedUp: new Date(signedUp).toISOString(),
        lastLogin: new Date(lastLogin).toISOString(),
        tokenExpiredAt: new Date(Math.floor(stack.clock.now() / 1000) * 1000 + 15 * 24 * 3600_000).toISOString(),
      });
    });

    it('refuses with 403 account_blocked an account blocked after its ticket was issued', async () => {
      const person = stack.person();
      const ticket = await loginTicket(stack, person);
      const account = await stack.store.findAccountByIdentity(stack.poolId, {
        appid: HOSTED.appid,
        openid: person.openid(),
        unionid: null,
      });
      await stack.store.setAccountBlocked(stack.poolId, account!.id, true);
      expect((await exchange(stack.poolId, { ticket, secret: stack.secret })).body).toEqual({
        code: 403,
        error: 'account_blocked',
        message: 'this account is blocked',
      });
    });

    it('takes the ticket from ?ticket= as the seed sample sends it', async () => {
      const ticket = await loginTicket(stack, stack.person());
      expect((await exchange(stack.poolId, { secret: stack.secret }, `?ticket=${ticket}`)).status).toBe(200);
    });

    it('gives each failure its own error when the secret is right', async () => {
      const { poolId: otherPool, secret: otherSecret } = await stack.newPool();
      const used = await loginTicket(stack, stack.person());
      await exchange(stack.poolId, { ticket: used, secret: stack.secret });
      const expiring = await loginTicket(stack, stack.person());
      const foreign = await loginTicket(stack, stack.person());
      const secret = stack.secret;
      expect((await exchange(stack.poolId, { ticket: foreign })).body).toMatchObject({ code: 401, error: 'secret_required' });
      // The secret is checked before the ticket: an unknown ticket without it is 401, not 404.
      expect((await exchange(stack.poolId, { ticket: 'A'.repeat(43) })).body).toMatchObject({ code: 401, error: 'secret_required' });
      expect((await exchange(stack.poolId, { ticket: foreign, secret: 'wrong' })).body).toMatchObject({
        code: 401,
        error: 'secret_invalid',
      });
      expect((await exchange(stack.poolId, { ticket: 'A'.repeat(43), secret })).body).toMatchObject({
        code: 404,
        error: 'ticket_not_found',
      });
      expect((await exchange(stack.poolId, { ticket: used, secret })).body).toMatchObject({ code: 409, error: 'ticket_used' });
      expect((await exchange(otherPool, { ticket: foreign, secret: otherSecret })).body).toMatchObject({
        code: 409,
        error: 'ticket_wrong_pool',
      });
      stack.clock.advance(120_000);
      expect((await exchange(stack.poolId, { ticket: expiring, secret })).body).toMatchObject({ code: 410, error: 'ticket_expired' });
      // Neither a wrong secret nor another pool spent the ticket.
      const kept = await loginTicket(stack, stack.person());
      await exchange(otherPool, { ticket: kept, secret: otherSecret });
      await exchange(stack.poolId, { ticket: kept, secret: 'wrong' });
      expect((await exchange(stack.poolId, { ticket: kept, secret })).status).toBe(200);
    });

    it("honours the pool's ticketExpiresAfter", async () => {
      const { poolId, secret } = await stack.newPool({ ticketExpiresAfter: 30 });
      const ticket = await loginTicket(stack, stack.person(), { kind: 'none' }, poolId);
      stack.clock.advance(29_999);
      const early = await loginTicket(stack, stack.person(), { kind: 'none' }, poolId);
      expect((await exchange(poolId, { ticket, secret })).status).toBe(200);
      stack.clock.advance(30_000);
      expect((await exchange(poolId, { ticket: early, secret })).body).toMatchObject({ error: 'ticket_expired' });
    });

    it('without the secret (pool allows it) every unusable ticket looks the same', async () => {
      const { poolId } = await stack.newPool({ ticketExchangeUserInfoNeedSecret: false });
      const ticket = await loginTicket(stack, stack.person(), { kind: 'none' }, poolId);
      expect((await exchange(poolId, { ticket })).status).toBe(200);
      const expired = await loginTicket(stack, stack.person(), { kind: 'none' }, poolId);
      const foreign = await loginTicket(stack, stack.person());
      stack.clock.advance(120_000);
      const answers = await Promise.all([
        exchange(poolId, { ticket }),
        exchange(poolId, { ticket: expired }),
        exchange(poolId, { ticket: foreign }),
        exchange(poolId, { ticket: 'B'.repeat(43) }),
      ]);
      for (const answer of answers) expect(answer.body).toEqual({ code: 400, error: 'ticket_invalid', message: 'the ticket is not valid' });
    });

    it('stops accepting the old secret after rotation', async () => {
      const { poolId, secret } = await stack.newPool();
      const fresh = await stack.service.pools.rotateSecret(poolId);
      const ticket = await loginTicket(stack, stack.person(), { kind: 'none' }, poolId);
      expect((await exchange(poolId, { ticket, secret })).body).toMatchObject({ error: 'secret_invalid' });
      expect((await exchange(poolId, { ticket, secret: fresh })).status).toBe(200);
    });

    it('refuses missing, malformed and contradictory tickets with 422, an unknown pool with 404', async () => {
      expect((await exchange(stack.poolId, { secret: stack.secret })).body).toEqual({
        code: 422,
        error: 'invalid_request',
        message: 'body.ticket: required (or ?ticket=)',
      });
      expect((await exchange(stack.poolId, { ticket: 'has spaces and = signs', secret: stack.secret })).body).toMatchObject({
        code: 422,
        error: 'invalid_request',
        message: expect.stringContaining('body.ticket'),
      });
      expect((await exchange(stack.poolId, { ticket: 'C'.repeat(43) }, `?ticket=${'D'.repeat(43)}`)).body).toEqual({
        code: 422,
        error: 'invalid_request',
        message: 'ticket: the body and the query name different tickets',
      });
      expect((await exchange('e'.repeat(24), { ticket: 'C'.repeat(43) })).body).toMatchObject({ code: 404, error: 'pool_not_found' });
    });
  });

  describe('operations', () => {
    it('answers health, readiness, JWKS, OpenAPI and a request id', async () => {
      const health = await fetch(`${stack.service.url}/healthz`, { headers: { 'x-request-id': 'req-123' } });
      expect(health.headers.get('x-request-id')).toBe('req-123');
      expect({ status: health.status, body: await health.json() }).toEqual({ status: 200, body: { status: 'ok' } });
      expect(await (await fetch(`${stack.service.url}/readyz`)).json()).toEqual({ status: 'ready', store: kind });
      const openapi = (await (await fetch(`${stack.service.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
      expect(Object.keys(openapi.paths)).toEqual(
        expect.arrayContaining([
          '/api/v1/pools/{poolId}/sessions',
          '/api/v1/pools/{poolId}/tickets',
          '/oauth/app2wxapp/auth/{userPoolId}',
          '/.well-known/jwks.json',
        ]),
      );
    });

    it.each([
      [
        'a body over the limit',
        { body: JSON.stringify({ loginCode: 'x'.repeat(20_000), useSelfWxapp: false }) },
        413,
        'payload_too_large',
        'body: too large',
      ],
      [
        'a body that is not JSON',
        { type: 'text/plain', body: 'hi' },
        415,
        'unsupported_media_type',
        'content-type: must be application/json',
      ],
      ['unparsable JSON', { body: '{"loginCode":' }, 400, 'bad_request', 'body: not valid JSON'],
      [
        'a __proto__ key',
        { body: '{"loginCode":"x","useSelfWxapp":false,"__proto__":{"isAdmin":true}}' },
        422,
        'invalid_request',
        'body.__proto__: this key is not allowed',
      ],
      [
        'a constructor key',
        { body: '{"loginCode":"x","useSelfWxapp":false,"constructor":{"prototype":{"a":1}}}' },
        422,
        'invalid_request',
        'body.constructor: this key is not allowed',
      ],
    ] as [string, { body: string; type?: string }, number, string, string][])(
      'refuses %s in the envelope, naming it',
      async (_case, request, code, error, message) => {
        const response = await fetch(`${stack.service.url}${routes.identify(stack.poolId)}`, {
          method: 'POST',
          headers: { 'content-type': request.type ?? 'application/json' },
          body: request.body,
        });
        expect({ status: response.status, body: await response.json() }).toEqual({ status: code, body: { code, error, message } });
      },
    );

    it('refuses an unknown route, an over-long path segment and oversized headers in the envelope', async () => {
      expect(await stack.get('/nowhere')).toEqual({
        status: 404,
        body: { code: 404, error: 'route_not_found', message: 'no route GET /nowhere' },
      });
      const long = await fetch(`${stack.service.url}/api/v1/pools/${'a'.repeat(300)}/profile`);
      expect({ status: long.status, body: await long.json() }).toMatchObject({ status: 414, body: { code: 414, error: 'uri_too_long' } });
      const huge = await fetch(`${stack.service.url}/healthz`, { headers: { 'x-padding': 'a'.repeat(20_000) } });
      expect({ status: huge.status, body: await huge.json() }).toEqual({
        status: 431,
        body: { code: 431, error: 'headers_too_large', message: 'headers: too large' },
      });
    });

    it("keeps a caller's plain x-request-id and replaces one that is not", async () => {
      const withId = async (id: string) =>
        (await fetch(`${stack.service.url}/healthz`, { headers: { 'x-request-id': id } })).headers.get('x-request-id');
      expect(await withId('trace-1234:abc.5')).toBe('trace-1234:abc.5');
      for (const unsafe of ['a b', '<script>', 'x'.repeat(65), 'naïve', 'line\\nbreak'])
        expect(await withId(unsafe)).toMatch(/^[0-9a-f-]{36}$/);
    });
  });
});
