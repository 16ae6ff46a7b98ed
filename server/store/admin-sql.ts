import { accountFromRow } from './rows.ts';
import type { AccountRow } from './rows.ts';
import type { SqlDatabase } from './sql.ts';
import type {
  AccountSearch,
  AdminRecord,
  AdminSessionRecord,
  AdminStore,
  AdminTokenRecord,
  AuditEntry,
  AuditRecord,
  LoginRecord,
  PoolStatRow,
} from './admin-types.ts';
import type { AccountRecord } from './types.ts';

interface AdminRow {
  id: string;
  name: string;
  password_hash: string;
  created_at: Date;
  password_changed_at: Date;
}

const adminFromRow = (row: AdminRow): AdminRecord => ({
  id: row.id,
  name: row.name,
  passwordHash: row.password_hash,
  createdAt: row.created_at,
  passwordChangedAt: row.password_changed_at,
});

interface TokenRow {
  id: string;
  admin_id: string;
  name: string;
  token_hash: string;
  created_at: Date;
  last_used_at: Date | null;
}

const tokenFromRow = (row: TokenRow): AdminTokenRecord => ({
  id: row.id,
  adminId: row.admin_id,
  name: row.name,
  tokenHash: row.token_hash,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
});

/** Keys are taken in order so that replicas flushing the same rows lock them in the same order. */
const ADD_POOL_STATS = `
  INSERT INTO pool_stats (pool_id, hour, metric, count)
  SELECT split_part(key, '|', 1), $1::timestamptz, split_part(key, '|', 2), value::integer FROM jsonb_each_text($2::jsonb) ORDER BY key
  ON CONFLICT (pool_id, hour, metric) DO UPDATE SET count = pool_stats.count + EXCLUDED.count`;

export class SqlAdminStore implements AdminStore {
  constructor(private readonly db: SqlDatabase) {}

  async countAdmins(): Promise<number> {
    const [row] = await this.db.query<{ n: string | number }>('SELECT count(*) AS n FROM admins');
    return Number(row?.n ?? 0);
  }

  async createAdmin(admin: AdminRecord): Promise<void> {
    await this.db.query('INSERT INTO admins (id, name, password_hash, created_at, password_changed_at) VALUES ($1, $2, $3, $4, $5)', [
      admin.id,
      admin.name,
      admin.passwordHash,
      admin.createdAt,
      admin.passwordChangedAt,
    ]);
  }

  async getAdmin(id: string): Promise<AdminRecord | null> {
    const rows = await this.db.query<AdminRow>('SELECT * FROM admins WHERE id = $1', [id]);
    return rows[0] ? adminFromRow(rows[0]) : null;
  }

  async getAdminByName(name: string): Promise<AdminRecord | null> {
    const rows = await this.db.query<AdminRow>('SELECT * FROM admins WHERE name = $1', [name]);
    return rows[0] ? adminFromRow(rows[0]) : null;
  }

  async listAdmins(): Promise<AdminRecord[]> {
    return (await this.db.query<AdminRow>('SELECT * FROM admins ORDER BY created_at, name')).map(adminFromRow);
  }

