/**
 * The whole chain an app runs: it makes a PKCE verifier and launches the mini-program with the
 * challenge; the user logs in with their phone; the app reads the ticket from the extMsg and posts it
 * with the verifier to its backend (examples/app-backend/), which exchanges it, verifies the service's
 * token and opens the app's own session; `GET /me` then answers the verified user.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createBackend } from '../../examples/app-backend/backend.ts';
import { buildLaunchPath } from '../../sdk/launch-path.ts';
import { codeChallengeOf, newCodeVerifier } from '../../sdk/pkce.ts';
import { createPool, describeScenarios, launch, tapAndReturn, ticketOf, useStack } from './support/stack.ts';

const stack = useStack();
let backend: { app: FastifyInstance; url: string; poolId: string } | null = null;

beforeAll(async () => {
  const { poolId, secret } = await createPool(stack(), { requireCodeChallenge: true });
  const app = createBackend({ serviceUrl: stack().service.url, pools: { [poolId]: secret }, logger: false });
  backend = { app, poolId, url: await app.listen({ host: '127.0.0.1', port: 0 }) };
});
afterAll(async () => {
  await backend?.app.close();
  backend = null;
});

describeScenarios('an app, its backend and the mini-program', () => {
  it('launch with a challenge → login with phone → extMsg → the backend → a verified session with that phone', async () => {
    const { url, poolId } = backend!;
    const device = await stack().device();
    const { userId, unionid } = stack().sandbox.state.createUser({ phoneNumber: '17655556754' });
    const verifier = newCodeVerifier();
    const path = buildLaunchPath({
      userPoolId: poolId,
      wantPhone: true,
      useSelfWxapp: false,
      codeChallenge: await codeChallengeOf(verifier),
    });
    const page = await launch(device, path, { sandboxUserId: userId, phone: 'allow' });
    const ticket = ticketOf(await tapAndReturn(device, page, '#phone'));

    const login = await fetch(`${url}/auth/wechat-mini-program`, {
      method: 'POST',
      // What the iOS and Android samples send (ios-sample/…/Backend.swift, android-sample/…/Backend.kt).
      headers: { 'content-type': 'application/json; charset=utf-8', accept: 'application/json' },
      body: JSON.stringify({ poolId, ticket, codeVerifier: verifier }),
    });
    expect(login.status).toBe(200);
    const session = (await login.json()) as { userId: string; token: string };

    const me = await fetch(`${url}/me`, { headers: { authorization: `Bearer ${session.token}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({
      userId: session.userId,
      phone: '17655556754',
      openid: stack().sandbox.state.openid(userId, stack().hostedApp.appid),
      unionid,
    });
  });
});
