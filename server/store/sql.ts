/** What `SqlStore` needs from a PostgreSQL-dialect database: PGlite and node-postgres both provide it. */
export type SqlValue = string | number | boolean | Date | null;

export interface SqlRunner {
  query<Row>(text: string, params?: SqlValue[]): Promise<Row[]>;
  /** Several statements, no parameters (migrations). */
  execScript(text: string): Promise<void>;
}

export interface SqlDatabase extends SqlRunner {
  readonly kind: 'embedded' | 'postgres';
  transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
