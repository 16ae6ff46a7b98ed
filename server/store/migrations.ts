import type { SqlDatabase } from './sql.ts';

/** Append only: a deployed migration never changes (the embedded store's ready image is keyed by this text). */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE pools (
    id text PRIMARY KEY,
    name text NOT NULL,
    logo text,
    secret_hash text NOT NULL,
    ticket_expires_after integer NOT NULL,
    ticket_exchange_needs_secret boolean NOT NULL,
    connection_identifier text NOT NULL,
    connection_display_name text NOT NULL,
    appid text,
    app_secret text,
    login_only boolean NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
  );
  CREATE TABLE sessions (
    id_hash text PRIMARY KEY,
    pool_id text NOT NULL REFERENCES pools(id),
    appid text NOT NULL,
    use_self_wxapp boolean NOT NULL,
    openid text NOT NULL,
    unionid text,
    session_key text NOT NULL,
    expires_at timestamptz NOT NULL
  );
  CREATE TABLE accounts (
    id text PRIMARY KEY,
    pool_id text NOT NULL REFERENCES pools(id),
    phone text,
    phone_country_code text,
    unionid text,
    nickname text,
    photo text,
    blocked boolean NOT NULL DEFAULT false,
    logins_count integer NOT NULL DEFAULT 0,
    last_login timestamptz,
    last_ip text,
    signed_up timestamptz NOT NULL,
    UNIQUE (pool_id, phone),
    UNIQUE (pool_id, unionid)
  );
  CREATE TABLE identities (
    pool_id text NOT NULL REFERENCES pools(id),
    appid text NOT NULL,
    openid text NOT NULL,
    account_id text NOT NULL REFERENCES accounts(id),
    PRIMARY KEY (pool_id, appid, openid)
  );
  CREATE TABLE tickets (
    hash text PRIMARY KEY,
    pool_id text NOT NULL REFERENCES pools(id),
    account_id text NOT NULL REFERENCES accounts(id),
    appid text NOT NULL,
    openid text NOT NULL,
    unionid text,
    expires_at timestamptz NOT NULL,
    used_at timestamptz
  );
  CREATE INDEX tickets_expires_at ON tickets (expires_at);
  CREATE INDEX sessions_expires_at ON sessions (expires_at);
  CREATE TABLE signing_keys (
    slot text PRIMARY KEY,
    kid text NOT NULL,
    private_jwk text NOT NULL,
    public_jwk text NOT NULL
  );
  `,
  // One sealed check value per data key id, to catch replicas configured with different key material.
  `
  CREATE TABLE data_key_checks (
    kid text PRIMARY KEY,
    sealed text NOT NULL
  );
  `,
  // Rate-limit hits per fixed window, shared by replicas. Unlogged: losing them in a crash only
  // resets the current window, and they are written every second by every replica.
  `
  CREATE UNLOGGED TABLE rate_counters (
    window_start timestamptz NOT NULL,
    key text NOT NULL,
    hits integer NOT NULL,
    PRIMARY KEY (window_start, key)
  );
  `,
  // One row readiness checks write: a store that can read but not write (disk full) is not ready.
  `
  CREATE TABLE store_probe (
    id smallint PRIMARY KEY,
    checked_at timestamptz NOT NULL
  );
  `,
  // Several signing keys, each with the time it starts signing (rotation); the private half is sealed
  // at the next start (sealed-columns.ts) and erased once retired. The one key before this was the first.
  `
  ALTER TABLE signing_keys DROP CONSTRAINT signing_keys_pkey;
  ALTER TABLE signing_keys DROP COLUMN slot;
  ALTER TABLE signing_keys ADD PRIMARY KEY (kid);
  ALTER TABLE signing_keys ALTER COLUMN private_jwk DROP NOT NULL;
  ALTER TABLE signing_keys ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();
  ALTER TABLE signing_keys ADD COLUMN activates_at timestamptz NOT NULL DEFAULT 'epoch';
  ALTER TABLE signing_keys ALTER COLUMN created_at DROP DEFAULT;
  ALTER TABLE signing_keys ALTER COLUMN activates_at DROP DEFAULT;
  `,
  // Tickets bound to the launching app (PKCE): the challenge a ticket was issued with, and the pool
  // setting that requires one.
  `
  ALTER TABLE tickets ADD COLUMN code_challenge text;
  ALTER TABLE pools ADD COLUMN require_code_challenge boolean NOT NULL DEFAULT false;
  `,
  // The operator console (docs/console.md): admins (scrypt hashes, parameters in the hash), their
  // sessions and API tokens (SHA-256 of ≥ 256-bit random ids), the audit log, each login of an account,
  // and per-pool hourly counts the dashboard reads (metrics are per process; these are shared).
  `
  CREATE TABLE admins (
    id text PRIMARY KEY,
    name text NOT NULL UNIQUE,
    password_hash text NOT NULL,
    created_at timestamptz NOT NULL,
    password_changed_at timestamptz NOT NULL
  );
  CREATE TABLE admin_sessions (
    id_hash text PRIMARY KEY,
    admin_id text NOT NULL REFERENCES admins(id) ON DELETE CASCADE,
    csrf_hash text NOT NULL,
    created_at timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL
  );
  CREATE TABLE admin_tokens (
    id text PRIMARY KEY,
    admin_id text NOT NULL REFERENCES admins(id) ON DELETE CASCADE,
    name text NOT NULL,
    token_hash text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL,
    last_used_at timestamptz
  );
  CREATE TABLE admin_audit (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL,
    actor text NOT NULL,
    via text NOT NULL,
    action text NOT NULL,
    target text,
    detail text,
    ip text
  );
  CREATE TABLE logins (
    pool_id text NOT NULL REFERENCES pools(id),
    account_id text NOT NULL REFERENCES accounts(id),
    at timestamptz NOT NULL,
    ip text NOT NULL,
    appid text NOT NULL,
    phone_proof text NOT NULL
  );
  CREATE INDEX logins_account_at ON logins (account_id, at);
  CREATE TABLE pool_stats (
    pool_id text NOT NULL,
    hour timestamptz NOT NULL,
    metric text NOT NULL,
    count integer NOT NULL,
    PRIMARY KEY (pool_id, hour, metric)
  );
  `,
];

/** Runs pending migrations under an advisory lock, so replicas starting together migrate once. */
export async function migrate(db: SqlDatabase): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.xiaodenglu_migrations'))`);
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL)`);
    const applied = await tx.query<{ version: number }>('SELECT version FROM schema_migrations');
    const done = new Set(applied.map((row) => Number(row.version)));
    for (const [index, sql] of MIGRATIONS.entries()) {
      const version = index + 1;
      if (done.has(version)) continue;
      await tx.execScript(sql);
      await tx.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [version, new Date()]);
    }
  });
}
