import { createHash } from 'node:crypto';
import type { SecretBox } from '../secret-box.ts';
import { randomId } from '../random-tokens.ts';
import { SqlAdminStore } from './admin-sql.ts';
import type { AdminStore } from './admin-types.ts';
import { migrate } from './migrations.ts';
import { REDEEMED_COLUMNS, accountFromRow, poolFromRow, redemptionFromRow, sessionFromRow } from './rows.ts';
import { openColumn, poolAppSecretField, sealSecretsAtRest, sessionKeyField, signingKeyField } from './sealed-columns.ts';
import type { AccountRow, PoolRow, RedeemedRow, SessionRow, SigningKeyRow, TicketRow } from './rows.ts';
import type { SqlDatabase, SqlRunner, SqlValue } from './sql.ts';
import type {
  AccountRecord,
  ExchangeRedemption,
  ExchangeRedemptionRequest,
  LoginOutcome,
  LoginRequest,
  PoolChanges,
  PoolRecord,
  SessionRecord,
  SigningKeyRecord,
  Store,
  TicketRedemption,
  VerifiedPhone,
  WechatIdentity,
} from './types.ts';

const POOL_COLUMNS: Record<keyof PoolChanges, string> = {
  name: 'name',
  logo: 'logo',
  secretHash: 'secret_hash',
  ticketExpiresAfter: 'ticket_expires_after',
  ticketExchangeUserInfoNeedSecret: 'ticket_exchange_needs_secret',
  connectionDisplayName: 'connection_display_name',
  appid: 'appid',
  appSecret: 'app_secret',
  loginOnly: 'login_only',
  requireCodeChallenge: 'require_code_challenge',
};

class SessionGone extends Error {}

/** How long logins and pool stats are kept for the console. */
export const HISTORY_DAYS = 90;

/** One statement marks the ticket used and reads its account: a single UPDATE, so one caller ever wins. */
const REDEEM_TICKET = `
  WITH redeemed AS (
    UPDATE tickets SET used_at = $3
    WHERE hash = $1 AND pool_id = $2 AND used_at IS NULL AND expires_at > $3 AND code_challenge IS NOT DISTINCT FROM $4::text
    RETURNING *
  )
  SELECT ${REDEEMED_COLUMNS} FROM redeemed r LEFT JOIN accounts a ON a.id = r.account_id`;

/** As REDEEM_TICKET ($5: the verifier's challenge), and only where the pool accepts the secret's hash ($4; null: none given). */
const REDEEM_TICKET_FOR_EXCHANGE = `
  WITH redeemed AS (
    UPDATE tickets t SET used_at = $3
    FROM pools p
    WHERE t.hash = $1 AND t.pool_id = $2 AND t.used_at IS NULL AND t.expires_at > $3
      AND t.code_challenge IS NOT DISTINCT FROM $5::text
      AND p.id = t.pool_id
      AND CASE WHEN $4::text IS NULL THEN NOT p.ticket_exchange_needs_secret ELSE p.secret_hash = $4::text END
    RETURNING t.*
  )
  SELECT ${REDEEMED_COLUMNS} FROM redeemed r LEFT JOIN accounts a ON a.id = r.account_id`;

/**
 * All of one sync's hits in one statement. Rows are taken in key order so that replicas upserting the
 * same keys at once lock them in the same order and cannot deadlock.
 */
const ADD_RATE_HITS = `
  INSERT INTO rate_counters (window_start, key, hits)
  SELECT $1::timestamptz, key, value::integer FROM jsonb_each_text($2::jsonb) ORDER BY key
  ON CONFLICT (window_start, key) DO UPDATE SET hits = rate_counters.hits + EXCLUDED.hits
  RETURNING key, hits`;

function redemptionOf(row: RedeemedRow): Extract<TicketRedemption, { kind: 'ok' }> {
  const { ticket, account } = redemptionFromRow(row);
  if (!account) throw new Error('ticket refers to a missing account');
  return { kind: 'ok', ticket, account };
}

