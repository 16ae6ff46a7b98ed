/**
 * The reference app backend (examples/app-backend/) over real HTTP on 127.0.0.1, against the real ticket
 * service and the WeChat sandbox (test/server/helpers.ts). What the service itself cannot be made to do
 * (answer garbage, sign with another key) comes from a fetch wrapped around the real one, or a
 * listener of the test's own.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type BackendOptions } from '../../examples/app-backend/backend.ts';
import { routes } from '../../miniprogram/contract/api.ts';
import { codeChallengeOf, newCodeVerifier } from '../../sdk/pkce.ts';
import { startStack, type Stack, type WechatPerson } from '../server/helpers.ts';

const PHONE = '13912345678';

interface RunningBackend {
  url: string;
  /** Every log line the backend wrote. */
  logs: string[];
  login(body: unknown): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }>;
  me(authorization?: string): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }>;
}

let stack: Stack;
const closers: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  stack = await startStack('embedded');
});
afterAll(() => stack.close());
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function startBackend(options: Partial<BackendOptions> = {}): Promise<RunningBackend> {
  const logs: string[] = [];
  const app = createBackend({
    serviceUrl: stack.service.url,
    pools: { [stack.poolId]: stack.secret },
    clock: stack.clock,
    logger: { level: 'debug', stream: { write: (line: string) => void logs.push(line) } },
    ...options,
  });
  closers.push(() => app.close());
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const call = async (path: string, init: RequestInit) => {
    const response = await fetch(`${url}${path}`, init);
    return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
  };
  return {
    url,
    logs,
    login: (body) =>
      call('/auth/wechat-mini-program', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    me: (authorization) => call('/me', { headers: authorization === undefined ? {} : { authorization } }),
  };
}

/** A login in the mini-program as the service sees it: identify, then a ticket with the launch's challenge (if any) and the phone. */
async function ticketFor(person: WechatPerson, codeChallenge?: string, poolId = stack.poolId): Promise<string> {
  const identify = await stack.post(routes.identify(poolId), { loginCode: person.loginCode(), useSelfWxapp: false });
  const issued = await stack.post(routes.issueTicket(poolId), {
    sessionId: identify.body.data!.sessionId,
    useSelfWxapp: false,
    phone: { kind: 'code', code: person.phoneDetail().code },
    ...(codeChallenge !== undefined ? { codeChallenge } : {}),
  });
  if (issued.status !== 200) throw new Error(`issue: ${JSON.stringify(issued.body)}`);
  return issued.body.data!.ticket as string;
}

/** A listener of the test's own on 127.0.0.1 that answers every request with `answer`. */
async function fakeService(answer: (response: import('node:http').ServerResponse) => void): Promise<string> {
  const server: Server = createServer((_request, response) => answer(response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(resolve)));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('the reference app backend', () => {
  it('trades a PKCE-bound ticket for its own session; /me answers the verified user with the phone', async () => {
    const backend = await startBackend();
    const person = stack.person(PHONE);
    const verifier = newCodeVerifier();
    const ticket = await ticketFor(person, await codeChallengeOf(verifier));

    const login = await backend.login({ poolId: stack.poolId, ticket, codeVerifier: verifier });
    expect(login.status).toBe(200);
    expect(Object.keys(login.body).sort()).toEqual(['token', 'userId']);
    const { userId, token } = login.body as { userId: string; token: string };
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const me = await backend.me(`Bearer ${token}`);
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ userId, phone: PHONE, openid: person.openid(), unionid: person.unionid });

    // Nothing secret reached the logs: not the ticket, verifier, either token, the pool secret or the phone.
    const logs = backend.logs.join('');
    expect(logs).toContain(userId);
    for (const secret of [ticket, verifier, token, stack.secret, PHONE]) expect(logs).not.toContain(secret);
  });

  it('a wrong or missing verifier is refused (403, named) and the ticket is kept for the right one', async () => {
    const backend = await startBackend();
    const verifier = newCodeVerifier();
    const ticket = await ticketFor(stack.person(), await codeChallengeOf(verifier));

    const missing = await backend.login({ poolId: stack.poolId, ticket });
    expect(missing).toMatchObject({ status: 403, body: { error: 'code_verifier_required' } });
    const wrong = await backend.login({ poolId: stack.poolId, ticket, codeVerifier: newCodeVerifier() });
    expect(wrong).toMatchObject({ status: 403, body: { error: 'code_verifier_invalid' } });
    expect((await backend.login({ poolId: stack.poolId, ticket, codeVerifier: verifier })).status).toBe(200);
    expect(backend.logs.join('')).not.toContain(verifier);
  });

  it('a reused ticket is refused: 403 ticket_used', async () => {
    const backend = await startBackend();
    const ticket = await ticketFor(stack.person());
    expect((await backend.login({ poolId: stack.poolId, ticket })).status).toBe(200);
    const again = await backend.login({ poolId: stack.poolId, ticket });
    expect(again).toMatchObject({ status: 403, body: { error: 'ticket_used', message: expect.any(String) as string } });
  });

  it('an unknown pool is refused 403 without calling the service', async () => {
    const calls: string[] = [];
    const backend = await startBackend({
      fetch: (input, init) => {
        calls.push(String(input));
        return fetch(input, init);
      },
    });
    const { poolId: otherPool, secret: otherSecret } = await stack.newPool();
    const ticket = await ticketFor(stack.person(), undefined, otherPool);
    const refused = await backend.login({ poolId: otherPool, ticket });
    expect(refused).toMatchObject({ status: 403, body: { error: 'pool_unknown' } });
    expect(calls).toEqual([]);
    // The ticket was not touched: the pool's own backend can still exchange it.
    expect((await stack.post(routes.exchange(otherPool), { ticket, secret: otherSecret })).status).toBe(200);
  });

  it('refuses a bad body with 400 naming the field', async () => {
    const backend = await startBackend();
    expect(await backend.login({ poolId: stack.poolId })).toMatchObject({
      status: 400,
      body: { error: 'invalid_request', message: 'body.ticket: required' },
    });
    expect((await backend.login({ poolId: 42, ticket: 'A'.repeat(43) })).body).toMatchObject({
      error: 'invalid_request',
      message: expect.stringContaining('body.poolId') as string,
    });
    expect((await backend.login('{"poolId":')).body).toEqual({ error: 'invalid_request', message: 'body: not valid JSON' });
    const asText = await fetch(`${backend.url}/auth/wechat-mini-program`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'x',
    });
    expect(asText.status).toBe(400);
    expect(await asText.json()).toEqual({ error: 'invalid_request', message: expect.stringContaining('application/json') as string });
    // The service's own format check, named by it: a verifier RFC 7636 does not allow.
    const ticket = await ticketFor(stack.person());
    const badVerifier = await backend.login({ poolId: stack.poolId, ticket, codeVerifier: 'short' });
    expect(badVerifier).toMatchObject({
      status: 400,
      body: { error: 'invalid_request', message: expect.stringContaining('codeVerifier') as string },
    });
  });

  it('the service down: 503; the service saying 503 or 429 with Retry-After: 503 with it', async () => {
    const closedUrl = await fakeService(() => {});
    await closers.pop()!(); // closed again: nothing listens there now
    const down = await startBackend({ serviceUrl: closedUrl });
    const unreachable = await down.login({ poolId: stack.poolId, ticket: 'A'.repeat(43) });
    expect(unreachable).toMatchObject({ status: 503, body: { error: 'service_unavailable' } });

    const busyUrl = await fakeService((response) => {
      response.writeHead(503, { 'content-type': 'application/json', 'retry-after': '7' });
      response.end(JSON.stringify({ code: 503, message: '服务暂不可用', error: 'store_unavailable' }));
    });
    const busy = await (await startBackend({ serviceUrl: busyUrl })).login({ poolId: stack.poolId, ticket: 'A'.repeat(43) });
    expect(busy).toMatchObject({ status: 503, body: { error: 'service_unavailable' } });
    expect(busy.headers.get('retry-after')).toBe('7');

    const limitedUrl = await fakeService((response) => {
      response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '30' });
      response.end(JSON.stringify({ code: 429, message: '请求过于频繁', error: 'rate_limited' }));
    });
    const limited = await (await startBackend({ serviceUrl: limitedUrl })).login({ poolId: stack.poolId, ticket: 'A'.repeat(43) });
    expect(limited).toMatchObject({ status: 503, body: { error: 'service_unavailable' } });
    expect(limited.headers.get('retry-after')).toBe('30');
  });

  it('the service answering garbage: 502', async () => {
    const url = await fakeService((response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<html>hello</html>');
    });
    const answer = await (await startBackend({ serviceUrl: url })).login({ poolId: stack.poolId, ticket: 'A'.repeat(43) });
    expect(answer).toMatchObject({ status: 502, body: { error: 'service_bad_answer' } });

    const partialUrl = await fakeService((response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ code: 200, message: 'ok', data: { _id: 'u1', openid: 'o1' } }));
    });
    const partial = await (await startBackend({ serviceUrl: partialUrl })).login({ poolId: stack.poolId, ticket: 'A'.repeat(43) });
    expect(partial).toMatchObject({
      status: 502,
      body: { error: 'service_bad_answer', message: expect.stringContaining('loginsCount') as string },
    });
  });

  it('a token signed by a foreign key (same kid, same claims) is refused 502 and opens no session', async () => {
    const foreign = await generateKeyPair('ES256');
    const resigned = async (token: string) =>
      new SignJWT(decodeJwt(token)).setProtectedHeader({ alg: 'ES256', kid: decodeProtectedHeader(token).kid! }).sign(foreign.privateKey);
    const backend = await startBackend({
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        if (!String(input).includes('/oauth/app2wxapp/auth/')) return response;
        const envelope = (await response.json()) as { data: { token: string } };
        envelope.data.token = await resigned(envelope.data.token);
        return Response.json(envelope, { status: response.status });
      },
    });
    const refused = await backend.login({ poolId: stack.poolId, ticket: await ticketFor(stack.person()) });
    expect(refused).toMatchObject({ status: 502, body: { error: 'token_unverified' } });
    expect(refused.body).not.toHaveProperty('token');
  });

  it('an answer whose user id is not the token’s subject is refused 502', async () => {
    const backend = await startBackend({
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        if (!String(input).includes('/oauth/app2wxapp/auth/')) return response;
        const envelope = (await response.json()) as { data: { _id: string } };
        envelope.data._id = 'someone-else';
        return Response.json(envelope, { status: response.status });
      },
    });
    const refused = await backend.login({ poolId: stack.poolId, ticket: await ticketFor(stack.person()) });
    expect(refused).toMatchObject({
      status: 502,
      body: { error: 'token_unverified', message: expect.stringContaining('sub claim') as string },
    });
  });

  it('the service refusing the configured secret: 500 backend_misconfigured, and the ticket is not spent', async () => {
    const backend = await startBackend({ pools: { [stack.poolId]: 'not-the-secret' } });
    const ticket = await ticketFor(stack.person());
    const refused = await backend.login({ poolId: stack.poolId, ticket });
    expect(refused).toMatchObject({ status: 500, body: { error: 'backend_misconfigured' } });
    expect(backend.logs.join('')).not.toContain('not-the-secret');
    expect((await (await startBackend()).login({ poolId: stack.poolId, ticket })).status).toBe(200);
  });

  it('a token from another issuer than configured is refused 502', async () => {
    const backend = await startBackend({ serviceIssuer: 'https://login.example.com' });
    const refused = await backend.login({ poolId: stack.poolId, ticket: await ticketFor(stack.person()) });
    expect(refused).toMatchObject({
      status: 502,
      body: { error: 'token_unverified', message: expect.stringContaining('iss claim') as string },
    });
  });

  it('/me: 401 without a session, with an unknown one, and once the session has expired', async () => {
    const backend = await startBackend({ sessionLifetimeS: 600 });
    const missing = await backend.me();
    expect(missing).toMatchObject({ status: 401, body: { error: 'session_required' } });
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    expect(await backend.me(`Bearer ${'A'.repeat(43)}`)).toMatchObject({ status: 401, body: { error: 'session_invalid' } });

    const { token } = (await backend.login({ poolId: stack.poolId, ticket: await ticketFor(stack.person()) })).body as { token: string };
    expect((await backend.me(`Bearer ${token}`)).status).toBe(200);
    stack.clock.advance(600_000);
    try {
      expect(await backend.me(`Bearer ${token}`)).toMatchObject({ status: 401, body: { error: 'session_invalid' } });
    } finally {
      stack.clock.advance(-600_000);
    }
  });
});
