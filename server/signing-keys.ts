/**
 * The life of an exchange-token signing key, as a pure schedule over the stored keys and a time:
 *
 *   pending ── activatesAt ──▶ active ── next key activates ──▶ retired ── + token lifetime + grace ──▶ gone
 *
 * Pending keys are already in the JWKS (app backends cache it for JWKS_MAX_AGE_S), so a key published
 * a cache lifetime before it signs is known everywhere before its first token. A retired key stays in
 * the JWKS until every token it signed has expired; its private half is erased after the grace period.
 */
import { exportJWK, generateKeyPair } from 'jose';
import { randomToken } from './random-tokens.ts';

export const TOKEN_ALG = 'ES256';
export const TOKEN_LIFETIME_S = 15 * 24 * 3600;
/** `Cache-Control: max-age` of the JWKS. */
export const JWKS_MAX_AGE_S = 300;
/** How often every replica rereads the key set (a rotation reaches a running replica within this). */
export const KEY_REFRESH_MS = 60_000;
/** Covers a replica still signing with a key set up to KEY_REFRESH_MS old, and clock skew between replicas. */
export const KEY_GRACE_MS = 60 * 60_000;
/** A rotation's default wait before the new key signs: every JWKS cache has seen it by then. */
export const ROTATION_LEAD_MS = JWKS_MAX_AGE_S * 1000 + KEY_REFRESH_MS;
/** The first key has no predecessor: it has signed since the beginning of time. */
export const FIRST_KEY_ACTIVATES_AT = new Date(0);

export interface ScheduledKey {
  kid: string;
  activatesAt: Date;
}

export type KeyState = 'pending' | 'active' | 'retired';

export interface KeyStatus<K extends ScheduledKey> {
  key: K;
  state: KeyState;
  /** When the next key took over; null unless retired. */
  retiredAt: Date | null;
  /** When the key leaves the JWKS and the store; null unless retired. */
  leavesAt: Date | null;
  /** When the private half is erased; null unless retired. */
  privateErasedAt: Date | null;
}

const byActivation = <K extends ScheduledKey>(a: K, b: K) => a.activatesAt.getTime() - b.activatesAt.getTime() || (a.kid < b.kid ? -1 : 1);

/** Every key's state at `now`, in activation order. */
export function keySchedule<K extends ScheduledKey>(keys: readonly K[], now: number): KeyStatus<K>[] {
  const ordered = [...keys].sort(byActivation);
  return ordered.map((key, index) => {
    if (key.activatesAt.getTime() > now) return { key, state: 'pending', retiredAt: null, leavesAt: null, privateErasedAt: null };
    const successor = ordered[index + 1];
    if (!successor || successor.activatesAt.getTime() > now) {
      return { key, state: 'active', retiredAt: null, leavesAt: null, privateErasedAt: null };
    }
    const retiredAt = successor.activatesAt.getTime();
    return {
      key,
      state: 'retired',
      retiredAt: successor.activatesAt,
      leavesAt: new Date(retiredAt + TOKEN_LIFETIME_S * 1000 + KEY_GRACE_MS),
      privateErasedAt: new Date(retiredAt + KEY_GRACE_MS),
    };
  });
}

/** The key that signs at `now`: the latest one activated. */
export function activeKey<K extends ScheduledKey>(keys: readonly K[], now: number): K | null {
  let active: K | null = null;
  for (const key of keys) {
    if (key.activatesAt.getTime() <= now && (!active || byActivation(active, key) < 0)) active = key;
  }
  return active;
}

/** The keys the JWKS lists at `now`: pending, active, and retired ones whose tokens may still be live. */
export function publishedKeys<K extends ScheduledKey>(keys: readonly K[], now: number): K[] {
  return keySchedule(keys, now)
    .filter((status) => status.leavesAt === null || status.leavesAt.getTime() > now)
    .map((status) => status.key);
}

/** What the purge does at `now`: erase private halves past their grace, delete keys past their tokens. */
export function keyHousekeeping(
  keys: readonly (ScheduledKey & { hasPrivate: boolean })[],
  now: number,
): { erase: string[]; remove: string[] } {
  const erase: string[] = [];
  const remove: string[] = [];
  for (const status of keySchedule(keys, now)) {
    if (status.leavesAt && status.leavesAt.getTime() <= now) remove.push(status.key.kid);
    else if (status.privateErasedAt && status.privateErasedAt.getTime() <= now && status.key.hasPrivate) erase.push(status.key.kid);
  }
  return { erase, remove };
}

export interface NewSigningKey {
  kid: string;
  privateJwk: string;
  publicJwk: string;
}

export async function newSigningKey(): Promise<NewSigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(TOKEN_ALG, { extractable: true });
  return {
    kid: randomToken(8),
    privateJwk: JSON.stringify(await exportJWK(privateKey)),
    publicJwk: JSON.stringify(await exportJWK(publicKey)),
  };
}
