/** The admin API's pool routes (docs/console.md): list, create, change, rotate the secret, the codes, the dashboard. */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { audit } from '../admin/audit.ts';
import { ServiceError } from '../errors.ts';
import { PoolInputError, PoolNotFoundError, createPool, rotatePoolSecret, updatePool } from '../pools.ts';
import type { PoolSettings, PoolSettingsUpdate } from '../pools.ts';
import { STAT } from '../pool-stats.ts';
import type { PoolRecord } from '../store/types.ts';
import { qrPng, tryItUrl } from '../try-link.ts';
import { DashboardView, PoolView, PoolWithSecret, adminSchemas } from './admin-schemas.ts';
import { WITH_ID, actorOf, contract, envelope, type AdminCheck, type AdminDeps } from './admin-route-kit.ts';
import { ok } from './envelope.ts';
import { WITH_BODY } from './route-contract.ts';

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

export function registerAdminPoolRoutes(app: FastifyInstance, deps: AdminDeps, requireAdmin: AdminCheck): void {
  const { store, clock } = deps;

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
