/** The admin API's user routes (docs/console.md): search, one user, their logins, the audited phone reveal, block; the audit log. */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { audit } from '../admin/audit.ts';
import { ServiceError } from '../errors.ts';
import { maskPhone } from '../phone-mask.ts';
import type { AccountRecord } from '../store/types.ts';
import { AuditView, LoginView, UserDetail, UserView, adminSchemas } from './admin-schemas.ts';
import { WITH_ID, actorOf, contract, envelope, type AdminCheck, type AdminDeps } from './admin-route-kit.ts';
import { ok } from './envelope.ts';
import { WITH_BODY } from './route-contract.ts';

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

export function registerAdminUserRoutes(app: FastifyInstance, deps: AdminDeps, requireAdmin: AdminCheck): void {
  const { store, clock } = deps;

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
