/**
 * The app's own sessions: opaque random bearer tokens kept in this process's memory until they expire.
 * Opaque rather than signed: nothing to leak or rotate, a session ends when it is deleted, and the token
 * says nothing about the user. The map is keyed by the token's SHA-256, so the tokens themselves are
 * not kept (a heap dump does not hand them out) and a lookup compares hashes, not secrets. One process
 * only: several instances need a shared store (Redis, the app's database) in place of the map.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from './clock.ts';

export interface SessionUser {
  userId: string;
  phone: string | null;
  openid: string;
  unionid: string | null;
}

/** 32 random bytes in base64url. */
export const SESSION_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
/** Expired sessions are swept at most this often (on the next login), so the map does not grow with them. */
const SWEEP_EVERY_MS = 60_000;

const digestOf = (token: string): string => createHash('sha256').update(token).digest('base64url');

export class Sessions {
  private readonly byDigest = new Map<string, { user: SessionUser; expiresAt: number }>();
  private lastSweep: number;

  constructor(
    private readonly lifetimeMs: number,
    private readonly clock: Clock,
  ) {
    this.lastSweep = clock.now();
  }

  open(user: SessionUser): { token: string; expiresAt: Date } {
    const now = this.clock.now();
    if (now - this.lastSweep >= SWEEP_EVERY_MS) this.sweep(now);
    const token = randomBytes(32).toString('base64url');
    const expiresAt = now + this.lifetimeMs;
    this.byDigest.set(digestOf(token), { user, expiresAt });
    return { token, expiresAt: new Date(expiresAt) };
  }

  /** The session's user, or null when the token is unknown or its session has expired. */
  find(token: string): SessionUser | null {
    if (!SESSION_TOKEN_PATTERN.test(token)) return null;
    const digest = digestOf(token);
    const session = this.byDigest.get(digest);
    if (session === undefined) return null;
    if (this.clock.now() >= session.expiresAt) {
      this.byDigest.delete(digest);
      return null;
    }
    return session.user;
  }

  get size(): number {
    return this.byDigest.size;
  }

  private sweep(now: number): void {
    for (const [digest, session] of this.byDigest) if (now >= session.expiresAt) this.byDigest.delete(digest);
    this.lastSweep = now;
  }
}
