import pg from 'pg';
import type { SqlDatabase, SqlRunner, SqlValue } from './sql.ts';
import { StoreUnavailableError, asStoreError } from './unavailable.ts';

export interface PostgresOptions {
  databaseUrl: string;
  /** Schema for every table (created if missing); lets tests and deployments share one database. */
  schema?: string;
  maxConnections?: number;
  /** An idle connection broke (the database restarted, the network dropped it): told here instead of ending the process. */
  onIdleError?: (error: StoreUnavailableError | Error) => void;
}

/**
 * A request waits at most this long for a connection, and a statement at most this long for its answer:
 * an unreachable or silent database fails requests fast (503) instead of holding them.
 */
export const CONNECT_TIMEOUT_MS = 2000;
export const QUERY_TIMEOUT_MS = 5000;

/** Beyond this many distinct statement texts, further ones run unnamed (a guard, not a working limit). */
const MAX_NAMED = 256;

/** One name per statement text, as node-postgres needs to reuse a connection's prepared statement. */
class StatementNames {
  private readonly byText = new Map<string, string>();
  private issued = 0;

  of(text: string): string | undefined {
    const known = this.byText.get(text);
    if (known || this.byText.size >= MAX_NAMED) return known;
    const name = `xdl_${++this.issued}`;
    this.byText.set(text, name);
    return name;
  }

  /** The next use prepares the text afresh under a new name. */
  renew(text: string): void {
    this.byText.delete(text);
  }
}

/** PostgreSQL refuses a prepared statement whose result columns changed since it was planned. */
function isStalePlan(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    error.code === '0A000' &&
    error instanceof Error &&
    error.message.includes('cached plan must not change result type')
  );
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export async function openPostgres(options: PostgresOptions): Promise<SqlDatabase> {
  const schema = options.schema ?? 'public';
  if (!SCHEMA_NAME.test(schema)) throw new Error(`schema: must match ${SCHEMA_NAME}, got ${JSON.stringify(schema)}`);
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: options.maxConnections ?? 10,
    options: `-c search_path=${schema}`,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    query_timeout: QUERY_TIMEOUT_MS,
    keepAlive: true,
  });
  // Without a listener, an idle connection's error (a database restart) would end the process.
  pool.on('error', (error) => options.onIdleError?.(asStoreError(error) as Error));
  try {
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  } catch (error) {
    await pool.end().catch(() => {});
    throw asStoreError(error);
  }
  const names = new StatementNames();
  const runnerOf = (client: pg.Pool | pg.PoolClient): SqlRunner => ({
    async query<Row>(text: string, params: SqlValue[] = []) {
      // Named: each connection parses and plans the statement once, then only binds and executes it.
      try {
        const result = await client.query({ name: names.of(text), text, values: params });
        return result.rows as Row[];
      } catch (error) {
        if (!isStalePlan(error)) throw asStoreError(error);
        // Another replica migrated the schema under this connection's prepared statement: rename it.
        names.renew(text);
        const result = await client.query({ text, values: params }).catch((retryError: unknown) => {
          throw asStoreError(retryError);
        });
        return result.rows as Row[];
      }
    },
    async execScript(text: string) {
      await client.query(text).catch((error: unknown) => {
        throw asStoreError(error);
      });
    },
  });
  return {
    kind: 'postgres',
    ...runnerOf(pool),
    async transaction(work) {
      const client = await pool.connect().catch((error: unknown) => {
        throw asStoreError(error);
      });
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await work(runnerOf(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        const failure = asStoreError(error);
        // A connection that failed under us is dropped, not handed to the next request.
        if (failure instanceof StoreUnavailableError) broken = failure;
        else await client.query('ROLLBACK').catch(() => {});
        throw failure;
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