/** A 64-bit advisory-lock key for a string (PostgreSQL takes a signed bigint). */
function lockKey(text: string): string {
  return createHash('sha256').update(text).digest().readBigInt64BE(0).toString();
}

/** Pool AppSecrets, session keys and signing keys are sealed with `box` on the way in and opened on the way out. */
export class SqlStore implements Store {
  readonly admin: AdminStore;

  private constructor(
    private readonly db: SqlDatabase,
    private readonly box: SecretBox,
  ) {
    this.admin = new SqlAdminStore(db);
  }

  static async open(db: SqlDatabase, box: SecretBox): Promise<SqlStore> {
    await migrate(db);
    await sealSecretsAtRest(db, box);
    return new SqlStore(db, box);
  }

  get kind(): 'embedded' | 'postgres' {
    return this.db.kind;
  }

  async ping(): Promise<void> {
    await this.db.query(
      'INSERT INTO store_probe (id, checked_at) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET checked_at = EXCLUDED.checked_at',
      [new Date()],
    );
  }

  close(): Promise<void> {
    return this.db.close();
  }

  async createPool(pool: PoolRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO pools (id, name, logo, secret_hash, ticket_expires_after, ticket_exchange_needs_secret,
        connection_identifier, connection_display_name, appid, app_secret, login_only, require_code_challenge, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [
        pool.id,
        pool.name,
        pool.logo,
        pool.secretHash,
        pool.ticketExpiresAfter,
        pool.ticketExchangeUserInfoNeedSecret,
        pool.connectionIdentifier,
        pool.connectionDisplayName,
        pool.appid,
        this.sealAppSecret(pool.id, pool.appSecret),
        pool.loginOnly,
        pool.requireCodeChallenge,
        pool.createdAt,
        pool.updatedAt,
      ],
    );
  }

  async getPool(id: string): Promise<PoolRecord | null> {
    const rows = await this.db.query<PoolRow>('SELECT * FROM pools WHERE id = $1', [id]);
    return rows[0] ? this.poolFrom(rows[0]) : null;
  }

  async listPools(): Promise<PoolRecord[]> {
    const rows = await this.db.query<PoolRow>('SELECT * FROM pools ORDER BY created_at, id');
    return rows.map((row) => this.poolFrom(row));
  }

  async updatePool(id: string, changes: PoolChanges, now: Date): Promise<PoolRecord | null> {
    const sets: string[] = [];
    const params: SqlValue[] = [id];
    for (const [key, column] of Object.entries(POOL_COLUMNS) as [keyof PoolChanges, string][]) {
      const value = changes[key];
      if (value === undefined) continue;
      params.push(key === 'appSecret' ? this.sealAppSecret(id, changes.appSecret ?? null) : value);
      sets.push(`${column} = $${params.length}`);
    }
    params.push(now);
    sets.push(`updated_at = $${params.length}`);
    const rows = await this.db.query<PoolRow>(`UPDATE pools SET ${sets.join(', ')} WHERE id = $1 RETURNING *`, params);
    return rows[0] ? this.poolFrom(rows[0]) : null;
  }

