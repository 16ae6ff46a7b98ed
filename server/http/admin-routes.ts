/**
 * The admin API under /admin/api (docs/console.md): off (404) until an admin exists; a console session
 * (HttpOnly cookie + CSRF header on changes) or `Authorization: Bearer <admin token>` on every route
 * but sign-in. Every change is audited.
 */
import { parseCookie, stringifySetCookie } from 'cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TSchema } from 'typebox';
import type { ServiceErrorReason } from '../../miniprogram/contract/reasons.ts';
import { csrfTokenOf, type AdminAuth, type Authenticated } from '../admin/auth.ts';
import { audit, type Actor } from '../admin/audit.ts';
import type { Clock } from '../clock.ts';
import { ServiceError } from '../errors.ts';
import { maskPhone } from '../phone-mask.ts';
import { hashToken } from '../random-tokens.ts';
import { STAT, type PoolStats } from '../pool-stats.ts';
import { PoolInputError, PoolNotFoundError, createPool, rotatePoolSecret, updatePool } from '../pools.ts';
import type { PoolSettings, PoolSettingsUpdate } from '../pools.ts';
import type { AccountRecord, PoolRecord, Store } from '../store/types.ts';
import { qrPng, tryItUrl } from '../try-link.ts';
import type { WxaCodes } from '../wxacode.ts';
import {
  DashboardView,
  LoginView,
  PoolView,
  PoolWithSecret,
  SessionView,
  UserDetail,
  UserView,
  AuditView,
  adminSchemas,
} from './admin-schemas.ts';
import { registerConsoleFiles } from './console-files.ts';
import { ok } from './envelope.ts';
import { WITH_BODY, type RouteContract } from './route-contract.ts';

export const SESSION_COOKIE = 'xdl_admin';
export const CSRF_HEADER = 'x-csrf-token';
export const ADMIN_PREFIX = '/admin';

export interface AdminDeps {
  store: Store;
  auth: AdminAuth;
  stats: PoolStats;
  wxaCodes: WxaCodes;
  clock: Clock;
  /** The 普通链接二维码 rule the try-it QR lives under (try-link.ts). */
  tryUrlPrefix: string;
  /** Where the built console is; default dist-console/. */
  consoleDir?: string;
}

/** What every admin route may answer besides its own refusals. */
const GATED: readonly ServiceErrorReason[] = ['route_not_found', 'admin_unauthorized', 'csrf_token_invalid', 'store_unavailable'];
const WITH_ID: readonly ServiceErrorReason[] = ['uri_too_long', 'invalid_request'];

const contract = (summary: string, ok: RouteContract['ok'], refusals: readonly ServiceErrorReason[] = []): { contract: RouteContract } => ({
  contract: { summary, ok, refusals: [...GATED, ...refusals] },
});
const envelope = (data: TSchema) => ({ envelope: data });

const SAFE_METHODS = new Set(['GET', 'HEAD']);
const who = new WeakMap<FastifyRequest, Authenticated>();

function authenticated(request: FastifyRequest): Authenticated {
  const found = who.get(request);
  if (!found) throw new ServiceError('admin_unauthorized', 'sign in first');
  return found;
}

export const actorOf = (request: FastifyRequest): Actor => {
  const { admin, via } = authenticated(request);
  return { name: admin.name, via, ip: request.ip };
};

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

export function poolView(pool: PoolRecord) {
  return {
    id: pool.id,
    name: pool.name,
    logo: pool.logo,
    ticketExpiresAfter: pool.ticketExpiresAfter,
    ticketExchangeUserInfoNeedSecret: pool.ticketExchangeUserInfoNeedSecret,
    connectionIdentifier: pool.connectionIdentifier,
    connectionDisplayName: pool.connectionDisplayName,
    appid: pool.appid,
    appSecretSet: pool.appSecret !== null,
    loginOnly: pool.loginOnly,
    requireCodeChallenge: pool.requireCodeChallenge,
    createdAt: pool.createdAt.toISOString(),
    updatedAt: pool.updatedAt.toISOString(),
  };
}

