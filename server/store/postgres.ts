import pg from 'pg';
import type { SqlDatabase, SqlRunner, SqlValue } from './sql.ts';

export interface PostgresOptions {
  databaseUrl: string;
  /** Schema for every table (created if missing); lets tests and deployments share one database. */
  schema?: string;
  maxConnections?: number;
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
  const runnerOf = (client: pg.Pool | pg.PoolClient): SqlRunner => ({
    async query<Row>(text: string, params: SqlValue[] = []) {
      const result = await client.query(text, params);
      return result.rows as Row[];
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
