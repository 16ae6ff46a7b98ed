import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes as base64url: 256 bits, only `[A-Za-z0-9_-]`. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** 24 hex chars, the shape of the seed's ids (a Mongo ObjectId). */
export function randomId(): string {
  return randomBytes(12).toString('hex');
}

/**
 * Tickets, session ids and pool secrets are ≥ 256 random bits, so a plain SHA-256 is enough to store
 * them: there is nothing to brute-force that a slow KDF would protect.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export function tokenMatchesHash(token: string, storedHash: string): boolean {
  const a = Buffer.from(hashToken(token));
  const b = Buffer.from(storedHash);
  return a.length === b.length && timingSafeEqual(a, b);
}
