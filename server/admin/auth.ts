/**
 * Who may use the console and admin API: admins (name + scrypt password), their sessions (a random id
 * in an HttpOnly cookie, only its hash stored, with an idle and an absolute expiry) and their API
 * tokens (random, only the hash stored). Every change is audited (audit.ts).
 */
import type { Clock } from '../clock.ts';
import { RateLimitedError, ServiceError } from '../errors.ts';
import { hashToken, randomId, randomToken, tokenMatchesHash } from '../random-tokens.ts';
import type { AdminRecord, AdminStore, AdminTokenRecord } from '../store/admin-types.ts';
import { audit, type Actor } from './audit.ts';
import { DEFAULT_SCRYPT, checkPasswordPolicy, hashPassword, verifyAgainstNothing, verifyPassword, type ScryptParams } from './passwords.ts';
import type { SignInLimits } from './sign-in-limits.ts';

export const ADMIN_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
/** The prefix makes a leaked token recognisable (secret scanners, logs). */
export const ADMIN_TOKEN_PREFIX = 'xdla_';

export interface SessionLifetimes {
  /** A session unused this long ends. */
  idleMs: number;
  /** A session ends this long after sign-in, used or not. */
  absoluteMs: number;
}

export const DEFAULT_SESSION_LIFETIMES: SessionLifetimes = { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 };

export class AdminInputError extends Error {}

/**
 * The session's CSRF token, derived from its id: the console reads it from the sign-in answer (or
 * GET /admin/api/session after a reload) and sends it in a header, which a cross-site request cannot
 * (it can neither read the cookie nor an answer). The store keeps only its hash.
 */
export const csrfTokenOf = (sessionId: string): string => hashToken(`csrf|${sessionId}`);

export function checkAdminName(name: string): void {
  if (!ADMIN_NAME_PATTERN.test(name))
    throw new AdminInputError('name: must be 1–64 letters, digits, ".", "_", "@" or "-", starting with a letter or digit');
}

/** Managing admins, as the CLI does (actor `cli`). */
export class AdminAccounts {
  constructor(
    private readonly store: AdminStore,
    private readonly clock: Clock,
    private readonly hashing: ScryptParams = DEFAULT_SCRYPT,
  ) {}

  async create(name: string, password: string, actor: Actor): Promise<AdminRecord> {
    checkAdminName(name);
    checkPasswordPolicy(password);
    if (await this.store.getAdminByName(name)) throw new AdminInputError(`name: an admin named ${name} exists`);
    const now = new Date(this.clock.now());
    const admin: AdminRecord = {
      id: randomId(),
      name,
      passwordHash: await hashPassword(password, this.hashing),
      createdAt: now,
      passwordChangedAt: now,
    };
    await this.store.createAdmin(admin);
    await audit(this.store, this.clock, actor, 'admin.create', name);
    return admin;
  }

  async setPassword(name: string, password: string, actor: Actor): Promise<void> {
    checkPasswordPolicy(password);
    const admin = await this.require(name);
    await this.store.setAdminPassword(admin.id, await hashPassword(password, this.hashing), new Date(this.clock.now()));
    await audit(this.store, this.clock, actor, 'admin.password', name);
  }

  async delete(name: string, actor: Actor): Promise<void> {
    const admin = await this.require(name);
    await this.store.deleteAdmin(admin.id);
    await audit(this.store, this.clock, actor, 'admin.delete', name);
  }

  list(): Promise<AdminRecord[]> {
    return this.store.listAdmins();
  }

  /** The token is returned once; only its hash is kept. */
  async createToken(adminName: string, tokenName: string, actor: Actor): Promise<{ token: string; record: AdminTokenRecord }> {
    const admin = await this.require(adminName);
    if (!/^[^\s].{0,63}$/.test(tokenName)) throw new AdminInputError('token name: must be 1–64 characters');
    const token = ADMIN_TOKEN_PREFIX + randomToken();
    const record: AdminTokenRecord = {
      id: randomId(),
      adminId: admin.id,
      name: tokenName,
      tokenHash: hashToken(token),
      createdAt: new Date(this.clock.now()),
      lastUsedAt: null,
    };
    await this.store.createAdminToken(record);
    await audit(this.store, this.clock, actor, 'token.create', record.id, { admin: adminName, name: tokenName });
    return { token, record };
  }

  listTokens(): Promise<AdminTokenRecord[]> {
    return this.store.listAdminTokens();
  }