  setAdminPassword(id: string, passwordHash: string, now: Date): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.query('UPDATE admins SET password_hash = $2, password_changed_at = $3 WHERE id = $1 RETURNING id', [
        id,
        passwordHash,
        now,
      ]);
      await tx.query('DELETE FROM admin_sessions WHERE admin_id = $1', [id]);
      return rows.length > 0;
    });
  }

  async deleteAdmin(id: string): Promise<boolean> {
    return (await this.db.query('DELETE FROM admins WHERE id = $1 RETURNING id', [id])).length > 0;
  }

  async createAdminSession(session: AdminSessionRecord): Promise<void> {
    await this.db.query('INSERT INTO admin_sessions (id_hash, admin_id, csrf_hash, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $5)', [
      session.idHash,
      session.adminId,
      session.csrfHash,
      session.createdAt,
      session.lastSeenAt,
    ]);
  }

  async getAdminSession(idHash: string): Promise<AdminSessionRecord | null> {
    const rows = await this.db.query<{ id_hash: string; admin_id: string; csrf_hash: string; created_at: Date; last_seen_at: Date }>(
      'SELECT * FROM admin_sessions WHERE id_hash = $1',
      [idHash],
    );
    const row = rows[0];
    return row
      ? { idHash: row.id_hash, adminId: row.admin_id, csrfHash: row.csrf_hash, createdAt: row.created_at, lastSeenAt: row.last_seen_at }
      : null;
  }

  async touchAdminSession(idHash: string, now: Date): Promise<void> {
    await this.db.query('UPDATE admin_sessions SET last_seen_at = $2 WHERE id_hash = $1', [idHash, now]);
  }

  async deleteAdminSession(idHash: string): Promise<void> {
    await this.db.query('DELETE FROM admin_sessions WHERE id_hash = $1', [idHash]);
  }

  async purgeAdminSessions(idleBefore: Date, createdBefore: Date): Promise<void> {
    await this.db.query('DELETE FROM admin_sessions WHERE last_seen_at < $1 OR created_at < $2', [idleBefore, createdBefore]);
  }

  async createAdminToken(token: AdminTokenRecord): Promise<void> {
    await this.db.query(
      'INSERT INTO admin_tokens (id, admin_id, name, token_hash, created_at, last_used_at) VALUES ($1, $2, $3, $4, $5, $6)',
      [token.id, token.adminId, token.name, token.tokenHash, token.createdAt, token.lastUsedAt],
    );
  }

  async getAdminTokenByHash(tokenHash: string): Promise<AdminTokenRecord | null> {
    const rows = await this.db.query<TokenRow>('SELECT * FROM admin_tokens WHERE token_hash = $1', [tokenHash]);
    return rows[0] ? tokenFromRow(rows[0]) : null;
  }

  async listAdminTokens(): Promise<AdminTokenRecord[]> {
    return (await this.db.query<TokenRow>('SELECT * FROM admin_tokens ORDER BY created_at, id')).map(tokenFromRow);
  }

  async touchAdminToken(id: string, now: Date): Promise<void> {
    await this.db.query('UPDATE admin_tokens SET last_used_at = $2 WHERE id = $1', [id, now]);
  }

  async deleteAdminToken(id: string): Promise<boolean> {
    return (await this.db.query('DELETE FROM admin_tokens WHERE id = $1 RETURNING id', [id])).length > 0;
  }

  async addAudit(entry: AuditEntry): Promise<void> {
    await this.db.query('INSERT INTO admin_audit (at, actor, via, action, target, detail, ip) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      entry.at,
      entry.actor,
      entry.via,
      entry.action,
      entry.target,
      entry.detail,
      entry.ip,
    ]);
  }

  async listAudit(limit: number, beforeId?: number): Promise<AuditRecord[]> {
    // A bigserial id: node-postgres reads it as a string.
    const rows = await this.db.query<AuditEntry & { id: string | number }>(
      'SELECT * FROM admin_audit WHERE $1::bigint IS NULL OR id < $1::bigint ORDER BY id DESC LIMIT $2',
      [beforeId ?? null, limit],
    );
    return rows.map((row) => ({ ...row, id: Number(row.id) }));
  }

  async searchAccounts(search: AccountSearch, limit: number): Promise<AccountRecord[]> {
    const rows = await this.db.query<AccountRow>(
      `SELECT DISTINCT a.* FROM accounts a LEFT JOIN identities i ON i.account_id = a.id
       WHERE ($1::text IS NULL OR a.pool_id = $1::text)
         AND ($2::text IS NULL OR a.phone = $2::text)
         AND ($3::text IS NULL OR i.openid = $3::text)
         AND ($4::text IS NULL OR a.unionid = $4::text)
         AND ($5::text IS NULL OR a.id = $5::text)
       ORDER BY a.signed_up DESC, a.id LIMIT $6`,
      [search.poolId ?? null, search.phone ?? null, search.openid ?? null, search.unionid ?? null, search.id ?? null, limit],
    );
    return rows.map(accountFromRow);
  }

  async getAccountById(id: string): Promise<AccountRecord | null> {
    const rows = await this.db.query<AccountRow>('SELECT * FROM accounts WHERE id = $1', [id]);
    return rows[0] ? accountFromRow(rows[0]) : null;
  }

  listIdentities(accountId: string): Promise<{ appid: string; openid: string }[]> {
    return this.db.query('SELECT appid, openid FROM identities WHERE account_id = $1 ORDER BY appid, openid', [accountId]);
  }

  async listLogins(accountId: string, limit: number): Promise<LoginRecord[]> {
    const rows = await this.db.query<{ pool_id: string; account_id: string; at: Date; ip: string; appid: string; phone_proof: string }>(
      'SELECT * FROM logins WHERE account_id = $1 ORDER BY at DESC LIMIT $2',
      [accountId, limit],
    );
    return rows.map((row) => ({
      poolId: row.pool_id,
      accountId: row.account_id,
      at: row.at,
      ip: row.ip,
      appid: row.appid,
      phoneProof: row.phone_proof,
    }));
  }

  async addPoolStats(hour: Date, counts: ReadonlyMap<string, number>): Promise<void> {
    if (counts.size === 0) return;
    await this.db.query(ADD_POOL_STATS, [hour, JSON.stringify(Object.fromEntries(counts))]);
  }

  async readPoolStats(poolId: string, since: Date): Promise<PoolStatRow[]> {
    const rows = await this.db.query<{ hour: Date; metric: string; count: number }>(
      'SELECT hour, metric, count FROM pool_stats WHERE pool_id = $1 AND hour >= $2 ORDER BY hour, metric',
      [poolId, since],
    );
    return rows.map((row) => ({ hour: row.hour, metric: row.metric, count: Number(row.count) }));
  }
}
