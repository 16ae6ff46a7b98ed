import pg from 'pg';
import type { SqlDatabase, SqlRunner, SqlValue } from './sql.ts';

export interface PostgresOptions {
  databaseUrl: string;
  /** Schema for every table (created if missing); lets tests and deployments share one database. */
  schema?: string;
  maxConnections?: number;
}

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
  });
  await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  const names = new StatementNames();
  const runnerOf = (client: pg.Pool | pg.PoolClient): SqlRunner => ({
    async query<Row>(text: string, params: SqlValue[] = []) {
      // Named: each connection parses and plans the statement once, then only binds and executes it.
      try {
        const result = await client.query({ name: names.of(text), text, values: params });
        return result.rows as Row[];
      } catch (error) {
        if (!isStalePlan(error)) throw error;
        // Another replica migrated the schema under this connection's prepared statement: rename it.
        names.renew(text);
        const result = await client.query({ text, values: params });
        return result.rows as Row[];
      }
    },
    async execScript(text: string) {
      await client.query(text);
    },
  });
  return {
    kind: 'postgres',
    ...runnerOf(pool),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(runnerOf(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