  async revokeToken(id: string, actor: Actor): Promise<void> {
    if (!(await this.store.deleteAdminToken(id))) throw new AdminInputError(`token: no token with id ${id}`);
    await audit(this.store, this.clock, actor, 'token.revoke', id);
  }

  private async require(name: string): Promise<AdminRecord> {
    const admin = await this.store.getAdminByName(name);
    if (!admin) throw new AdminInputError(`name: no admin named ${name}`);
    return admin;
  }
}

export interface SignedIn {
  sessionId: string;
  csrfToken: string;
  admin: AdminRecord;
  expiresAt: Date;
}

/** An admin acting through a session (with its CSRF token's hash) or a token. */
export interface Authenticated {
  admin: AdminRecord;
  via: 'session' | `token:${string}`;
  csrfHash: string | null;
}

export class AdminAuth {
  constructor(
    private readonly store: AdminStore,
    private readonly clock: Clock,
    private readonly limits: SignInLimits,
    readonly lifetimes: SessionLifetimes = DEFAULT_SESSION_LIFETIMES,
  ) {}

  /** The console and admin API exist only once an admin does. */
  async enabled(): Promise<boolean> {
    return (await this.store.countAdmins()) > 0;
  }

  async signIn(name: string, password: string, ip: string): Promise<SignedIn> {
    const refusal = this.limits.backoff(name, ip);
    if (refusal) throw new RateLimitedError(refusal.retryAfterS);
    const admin = ADMIN_NAME_PATTERN.test(name) ? await this.store.getAdminByName(name) : null;
    const matches = admin ? await verifyPassword(password, admin.passwordHash) : await verifyAgainstNothing(password);
    if (!admin || !matches) {
      this.limits.failed(name, ip);
      await audit(this.store, this.clock, { name: name.slice(0, 64), via: 'session', ip }, 'session.sign_in_failed', null);
      throw new ServiceError('admin_sign_in_failed', 'wrong name or password');
    }
    const sessionId = randomToken();
    const csrfToken = csrfTokenOf(sessionId);
    const now = new Date(this.clock.now());
    await this.store.createAdminSession({
      idHash: hashToken(sessionId),
      adminId: admin.id,
      csrfHash: hashToken(csrfToken),
      createdAt: now,
      lastSeenAt: now,
    });
    await audit(this.store, this.clock, { name: admin.name, via: 'session', ip }, 'session.sign_in', null);
    return { sessionId, csrfToken, admin, expiresAt: new Date(now.getTime() + this.lifetimes.absoluteMs) };
  }

  /** The session's admin, if the session exists and has neither idled out nor outlived its absolute lifetime; refreshes its idle time. */
  async fromSession(sessionId: string): Promise<Authenticated | null> {
    const idHash = hashToken(sessionId);
    const session = await this.store.getAdminSession(idHash);
    if (!session) return null;
    const now = this.clock.now();
    if (now - session.lastSeenAt.getTime() >= this.lifetimes.idleMs || now - session.createdAt.getTime() >= this.lifetimes.absoluteMs) {
      await this.store.deleteAdminSession(idHash);
      return null;
    }
    const admin = await this.store.getAdmin(session.adminId);
    if (!admin) return null;
    await this.store.touchAdminSession(idHash, new Date(now));
    return { admin, via: 'session', csrfHash: session.csrfHash };
  }

  async fromToken(token: string): Promise<Authenticated | null> {
    if (!token.startsWith(ADMIN_TOKEN_PREFIX)) return null;
    const record = await this.store.getAdminTokenByHash(hashToken(token));
    if (!record) return null;
    const admin = await this.store.getAdmin(record.adminId);
    if (!admin) return null;
    await this.store.touchAdminToken(record.id, new Date(this.clock.now()));
    return { admin, via: `token:${record.name}`, csrfHash: null };
  }

  /** The CSRF token the console sends back must be its session's. */
  csrfMatches(given: string | undefined, who: Authenticated): boolean {
    return who.csrfHash !== null && given !== undefined && tokenMatchesHash(given, who.csrfHash);
  }

  async signOut(sessionId: string, who: Authenticated, ip: string): Promise<void> {
    await this.store.deleteAdminSession(hashToken(sessionId));
    await audit(this.store, this.clock, { name: who.admin.name, via: who.via, ip }, 'session.sign_out', null);
  }

  async purge(): Promise<void> {
    const now = this.clock.now();
    await this.store.purgeAdminSessions(new Date(now - this.lifetimes.idleMs), new Date(now - this.lifetimes.absoluteMs));
  }
}