function userView(account: AccountRecord) {
  return {
    id: account.id,
    poolId: account.poolId,
    maskedPhone: account.phone ? maskPhone(account.phone) : null,
    phoneCountryCode: account.phoneCountryCode,
    unionid: account.unionid,
    blocked: account.blocked,
    loginsCount: account.loginsCount,
    lastLogin: account.lastLogin?.toISOString() ?? null,
    lastIP: account.lastIP,
    signedUp: account.signedUp.toISOString(),
  };
}

/** What an audit entry says of a change of settings: their names and values, an AppSecret only as changed. */
function settingsForAudit(settings: Partial<PoolSettings>): Record<string, unknown> {
  const { appSecret, ...rest } = settings;
  return appSecret === undefined ? rest : { ...rest, appSecret: appSecret === null ? null : '(changed)' };
}

async function poolCall<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof PoolInputError) throw new ServiceError('invalid_request', error.message);
    if (error instanceof PoolNotFoundError) throw new ServiceError('pool_not_found', `no user pool ${error.poolId}`);
    throw error;
  }
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

  app.get('/admin/api/pools', { onRequest: requireAdmin, config: contract('Every user pool', envelope(Type.Array(PoolView))) }, async () =>
    ok((await store.listPools()).map(poolView)),
  );

  app.post<{ Body: PoolSettings }>(
    '/admin/api/pools',
    {
      onRequest: requireAdmin,
      schema: adminSchemas.createPool,
      config: contract('Create a user pool; its secret is in this answer only', envelope(PoolWithSecret), WITH_BODY),
    },
    async (request) => {
      const { pool, secret } = await poolCall(() => createPool(store, clock, request.body));
      await audit(store.admin, clock, actorOf(request), 'pool.create', pool.id, settingsForAudit(request.body));
      return ok({ pool: poolView(pool), secret });
    },
  );

  app.get<{ Params: { poolId: string } }>(
    '/admin/api/pools/:poolId',
    {
      onRequest: requireAdmin,
      schema: adminSchemas.pool,
      config: contract('One user pool', envelope(PoolView), [...WITH_ID, 'pool_not_found']),
    },
    async (request) => {
      const pool = await store.getPool(request.params.poolId);
      if (!pool) throw new ServiceError('pool_not_found', `no user pool ${request.params.poolId}`);
      return ok(poolView(pool));
    },
  );

  app.patch<{ Params: { poolId: string }; Body: PoolSettingsUpdate }>(
    '/admin/api/pools/:poolId',
    {
      onRequest: requireAdmin,
      schema: adminSchemas.updatePool,
      config: contract('Change settings of a user pool (its identifier is immutable; the AppSecret write-only)', envelope(PoolView), [
        ...WITH_ID,
        ...WITH_BODY,
        'pool_not_found',
      ]),
    },
    async (request) => {
      const updated = await poolCall(() => updatePool(store, clock, request.params.poolId, request.body));
      await audit(store.admin, clock, actorOf(request), 'pool.update', updated.id, settingsForAudit(request.body));
      return ok(poolView(updated));
    },
  );

  app.post<{ Params: { poolId: string } }>(
    '/admin/api/pools/:poolId/secret',
    {
      onRequest: requireAdmin,
      schema: adminSchemas.pool,
      config: contract(
        'Rotate the pool secret: the old one stops working; the new one is in this answer only',
        envelope(Type.Object({ secret: Type.String() })),
        [...WITH_ID, 'pool_not_found'],
      ),
    },
    async (request) => {
      const secret = await poolCall(() => rotatePoolSecret(store, clock, request.params.poolId));
      await audit(store.admin, clock, actorOf(request), 'pool.rotate_secret', request.params.poolId);
      return ok({ secret });
    },
  );

  app.get<{ Params: { poolId: string }; Querystring: { useSelfWxapp?: '0' | '1' } }>(
    '/admin/api/pools/:poolId/wxacode.png',
    {
      onRequest: requireAdmin,
      schema: adminSchemas.wxacode,
      config: contract("The pool's 小程序码 (from WeChat)", { png: true }, [
        ...WITH_ID,
        'pool_not_found',
        'self_wxapp_unavailable',
        'wechat_unavailable',
      ]),
    },
    async (request, reply) => {
      const png = await deps.wxaCodes.forPool(request.params.poolId, request.query.useSelfWxapp === '1');
      return reply.type('image/png').header('content-disposition', `attachment; filename="wxacode-${request.params.poolId}.png"`).send(png);
    },
  );

  app.get<{ Params: { poolId: string } }>(
    '/admin/api/pools/:poolId/try-qr.png',
    {
      onRequest: requireAdmin,
      schema: adminSchemas.pool,
      config: contract('The pool’s try-it QR code (普通链接二维码)', { png: true }, [...WITH_ID, 'pool_not_found']),
    },
    async (request, reply) => {
      const pool = await store.getPool(request.params.poolId);
      if (!pool) throw new ServiceError('pool_not_found', `no user pool ${request.params.poolId}`);
      const png = await qrPng(tryItUrl(deps.tryUrlPrefix, pool.id));
      return reply.type('image/png').header('content-disposition', `attachment; filename="try-${pool.id}.png"`).send(png);
    },
  );

  app.get<{ Params: { poolId: string }; Querystring: { days?: string } }>(
    '/admin/api/pools/:poolId/dashboard',
    {
      onRequest: requireAdmin,
      schema: adminSchemas.dashboard,
      config: contract('Logins, exchanges, refusals, WeChat errors and phone verifications of a pool, by hour', envelope(DashboardView), [
        ...WITH_ID,
        'pool_not_found',
      ]),
    },
    async (request) => {
      const pool = await store.getPool(request.params.poolId);
      if (!pool) throw new ServiceError('pool_not_found', `no user pool ${request.params.poolId}`);
      await deps.stats.flush();
      const now = clock.now();
      const since = new Date(now - (now % 3_600_000) - (Number(request.query.days ?? '7') * 24 - 1) * 3_600_000);
      return ok(dashboardOf(pool.id, since, new Date(now), await store.admin.readPoolStats(pool.id, since)));
    },
  );

  app.get<{ Querystring: { poolId?: string; phone?: string; openid?: string; unionid?: string; id?: string } }>(
    '/admin/api/users',
    {
      onRequest: requireAdmin,
      schema: adminSchemas.users,
      config: contract(
        'Find users by phone, openid, unionid or id (newest first, at most 50; phones masked)',
        envelope(Type.Array(UserView)),
        ['invalid_request'],
      ),
    },
    async (request) => {
      const { poolId, ...terms } = request.query;
      if (poolId === undefined && Object.keys(terms).length === 0)
        throw new ServiceError('invalid_request', 'query: give a poolId, or a phone, openid, unionid or id to look for');
      return ok((await store.admin.searchAccounts(request.query, 50)).map(userView));
    },
  );

  const requireUser = async (userId: string): Promise<AccountRecord> => {
    const account = await store.admin.getAccountById(userId);
    if (!account) throw new ServiceError('user_not_found', `no user ${userId}`);
    return account;
  };

  app.get<{ Params: { userId: string } }>(
    '/admin/api/users/:userId',
    {
      onRequest: requireAdmin,
      schema: adminSchemas.user,
      config: contract('One user and their WeChat identities', envelope(UserDetail), [...WITH_ID, 'user_not_found']),
    },
    async (request) => {
      const account = await requireUser(request.params.userId);
      return ok({ ...userView(account), identities: await store.admin.listIdentities(account.id) });
    },
  );

  app.get<{ Params: { userId: string } }>(
    '/admin/api/users/:userId/logins',
    {
      onRequest: requireAdmin,
      schema: adminSchemas.user,
      config: contract("A user's logins, newest first (at most 100)", envelope(Type.Array(LoginView)), [...WITH_ID, 'user_not_found']),
    },
    async (request) => {
      const account = await requireUser(request.params.userId);
      const logins = await store.admin.listLogins(account.id, 100);
      return ok(logins.map((login) => ({ at: login.at.toISOString(), ip: login.ip, appid: login.appid, phoneProof: login.phoneProof })));
    },
  );

  app.post<{ Params: { userId: string } }>(
    '/admin/api/users/:userId/phone',
    {
      onRequest: requireAdmin,
      schema: adminSchemas.user,
      config: contract(
        "Reveal a user's phone number (audited)",
        envelope(Type.Object({ phone: Type.Union([Type.String(), Type.Null()]), countryCode: Type.Union([Type.String(), Type.Null()]) })),
        [...WITH_ID, 'user_not_found'],
      ),
    },
    async (request) => {
      const account = await requireUser(request.params.userId);
      await audit(store.admin, clock, actorOf(request), 'user.reveal_phone', account.id, { poolId: account.poolId });
      return ok({ phone: account.phone, countryCode: account.phoneCountryCode });
    },
  );

  app.put<{ Params: { userId: string }; Body: { blocked: boolean } }>(
    '/admin/api/users/:userId/blocked',
    {
      onRequest: requireAdmin,
      schema: adminSchemas.blocked,
      config: contract('Block or unblock a user: a blocked user can neither log in nor be exchanged', envelope(UserView), [
        ...WITH_ID,
        ...WITH_BODY,
        'user_not_found',
      ]),
    },
    async (request) => {
      const account = await requireUser(request.params.userId);
      await store.setAccountBlocked(account.poolId, account.id, request.body.blocked);
      await audit(store.admin, clock, actorOf(request), request.body.blocked ? 'user.block' : 'user.unblock', account.id, {
        poolId: account.poolId,
      });
      return ok(userView({ ...account, blocked: request.body.blocked }));
    },
  );

  app.get<{ Querystring: { before?: string } }>(
    '/admin/api/audit',
    {
      onRequest: requireAdmin,
      schema: adminSchemas.audit,
      config: contract(
        'The audit log, newest first, 100 at a time (`before`: an entry id, to page back)',
        envelope(Type.Array(AuditView)),
        ['invalid_request'],
      ),
    },
    async (request) => {
      const before = request.query.before === undefined ? undefined : Number(request.query.before);
      const entries = await store.admin.listAudit(100, before);
      return ok(
        entries.map((entry) => ({
          ...entry,
          at: entry.at.toISOString(),
          detail: entry.detail === null ? null : (JSON.parse(entry.detail) as Record<string, unknown>),
        })),
      );
    },
  );
}