  async createSession(session: SessionRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO sessions (id_hash, pool_id, appid, use_self_wxapp, openid, unionid, session_key, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        session.idHash,
        session.poolId,
        session.appid,
        session.useSelfWxapp,
        session.openid,
        session.unionid,
        this.box.seal(session.sessionKey, sessionKeyField(session.idHash)),
        session.expiresAt,
      ],
    );
  }

  async getSession(idHash: string, now: Date): Promise<SessionRecord | null> {
    const rows = await this.db.query<SessionRow>('SELECT * FROM sessions WHERE id_hash = $1 AND expires_at > $2', [idHash, now]);
    const row = rows[0];
    if (!row) return null;
    return { ...sessionFromRow(row), sessionKey: openColumn(this.box, row.session_key, sessionKeyField(row.id_hash)) };
  }

  private poolFrom(row: PoolRow): PoolRecord {
    const appSecret = row.app_secret === null ? null : openColumn(this.box, row.app_secret, poolAppSecretField(row.id));
    return { ...poolFromRow(row), appSecret };
  }

  private sealAppSecret(poolId: string, appSecret: string | null): string | null {
    return appSecret === null ? null : this.box.seal(appSecret, poolAppSecretField(poolId));
  }

  findAccountByIdentity(poolId: string, identity: WechatIdentity): Promise<AccountRecord | null> {
    return findByIdentity(this.db, poolId, identity);
  }

  async getAccount(poolId: string, id: string): Promise<AccountRecord | null> {
    const rows = await this.db.query<AccountRow>('SELECT * FROM accounts WHERE pool_id = $1 AND id = $2', [poolId, id]);
    return rows[0] ? accountFromRow(rows[0]) : null;
  }

  async setAccountBlocked(poolId: string, id: string, blocked: boolean): Promise<void> {
    await this.db.query('UPDATE accounts SET blocked = $3 WHERE pool_id = $1 AND id = $2', [poolId, id, blocked]);
  }

  async countAccounts(poolId: string): Promise<number> {
    const rows = await this.db.query<{ n: string | number }>('SELECT count(*) AS n FROM accounts WHERE pool_id = $1', [poolId]);
    return Number(rows[0]?.n ?? 0);
  }

  async login(request: LoginRequest): Promise<LoginOutcome> {
    try {
      return await this.db.transaction((tx) => loginInTransaction(tx, request));
    } catch (error) {
      if (error instanceof SessionGone) return { kind: 'session_gone' };
      throw error;
    }
  }

  async redeemTicket(hash: string, poolId: string, now: Date, verifierChallenge: string | null): Promise<TicketRedemption> {
    const redeemed = await this.db.query<RedeemedRow>(REDEEM_TICKET, [hash, poolId, now, verifierChallenge]);
    if (redeemed[0]) return redemptionOf(redeemed[0]);
    const found = await this.db.query<TicketRow>('SELECT * FROM tickets WHERE hash = $1', [hash]);
    const ticket = found[0];
    if (!ticket) return { kind: 'not_found' };
    if (ticket.pool_id !== poolId) return { kind: 'wrong_pool' };
    if (ticket.used_at) return { kind: 'used' };
    if (ticket.expires_at.getTime() <= now.getTime()) return { kind: 'expired' };
    if (ticket.code_challenge === null) return { kind: 'verifier_unexpected' };
    return { kind: verifierChallenge === null ? 'verifier_missing' : 'verifier_mismatch' };
  }

  async redeemTicketForExchange(request: ExchangeRedemptionRequest): Promise<ExchangeRedemption> {
    const { hash, poolId, now, secretHash, verifierChallenge } = request;
    const redeemed = await this.db.query<RedeemedRow>(REDEEM_TICKET_FOR_EXCHANGE, [hash, poolId, now, secretHash, verifierChallenge]);
    return redeemed[0] ? redemptionOf(redeemed[0]) : { kind: 'refused' };
  }

  listSigningKeys(): Promise<SigningKeyRecord[]> {
    return this.signingKeysIn(this.db);
  }

  addSigningKey(candidate: SigningKeyRecord, admit: (stored: readonly SigningKeyRecord[]) => boolean): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [lockKey('xiaodenglu.signing_keys')]);
      if (!admit(await this.signingKeysIn(tx))) return false;
      await tx.query('INSERT INTO signing_keys (kid, private_jwk, public_jwk, created_at, activates_at) VALUES ($1, $2, $3, $4, $5)', [
        candidate.kid,
        candidate.privateJwk === null ? null : this.box.seal(candidate.privateJwk, signingKeyField(candidate.kid)),
        candidate.publicJwk,
        candidate.createdAt,
        candidate.activatesAt,
      ]);
      return true;
    });
  }

  async eraseSigningKeyPrivates(kids: readonly string[]): Promise<void> {
    if (kids.length === 0) return;
    await this.db.query('UPDATE signing_keys SET private_jwk = NULL WHERE kid IN (SELECT jsonb_array_elements_text($1::jsonb))', [
      JSON.stringify(kids),
    ]);
  }

  async deleteSigningKeys(kids: readonly string[]): Promise<void> {
    if (kids.length === 0) return;
    await this.db.query('DELETE FROM signing_keys WHERE kid IN (SELECT jsonb_array_elements_text($1::jsonb))', [JSON.stringify(kids)]);
  }

  private async signingKeysIn(db: SqlRunner): Promise<SigningKeyRecord[]> {
    const rows = await db.query<SigningKeyRow>(
      'SELECT kid, private_jwk, public_jwk, created_at, activates_at FROM signing_keys ORDER BY activates_at, kid',
    );
    return rows.map((row) => ({
      kid: row.kid,
      privateJwk: row.private_jwk === null ? null : openColumn(this.box, row.private_jwk, signingKeyField(row.kid)),
      publicJwk: row.public_jwk,
      createdAt: row.created_at,
      activatesAt: row.activates_at,
    }));
  }

  async addRateHits(windowStart: Date, hits: ReadonlyMap<string, number>): Promise<Map<string, number>> {
    if (hits.size === 0) return new Map();
    const rows = await this.db.query<{ key: string; hits: number }>(ADD_RATE_HITS, [windowStart, JSON.stringify(Object.fromEntries(hits))]);
    return new Map(rows.map((row) => [row.key, Number(row.hits)]));
  }

  async purgeRateCounters(windowStart: Date, scope: string): Promise<void> {
    await this.db.query('DELETE FROM rate_counters WHERE window_start < $1 AND starts_with(key, $2)', [windowStart, `${scope}|`]);
  }

  async purgeExpired(now: Date): Promise<{ expiredUnusedTickets: number }> {
    await this.db.query('DELETE FROM sessions WHERE expires_at <= $1', [now]);
    // The console's login history and dashboard keep HISTORY_DAYS.
    const historyStart = new Date(now.getTime() - HISTORY_DAYS * 86_400_000);
    await this.db.query('DELETE FROM logins WHERE at < $1', [historyStart]);
    await this.db.query('DELETE FROM pool_stats WHERE hour < $1', [historyStart]);
    const [counted] = await this.db.query<{ unused: number | string }>(
      'WITH gone AS (DELETE FROM tickets WHERE expires_at <= $1 RETURNING used_at) SELECT count(*) FILTER (WHERE used_at IS NULL) AS unused FROM gone',
      [now],
    );
    return { expiredUnusedTickets: Number(counted?.unused ?? 0) };
  }
}

