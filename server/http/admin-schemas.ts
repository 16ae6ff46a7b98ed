/** The admin API's JSON schemas (also the OpenAPI document's). */
import { Type } from 'typebox';
import { PoolId } from '../../miniprogram/contract/schemas.ts';
import { PoolSettingsSchema, PoolUpdateSchema } from '../pools.ts';

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);
const Timestamp = Type.String({ description: 'an ISO 8601 date-time' });

export const AccountId = Type.String({ pattern: '^[0-9a-f]{24}$', description: '24 lowercase hex characters' });

export const SignInRequest = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 1024 }) },
  { additionalProperties: false },
);

export const SessionView = Type.Object({
  admin: Type.Object({ name: Type.String() }),
  /** Send it back as `x-csrf-token` on every change made through this session. */
  csrfToken: Type.String(),
  idleMinutes: Type.Integer(),
  expiresAt: Timestamp,
});

/** A pool as the admin API shows it: every setting, the AppSecret only as whether one is set. */
export const PoolView = Type.Object({
  id: PoolId,
  name: Type.String(),
  logo: Nullable(Type.String()),
  ticketExpiresAfter: Type.Integer(),
  ticketExchangeUserInfoNeedSecret: Type.Boolean(),
  connectionIdentifier: Type.String(),
  connectionDisplayName: Type.String(),
  appid: Nullable(Type.String()),
  appSecretSet: Type.Boolean(),
  loginOnly: Type.Boolean(),
  requireCodeChallenge: Type.Boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const PoolWithSecret = Type.Object({
  pool: PoolView,
  /** The pool secret, shown only in this answer. */
  secret: Type.String(),
});

export const UserView = Type.Object({
  id: AccountId,
  poolId: PoolId,
  maskedPhone: Nullable(Type.String()),
  phoneCountryCode: Nullable(Type.String()),
  unionid: Nullable(Type.String()),
  blocked: Type.Boolean(),
  loginsCount: Type.Integer(),
  lastLogin: Nullable(Timestamp),
  lastIP: Nullable(Type.String()),
  signedUp: Timestamp,
});

export const UserDetail = Type.Intersect([
  UserView,
  Type.Object({ identities: Type.Array(Type.Object({ appid: Type.String(), openid: Type.String() })) }),
]);

export const LoginView = Type.Object({
  at: Timestamp,
  ip: Type.String(),
  appid: Type.String(),
  phoneProof: Type.String(),
});

export const AuditView = Type.Object({
  id: Type.Integer(),
  at: Timestamp,
  actor: Type.String(),
  via: Type.String(),
  action: Type.String(),
  target: Nullable(Type.String()),
  detail: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  ip: Nullable(Type.String()),
});

const Counted = (key: string) => Type.Array(Type.Object({ [key]: Type.String(), count: Type.Integer() }));

export const DashboardView = Type.Object({
  poolId: PoolId,
  since: Timestamp,
  /** The service's now: the hours from `since` to it are the range (hours without counts are not listed). */
  until: Timestamp,
  hourly: Type.Array(Type.Object({ hour: Timestamp, logins: Type.Integer(), exchanges: Type.Integer() })),
  totals: Type.Object({ logins: Type.Integer(), exchanges: Type.Integer(), phoneVerified: Type.Integer(), phoneSaved: Type.Integer() }),
  loginRefusals: Counted('reason'),
  exchangeRefusals: Counted('reason'),
  wechatErrors: Counted('outcome'),
});

const Digits = Type.String({ pattern: '^[0-9]{1,9}$' });

export const poolParams = Type.Object({ poolId: PoolId });
export const userParams = Type.Object({ userId: AccountId });

export const adminSchemas = {
  signIn: { body: SignInRequest },
  createPool: { body: PoolSettingsSchema },
  pool: { params: poolParams },
  updatePool: { params: poolParams, body: PoolUpdateSchema },
  wxacode: {
    params: poolParams,
    querystring: Type.Object(
      { useSelfWxapp: Type.Optional(Type.Union([Type.Literal('0'), Type.Literal('1')])) },
      { additionalProperties: false },
    ),
  },
  dashboard: {
    params: poolParams,
    querystring: Type.Object(
      { days: Type.Optional(Type.String({ pattern: '^([1-9]|[1-8][0-9]|90)$', description: 'whole days back, 1–90; default 7' })) },
      { additionalProperties: false },
    ),
  },
  users: {
    querystring: Type.Object(
      {
        poolId: Type.Optional(PoolId),
        phone: Type.Optional(Type.String({ pattern: '^[0-9]{3,20}$' })),
        openid: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
        unionid: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
        id: Type.Optional(AccountId),
      },
      { additionalProperties: false },
    ),
  },
  user: { params: userParams },
  blocked: { params: userParams, body: Type.Object({ blocked: Type.Boolean() }, { additionalProperties: false }) },
  audit: { querystring: Type.Object({ before: Type.Optional(Digits) }, { additionalProperties: false }) },
};