function dashboardOf(poolId: string, since: Date, until: Date, rows: readonly { hour: Date; metric: string; count: number }[]) {
  const hourly = new Map<number, { logins: number; exchanges: number }>();
  const totals = { logins: 0, exchanges: 0, phoneVerified: 0, phoneSaved: 0 };
  const loginRefusals = new Map<string, number>();
  const exchangeRefusals = new Map<string, number>();
  const wechatErrors = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, n: number) => map.set(key, (map.get(key) ?? 0) + n);
  for (const { hour, metric, count } of rows) {
    const bucket = hourly.get(hour.getTime()) ?? { logins: 0, exchanges: 0 };
    if (metric === STAT.logins) {
      bucket.logins += count;
      totals.logins += count;
    } else if (metric === STAT.exchanges) {
      bucket.exchanges += count;
      totals.exchanges += count;
    } else if (metric === STAT.phoneVerified) totals.phoneVerified += count;
    else if (metric === STAT.phoneSaved) totals.phoneSaved += count;
    else if (metric.startsWith(STAT.loginRefused)) add(loginRefusals, metric.slice(STAT.loginRefused.length), count);
    else if (metric.startsWith(STAT.exchangeRefused)) add(exchangeRefusals, metric.slice(STAT.exchangeRefused.length), count);
    else if (metric.startsWith(STAT.wechatError)) add(wechatErrors, metric.slice(STAT.wechatError.length), count);
    hourly.set(hour.getTime(), bucket);
  }
  const sorted = (map: Map<string, number>, key: string) =>
    [...map].sort(([, a], [, b]) => b - a).map(([name, count]) => ({ [key]: name, count }));
  return {
    poolId,
    since: since.toISOString(),
    until: until.toISOString(),
    hourly: [...hourly].sort(([a], [b]) => a - b).map(([hour, counts]) => ({ hour: new Date(hour).toISOString(), ...counts })),
    totals,
    loginRefusals: sorted(loginRefusals, 'reason'),
    exchangeRefusals: sorted(exchangeRefusals, 'reason'),
    wechatErrors: sorted(wechatErrors, 'outcome'),
  };
}
