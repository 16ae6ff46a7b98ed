/**
 * The admin API under /admin/api (docs/console.md): off (404) until an admin exists; a console session
 * (HttpOnly cookie + CSRF header on changes) or `Authorization: Bearer <admin token>` on every route
 * but sign-in. Every change is audited.
 */
import { parseCookie, stringifySetCookie } from 'cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { csrfTokenOf } from '../admin/auth.ts';
import { ServiceError } from '../errors.ts';
import { hashToken } from '../random-tokens.ts';
import { registerAdminPoolRoutes } from './admin-pool-routes.ts';
import { SAFE_METHODS, authenticated, contract, envelope, who, type AdminDeps } from './admin-route-kit.ts';
import { SessionView, adminSchemas } from './admin-schemas.ts';
import { registerAdminUserRoutes } from './admin-user-routes.ts';
import { registerConsoleFiles } from './console-files.ts';
import { ok } from './envelope.ts';
import { WITH_BODY } from './route-contract.ts';

export const SESSION_COOKIE = 'xdl_admin';
export const CSRF_HEADER = 'x-csrf-token';
export const ADMIN_PREFIX = '/admin';

/** The console's state lives on the server; the cookie is only its key. */
function sessionCookieOf(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  return header ? parseCookie(header)[SESSION_COOKIE] : undefined;
}

function setSessionCookie(request: FastifyRequest, reply: FastifyReply, value: string, maxAgeS?: number): void {
  reply.header(
    'set-cookie',
    stringifySetCookie(SESSION_COOKIE, value, {
      path: ADMIN_PREFIX,
      httpOnly: true,
      sameSite: 'strict',
      // https as the service sees it: the socket, or X-Forwarded-Proto from a trusted proxy.
      secure: request.protocol === 'https',
      ...(maxAgeS === undefined ? {} : { maxAge: maxAgeS }),
    }),
  );
}

export function registerAdminRoutes(app: FastifyInstance, deps: AdminDeps): void {
  const { store, auth, clock } = deps;

  // Runs before validation, so a console that is off answers 404 to everything under the prefix.
  const gate = async (request: FastifyRequest) => {
    if (!(await auth.enabled())) throw new ServiceError('route_not_found', `no route ${request.method} ${request.url.split('?')[0]}`);
  };
  const requireAdmin = async (request: FastifyRequest) => {
    await gate(request);
    const bearer = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (bearer !== undefined) {
      const byToken = await auth.fromToken(bearer);
      if (!byToken) throw new ServiceError('admin_unauthorized', 'the admin API token is unknown or revoked');
      who.set(request, byToken);
      return;
    }
    const sessionId = sessionCookieOf(request);
    const bySession = sessionId === undefined ? null : await auth.fromSession(sessionId);
    if (!bySession) throw new ServiceError('admin_unauthorized', 'sign in first (or the session ended)');
    if (!SAFE_METHODS.has(request.method)) {
      const given = request.headers[CSRF_HEADER];
      if (!auth.csrfMatches(typeof given === 'string' ? given : undefined, bySession))
        throw new ServiceError('csrf_token_invalid', `${CSRF_HEADER}: missing or not this session's`);
    }
    who.set(request, bySession);
  };
  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith(`${ADMIN_PREFIX}/api/`)) reply.header('cache-control', 'no-store');
  });
  registerConsoleFiles(app, gate, deps.consoleDir);

  const sessionView = (sessionId: string, name: string, expiresAt: Date) => ({
    admin: { name },
    csrfToken: csrfTokenOf(sessionId),
    idleMinutes: Math.round(auth.lifetimes.idleMs / 60_000),
    expiresAt: expiresAt.toISOString(),
  });

  app.post<{ Body: { name: string; password: string } }>(
    '/admin/api/session',
    {
      onRequest: gate,
      schema: adminSchemas.signIn,
      config: contract('Sign in to the console: sets the session cookie', envelope(SessionView), [
        ...WITH_BODY,
        'admin_sign_in_failed',
        'rate_limited',
      ]),
    },
    async (request, reply) => {
      const signedIn = await auth.signIn(request.body.name, request.body.password, request.ip);
      setSessionCookie(request, reply, signedIn.sessionId);
      return ok(sessionView(signedIn.sessionId, signedIn.admin.name, signedIn.expiresAt));
    },
  );

  app.get(
    '/admin/api/session',
    { onRequest: requireAdmin, config: contract('The signed-in admin and the session CSRF token', envelope(SessionView)) },
    async (request) => {
      const signedIn = authenticated(request);
      const sessionId = sessionCookieOf(request);
      if (signedIn.via !== 'session' || sessionId === undefined)
        throw new ServiceError('admin_unauthorized', 'an API token has no console session');
      const session = await store.admin.getAdminSession(hashToken(sessionId));
      const expiresAt = new Date((session?.createdAt.getTime() ?? clock.now()) + auth.lifetimes.absoluteMs);
      return ok(sessionView(sessionId, signedIn.admin.name, expiresAt));
    },
  );

  app.delete(
    '/admin/api/session',
    { onRequest: requireAdmin, config: contract('Sign out: ends the session', envelope(Type.Null())) },
    async (request, reply) => {
      const sessionId = sessionCookieOf(request);
      if (sessionId !== undefined) await auth.signOut(sessionId, authenticated(request), request.ip);
      setSessionCookie(request, reply, '', 0);
      return ok(null);
    },
  );

  registerAdminPoolRoutes(app, deps, requireAdmin);
  registerAdminUserRoutes(app, deps, requireAdmin);
}