async function findByIdentity(db: SqlRunner, poolId: string, identity: WechatIdentity): Promise<AccountRecord | null> {
  const byOpenid = await db.query<AccountRow>(
    `SELECT a.* FROM identities i JOIN accounts a ON a.id = i.account_id
     WHERE i.pool_id = $1 AND i.appid = $2 AND i.openid = $3`,
    [poolId, identity.appid, identity.openid],
  );
  if (byOpenid[0]) return accountFromRow(byOpenid[0]);
  if (!identity.unionid) return null;
  const byUnionid = await db.query<AccountRow>('SELECT * FROM accounts WHERE pool_id = $1 AND unionid = $2', [poolId, identity.unionid]);
  return byUnionid[0] ? accountFromRow(byUnionid[0]) : null;
}

async function loginInTransaction(tx: SqlRunner, request: LoginRequest): Promise<LoginOutcome> {
  const { poolId, identity, now } = request;
  // Serialise logins that touch the same WeChat user or phone, so concurrent first logins create one account.
  // A `known` phone is the identity's own account's, so the identity's lock already covers it.
  const keys = [`${poolId}|openid|${identity.appid}|${identity.openid}`];
  if (identity.unionid) keys.push(`${poolId}|unionid|${identity.unionid}`);
  if (request.phone !== null && request.phone !== 'known') keys.push(`${poolId}|phone|${request.phone.number}`);
  for (const key of keys.map(lockKey).sort()) {
    await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [key]);
  }

  const byIdentity = await findByIdentity(tx, poolId, identity);
  let phone: VerifiedPhone | null;
  let byPhone: AccountRecord | null = null;
  if (request.phone === 'known') {
    if (!byIdentity?.phone) return { kind: 'no_known_phone' };
    phone = { number: byIdentity.phone, countryCode: byIdentity.phoneCountryCode ?? '86' };
    byPhone = byIdentity;
  } else {
    phone = request.phone;
    if (phone) {
      const rows = await tx.query<AccountRow>('SELECT * FROM accounts WHERE pool_id = $1 AND phone = $2', [poolId, phone.number]);
      byPhone = rows[0] ? accountFromRow(rows[0]) : null;
    }
  }
  const existing = byPhone ?? byIdentity;
  if (!existing && !request.allowCreate) return { kind: 'login_only' };
  if (existing?.blocked) return { kind: 'blocked' };

  // Spend the session before any write: of two logins on one session, the second writes nothing.
  if (request.sessionIdHash) {
    const spent = await tx.query('DELETE FROM sessions WHERE id_hash = $1 AND pool_id = $2 AND expires_at > $3 RETURNING id_hash', [
      request.sessionIdHash,
      poolId,
      now,
    ]);
    if (spent.length === 0) throw new SessionGone();
  }

  let accountId: string;
  if (existing) {
    accountId = existing.id;
    if (byIdentity && byPhone && byIdentity.id !== byPhone.id && identity.unionid && byIdentity.unionid === identity.unionid) {
      // The phone's account wins; the unionid moves with the WeChat identity.
      await tx.query('UPDATE accounts SET unionid = NULL WHERE id = $1', [byIdentity.id]);
    }
    if (phone && existing.phone !== phone.number) {
      await tx.query('UPDATE accounts SET phone = $2, phone_country_code = $3 WHERE id = $1', [accountId, phone.number, phone.countryCode]);
    }
    if (identity.unionid && existing.unionid !== identity.unionid) {
      await tx.query(
        `UPDATE accounts SET unionid = $2 WHERE id = $1 AND unionid IS NULL
         AND NOT EXISTS (SELECT 1 FROM accounts WHERE pool_id = $3 AND unionid = $2)`,
        [accountId, identity.unionid, poolId],
      );
    }
  } else {
    accountId = randomId();
    await tx.query(`INSERT INTO accounts (id, pool_id, phone, phone_country_code, unionid, signed_up) VALUES ($1, $2, $3, $4, $5, $6)`, [
      accountId,
      poolId,
      phone?.number ?? null,
      phone?.countryCode ?? null,
      identity.unionid,
      now,
    ]);
  }
  // One round trip for the four writes every login makes: they touch different tables, so one
  // statement's shared snapshot sees what each needs.
  const updated = await tx.query<AccountRow>(
    `WITH identity AS (
       INSERT INTO identities (pool_id, appid, openid, account_id) VALUES ($2, $4, $5, $1)
       ON CONFLICT (pool_id, appid, openid) DO UPDATE SET account_id = EXCLUDED.account_id
     ), ticket AS (
       INSERT INTO tickets (hash, pool_id, account_id, appid, openid, unionid, expires_at, code_challenge)
       VALUES ($6, $2, $1, $4, $5, $7, $8, $9)
     ), history AS (
       INSERT INTO logins (pool_id, account_id, at, ip, appid, phone_proof) VALUES ($2, $1, $3, $10, $4, $11)
     )
     UPDATE accounts SET logins_count = logins_count + 1, last_login = $3, last_ip = $10 WHERE id = $1 RETURNING *`,
    [
      accountId,
      poolId,
      now,
      identity.appid,
      identity.openid,
      request.ticket.hash,
      identity.unionid,
      request.ticket.expiresAt,
      request.ticket.codeChallenge,
      request.ip,
      request.phone === 'known' ? 'known' : request.phone ? 'verified' : 'none',
    ],
  );
  const row = updated[0];
  if (!row) throw new Error('account vanished during login');
  return { kind: 'ok', account: accountFromRow(row), created: !existing };
}
