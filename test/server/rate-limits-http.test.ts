import { afterEach, describe, expect, it } from 'vitest';
import { routes } from '../../miniprogram/contract/api.ts';
import { DEFAULT_RATE_LIMITS } from '../../server/http/rate-limit.ts';
import type { RateLimitSettings } from '../../server/http/rate-limit.ts';
import { loginTicket, startStack } from './helpers.ts';
import type { Stack } from './helpers.ts';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

/** The service as deployed: default limits, behind a proxy on 127.0.0.1 that says who the client is. */
const behindProxy = (rateLimits: Partial<RateLimitSettings> = {}) =>
  startStack('embedded', { rateLimits: { ...DEFAULT_RATE_LIMITS, ...rateLimits }, trustedProxies: ['127.0.0.1'] });

const from = (ip: string) => ({ 'x-forwarded-for': ip });

async function raw(stack: Stack, path: string, body: unknown, headers: Record<string, string>) {
  const response = await fetch(`${stack.service.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as { error?: string } };
}

describe('rate limits over HTTP, default settings', () => {
  it('never hold back an app backend with the right secret, while outsiders failing against its pool are held back', async () => {
    stack = await behindProxy();
    const exchange = (ticket: string, secret: string, ip: string) =>
      raw(stack!, `/oauth/app2wxapp/auth/${stack!.poolId}`, { ticket, secret }, from(ip));
    const tickets = await Promise.all(Array.from({ length: 100 }, () => loginTicket(stack!, stack!.person())));

    // 22 outsiders, each past its own failure budget for this pool.
    const outsiders = Array.from({ length: 22 }, (_, i) => `203.0.113.${i + 1}`);
    const attempts = DEFAULT_RATE_LIMITS.exchangeFailuresPerClient + 2;
    const refused = await Promise.all(
      outsiders.map(async (ip) => {
        const statuses: (number | string | null)[] = [];
        for (let i = 0; i < attempts; i++) {
          const answer = await exchange('A'.repeat(43), 'wrong-secret', ip);
          statuses.push(answer.status === 429 ? answer.retryAfter : answer.status);
        }
        return statuses;
      }),
    );
    for (const statuses of refused) {
      expect(statuses.slice(0, DEFAULT_RATE_LIMITS.exchangeFailuresPerClient)).toEqual(
        Array(DEFAULT_RATE_LIMITS.exchangeFailuresPerClient).fill(401),
      );
      for (const retryAfter of statuses.slice(DEFAULT_RATE_LIMITS.exchangeFailuresPerClient)) expect(Number(retryAfter)).toBeGreaterThan(0);
    }

    // The backend, from one address, all at once: 100 exchanges, far past any per-address budget.
    const answers = await Promise.all(tickets.map((ticket) => exchange(ticket, stack!.secret, '198.51.100.10')));
    expect(answers.map((answer) => answer.status)).toEqual(Array(100).fill(200));
  });

  it('let a client in backoff through with the right secret, and only with it', async () => {
    stack = await behindProxy();
    const backend = '198.51.100.10';
    const path = `/oauth/app2wxapp/auth/${stack.poolId}`;
    for (let i = 0; i < DEFAULT_RATE_LIMITS.exchangeFailuresPerClient; i++) {
      expect((await raw(stack, path, { ticket: 'A'.repeat(43), secret: 'wrong' }, from(backend))).status).toBe(401);
    }
    const ticket = await loginTicket(stack, stack.person());
    expect(await raw(stack, path, { ticket, secret: 'wrong' }, from(backend))).toMatchObject({
      status: 429,
      retryAfter: expect.stringMatching(/^\d+$/) as string,
    });
    expect(await raw(stack, path, { ticket }, from(backend))).toMatchObject({ status: 429, body: { error: 'rate_limited' } });
    expect((await raw(stack, path, { ticket, secret: stack.secret }, from(backend))).status).toBe(200);
  });

  it('believe X-Forwarded-For only from a trusted proxy, and only its rightmost untrusted address', async () => {
    stack = await behindProxy({ exchangeFailuresPerClient: 2 });
    const path = `/oauth/app2wxapp/auth/${stack.poolId}`;
    const attempt = (forwarded: string) => raw(stack!, path, { ticket: 'A'.repeat(43), secret: 'wrong' }, { 'x-forwarded-for': forwarded });
    // The client rotates what it puts in front; the proxy appends the address it saw.
    expect((await attempt('1.1.1.1, 203.0.113.7')).status).toBe(401);
    expect((await attempt('2.2.2.2, 203.0.113.7')).status).toBe(401);
    expect((await attempt('3.3.3.3, 203.0.113.7')).status).toBe(429);
    expect((await attempt('203.0.113.8')).status).toBe(401);
    await stack.close();

    stack = await startStack('embedded', { rateLimits: { ...DEFAULT_RATE_LIMITS, exchangeFailuresPerClient: 2 } });
    const untrusted = (forwarded: string) =>
      raw(stack!, `/oauth/app2wxapp/auth/${stack!.poolId}`, { ticket: 'A'.repeat(43), secret: 'wrong' }, { 'x-forwarded-for': forwarded });
    expect((await untrusted('10.0.0.1')).status).toBe(401);
    expect((await untrusted('10.0.0.2')).status).toBe(401);
    expect((await untrusted('10.0.0.3')).status).toBe(429);
  });

  it('let many WeChat users behind one address log in while a client sending bad codes from it is held back', async () => {
    stack = await behindProxy();
    const cgnat = from('100.64.0.1');
    const identify = (loginCode: string) => raw(stack!, routes.identify(stack!.poolId), { loginCode, useSelfWxapp: false }, cgnat);
    const issue = (sessionId: unknown) =>
      raw(stack!, routes.issueTicket(stack!.poolId), { sessionId, useSelfWxapp: false, phone: { kind: 'none' } }, cgnat);

    const sessions: unknown[] = [];
    for (let user = 0; user < 100; user++) {
      const identified = await identify(stack.person().loginCode());
      expect(identified.status).toBe(200);
      sessions.push((identified.body as { data: { sessionId: string } }).data.sessionId);
    }
    for (let i = 0; i < DEFAULT_RATE_LIMITS.loginFailuresPerIp; i++) expect((await identify(`bad-code-${i}`)).status).toBe(401);
    expect(await identify('bad-code-again')).toMatchObject({ status: 429, retryAfter: expect.stringMatching(/^\d+$/) as string });
    // The refused code never reached WeChat: a real one is refused the same way while the address is in backoff…
    expect((await identify(stack.person().loginCode())).status).toBe(429);
    // …but users WeChat has already vouched for finish their logins.
    for (const sessionId of sessions) expect((await issue(sessionId)).status).toBe(200);
    expect(await identify(stack.person().loginCode()).then((answer) => answer.status)).toBe(429);
    stack.clock.advance(60_000);
    expect((await identify(stack.person().loginCode())).status).toBe(200);
  });

  it('hold back one WeChat user who logs in over and over, not a neighbour on the same address', async () => {
    stack = await behindProxy({ loginsPerUser: 3 });
    const scripted = stack.person();
    const neighbour = stack.person();
    const identify = (loginCode: string) =>
      raw(stack!, routes.identify(stack!.poolId), { loginCode, useSelfWxapp: false }, from('100.64.0.1'));
    for (let i = 0; i < 3; i++) expect((await identify(scripted.loginCode())).status).toBe(200);
    expect(await identify(scripted.loginCode())).toMatchObject({ status: 429, retryAfter: expect.stringMatching(/^\d+$/) as string });
    expect((await identify(neighbour.loginCode())).status).toBe(200);
  });

  it('cap a flood from one address per route, with Retry-After, and open again in the next minute', async () => {
    stack = await behindProxy({ requestsPerIp: 3 });
    const profile = async (ip: string) => {
      const response = await fetch(`${stack!.service.url}${routes.profile(stack!.poolId)}`, { headers: from(ip) });
      await response.arrayBuffer();
      return { status: response.status, retryAfter: response.headers.get('retry-after') };
    };
    for (let i = 0; i < 3; i++) expect((await profile('100.64.0.9')).status).toBe(200);
    const now = stack.clock.now();
    expect(await profile('100.64.0.9')).toEqual({ status: 429, retryAfter: String(Math.ceil((60_000 - (now % 60_000)) / 1000)) });
    expect((await profile('100.64.0.10')).status).toBe(200);
    stack.clock.advance(60_000);
    expect((await profile('100.64.0.9')).status).toBe(200);
  });
});
