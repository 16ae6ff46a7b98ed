import type { Clock } from './clock.ts';
import { ServiceError } from './errors.ts';
import { hashToken, randomId, randomToken } from './secrets.ts';
import type { PoolChanges, PoolRecord, Store } from './store/types.ts';

export const DEFAULT_TICKET_EXPIRES_AFTER = 120;

export class PoolInputError extends Error {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`${field}: ${problem}`);
  }
}

export class PoolNotFoundError extends Error {
  constructor(readonly poolId: string) {
    super(`no pool with id ${poolId}`);
  }
}

export interface PoolSettings {
  name: string;
  logo?: string | null;
  ticketExpiresAfter?: number;
  ticketExchangeUserInfoNeedSecret?: boolean;
  connectionIdentifier?: string;
  connectionDisplayName?: string;
  appid?: string | null;
  appSecret?: string | null;
  loginOnly?: boolean;
}

export type PoolSettingsUpdate = Partial<Omit<PoolSettings, 'connectionIdentifier'>> & { connectionIdentifier?: never };

const IDENTIFIER = /^[a-z0-9-]{1,31}$/;
const APPID = /^wx[0-9a-f]{16}$/;
const APP_SECRET = /^[0-9a-f]{32}$/;

function check(field: string, ok: boolean, problem: string): void {
  if (!ok) throw new PoolInputError(field, problem);
}

function validate(settings: Partial<PoolSettings>): void {
  const s = settings;
  if (s.name !== undefined) check('name', typeof s.name === 'string' && s.name.trim().length > 0 && s.name.length <= 64, 'must be 1–64 characters');
  if (s.logo !== undefined && s.logo !== null) {
    let ok = false;
    try {
      ok = new URL(s.logo).protocol === 'https:' && s.logo.length <= 512;
    } catch {
      ok = false;
    }
    check('logo', ok, 'must be an https URL (≤ 512 characters) or null');
  }
  if (s.ticketExpiresAfter !== undefined) {
    check('ticketExpiresAfter', Number.isInteger(s.ticketExpiresAfter) && s.ticketExpiresAfter >= 10 && s.ticketExpiresAfter <= 3600, 'must be a whole number of seconds from 10 to 3600');
  }
  if (s.ticketExchangeUserInfoNeedSecret !== undefined) check('ticketExchangeUserInfoNeedSecret', typeof s.ticketExchangeUserInfoNeedSecret === 'boolean', 'must be true or false');
  if (s.loginOnly !== undefined) check('loginOnly', typeof s.loginOnly === 'boolean', 'must be true or false');
  if (s.connectionIdentifier !== undefined) check('connectionIdentifier', IDENTIFIER.test(s.connectionIdentifier), 'lowercase letters, digits and "-" only, under 32 characters');
  if (s.connectionDisplayName !== undefined) check('connectionDisplayName', s.connectionDisplayName.trim().length > 0 && s.connectionDisplayName.length <= 32, 'must be 1–32 characters');
  if (s.appid !== undefined && s.appid !== null) check('appid', APPID.test(s.appid), 'must look like wx followed by 16 hex digits');
  if (s.appSecret !== undefined && s.appSecret !== null) check('appSecret', APP_SECRET.test(s.appSecret), 'must be 32 hex digits');
}

function checkWxappPair(appid: string | null, appSecret: string | null): void {
  check('appSecret', (appid === null) === (appSecret === null), 'appid and appSecret must be set (or cleared) together');
}

/** Refuses bad settings of a new pool (PoolInputError naming the field), before anything is stored. */
export function checkNewPool(settings: PoolSettings): void {
  validate(settings);
  checkWxappPair(settings.appid ?? null, settings.appSecret ?? null);
}

/** What can be checked of an update without reading the pool. */
export function checkPoolUpdate(update: PoolSettingsUpdate): void {
  if ('connectionIdentifier' in update && update.connectionIdentifier !== undefined) {
    throw new PoolInputError('connectionIdentifier', 'is immutable once the pool exists');
  }
  validate(update);
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
  checkWxappPair(update.appid !== undefined ? update.appid : current.appid, update.appSecret !== undefined ? update.appSecret : current.appSecret);
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
