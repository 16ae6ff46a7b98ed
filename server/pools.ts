import { Type, type Static } from 'typebox';
import type { Clock } from './clock.ts';
import { ServiceError } from './errors.ts';
import { hashToken, randomId, randomToken } from './random-tokens.ts';
import { SettingsError, checkSettings } from './settings.ts';
import type { PoolChanges, PoolRecord, Store } from './store/types.ts';

export const DEFAULT_TICKET_EXPIRES_AFTER = 120;

/** A pool setting that cannot be used; the message names it. */
export class PoolInputError extends SettingsError {}

export class PoolNotFoundError extends Error {
  constructor(readonly poolId: string) {
    super(`no pool with id ${poolId}`);
  }
}

/** The settings of seed 000/001/003 an operator sets on a pool (docs/server.md). */
export const PoolSettingsSchema = Type.Object(
  {
    name: Type.String({ pattern: '^(?=.*\\S).{1,64}$', description: 'must be 1–64 characters, not only spaces' }),
    logo: Type.Optional(
      Type.Union([Type.String({ pattern: '^https://[^\\s]{1,504}$' }), Type.Null()], {
        description: 'must be an https URL (≤ 512 characters) or null',
      }),
    ),
    ticketExpiresAfter: Type.Optional(
      Type.Integer({ minimum: 10, maximum: 3600, description: 'must be a whole number of seconds from 10 to 3600' }),
    ),
    ticketExchangeUserInfoNeedSecret: Type.Optional(Type.Boolean()),
    connectionIdentifier: Type.Optional(
      Type.String({ pattern: '^[a-z0-9-]{1,31}$', description: 'must be lowercase letters, digits and "-" only, under 32 characters' }),
    ),
    connectionDisplayName: Type.Optional(
      Type.String({ pattern: '^(?=.*\\S).{1,32}$', description: 'must be 1–32 characters, not only spaces' }),
    ),
    appid: Type.Optional(
      Type.Union([Type.String({ pattern: '^wx[0-9a-f]{16}$' }), Type.Null()], {
        description: 'must look like wx followed by 16 hex digits, or null',
      }),
    ),
    appSecret: Type.Optional(
      Type.Union([Type.String({ pattern: '^[0-9a-f]{32}$' }), Type.Null()], { description: 'must be 32 hex digits, or null' }),
    ),
    loginOnly: Type.Optional(Type.Boolean()),
    /** Tickets bound to the launching app: a login without `codeChallenge` is refused (docs/service-api.md). */
    requireCodeChallenge: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type PoolSettings = Static<typeof PoolSettingsSchema>;

export type PoolSettingsUpdate = Partial<Omit<PoolSettings, 'connectionIdentifier'>> & { connectionIdentifier?: never };

export const PoolUpdateSchema = Type.Partial(Type.Omit(PoolSettingsSchema, ['connectionIdentifier']), { additionalProperties: false });

function checked<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof SettingsError) throw new PoolInputError(error.message);
    throw error;
  }
}

function checkWxappPair(appid: string | null, appSecret: string | null): void {
  if ((appid === null) !== (appSecret === null))
    throw new PoolInputError('appSecret: appid and appSecret must be set (or cleared) together');
}

/** Refuses bad settings of a new pool (PoolInputError naming the field), before anything is stored. */
export function checkNewPool(settings: PoolSettings): void {
  checked(() => checkSettings(PoolSettingsSchema, settings));
  checkWxappPair(settings.appid ?? null, settings.appSecret ?? null);
}

/** What can be checked of an update without reading the pool. */
export function checkPoolUpdate(update: PoolSettingsUpdate): void {
  if ('connectionIdentifier' in update && update.connectionIdentifier !== undefined) {
    throw new PoolInputError('connectionIdentifier: is immutable once the pool exists');
  }
  checked(() => checkSettings(PoolUpdateSchema, update));
}

/** Creates a pool; the secret is returned once and only its hash is kept. */
export async function createPool(store: Store, clock: Clock, settings: PoolSettings): Promise<{ pool: PoolRecord; secret: string }> {
  checkNewPool(settings);
  const appid = settings.appid ?? null;
  const appSecret = settings.appSecret ?? null;
  const secret = randomToken();
  const now = new Date(clock.now());
  const pool: PoolRecord = {
    id: randomId(),
    name: settings.name.trim(),
    logo: settings.logo ?? null,
    secretHash: hashToken(secret),
    ticketExpiresAfter: settings.ticketExpiresAfter ?? DEFAULT_TICKET_EXPIRES_AFTER,
    ticketExchangeUserInfoNeedSecret: settings.ticketExchangeUserInfoNeedSecret ?? true,
    connectionIdentifier: settings.connectionIdentifier ?? 'wechat-miniprogram',
    connectionDisplayName: settings.connectionDisplayName ?? '微信',
    appid,
    appSecret,
    loginOnly: settings.loginOnly ?? false,
    requireCodeChallenge: settings.requireCodeChallenge ?? false,
    createdAt: now,
    updatedAt: now,
  };
  await store.createPool(pool);
  return { pool, secret };
}

export async function updatePool(store: Store, clock: Clock, poolId: string, update: PoolSettingsUpdate): Promise<PoolRecord> {
  checkPoolUpdate(update);
  const current = await store.getPool(poolId);
  if (!current) throw new PoolNotFoundError(poolId);
  checkWxappPair(
    update.appid !== undefined ? update.appid : current.appid,
    update.appSecret !== undefined ? update.appSecret : current.appSecret,
  );
  const changes: PoolChanges = { ...update, ...(update.name !== undefined ? { name: update.name.trim() } : {}) };
  const updated = await store.updatePool(poolId, changes, new Date(clock.now()));
  if (!updated) throw new PoolNotFoundError(poolId);
  return updated;
}

/** The pool a service request names, or its 404. */
export async function requirePool(store: Store, poolId: string): Promise<PoolRecord> {
  const pool = await store.getPool(poolId);
  if (!pool) throw new ServiceError('pool_not_found', `no user pool ${poolId}`);
  return pool;
}

/** The old secret stops working at once. */
export async function rotatePoolSecret(store: Store, clock: Clock, poolId: string): Promise<string> {
  const secret = randomToken();
  const updated = await store.updatePool(poolId, { secretHash: hashToken(secret) }, new Date(clock.now()));
  if (!updated) throw new PoolNotFoundError(poolId);
  return secret;
}

/** A pool without its secrets, for listings. */
export function describePool(pool: PoolRecord): Record<string, unknown> {
  const { secretHash: _secretHash, appSecret, ...rest } = pool;
  return { ...rest, appSecret: appSecret ? '(set)' : null };
}
