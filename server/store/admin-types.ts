/** What the operator console keeps (docs/console.md): admins, their sessions and tokens, the audit log, logins, pool stats. */
import type { AccountRecord } from './types.ts';

export interface AdminRecord {
  id: string;
  name: string;
  /** `scrypt$N$r$p$salt$hash` (server/admin/passwords.ts). */
  passwordHash: string;
  createdAt: Date;
  passwordChangedAt: Date;
}

export interface AdminSessionRecord {
  idHash: string;
  adminId: string;
  /** SHA-256 of the session's CSRF token, which the console sends back in a header. */
  csrfHash: string;
  createdAt: Date;
  lastSeenAt: Date;
}

export interface AdminTokenRecord {
  id: string;
  adminId: string;
  name: string;
  tokenHash: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

export interface AuditEntry {
  at: Date;
  /** The admin's name (or `cli` for the command line). */
  actor: string;
  /** `session`, `token:<name>` or `cli`. */
  via: string;
  action: string;
  target: string | null;
  /** JSON of what changed, never a secret (server/admin/audit.ts). */
  detail: string | null;
  ip: string | null;
}

export interface AuditRecord extends AuditEntry {
  id: number;
}

export interface LoginRecord {
  poolId: string;
  accountId: string;
  at: Date;
  ip: string;
  appid: string;
  /** How the login proved a phone: `verified` (a paid WeChat call or a decrypted proof), `known`, or `none`. */
  phoneProof: string;
}

/** Exactly one field names what to look for; `poolId` narrows it to one pool. */
export interface AccountSearch {
  poolId?: string;
  phone?: string;
  openid?: string;
  unionid?: string;
  id?: string;
}

export interface PoolStatRow {
  hour: Date;
  metric: string;
  count: number;
}

export interface AdminStore {
  countAdmins(): Promise<number>;
  createAdmin(admin: AdminRecord): Promise<void>;
  getAdmin(id: string): Promise<AdminRecord | null>;
  getAdminByName(name: string): Promise<AdminRecord | null>;
  listAdmins(): Promise<AdminRecord[]>;
  /** Also ends every session of the admin: a new password signs everyone out. */
  setAdminPassword(id: string, passwordHash: string, now: Date): Promise<boolean>;
  deleteAdmin(id: string): Promise<boolean>;

  createAdminSession(session: AdminSessionRecord): Promise<void>;
  getAdminSession(idHash: string): Promise<AdminSessionRecord | null>;
  touchAdminSession(idHash: string, now: Date): Promise<void>;
  deleteAdminSession(idHash: string): Promise<void>;
  /** Deletes sessions last seen before `idleBefore` or created before `createdBefore`. */
  purgeAdminSessions(idleBefore: Date, createdBefore: Date): Promise<void>;

  createAdminToken(token: AdminTokenRecord): Promise<void>;
  getAdminTokenByHash(tokenHash: string): Promise<AdminTokenRecord | null>;
  listAdminTokens(): Promise<AdminTokenRecord[]>;
  touchAdminToken(id: string, now: Date): Promise<void>;
  deleteAdminToken(id: string): Promise<boolean>;

  addAudit(entry: AuditEntry): Promise<void>;
  /** Newest first; `beforeId` pages back. */
  listAudit(limit: number, beforeId?: number): Promise<AuditRecord[]>;

  searchAccounts(search: AccountSearch, limit: number): Promise<AccountRecord[]>;
  getAccountById(id: string): Promise<AccountRecord | null>;
  /** An account's WeChat identities (AppID, openid). */
  listIdentities(accountId: string): Promise<{ appid: string; openid: string }[]>;
  /** Newest first. */
  listLogins(accountId: string, limit: number): Promise<LoginRecord[]>;

  /** Adds counts (key `poolId|metric`) to the hour's rows. */
  addPoolStats(hour: Date, counts: ReadonlyMap<string, number>): Promise<void>;
  readPoolStats(poolId: string, since: Date): Promise<PoolStatRow[]>;
}
