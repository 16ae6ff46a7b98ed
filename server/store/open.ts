import { openEmbedded } from './pglite.ts';
import { openPostgres } from './postgres.ts';
import { SqlStore } from './sql-store.ts';
import type { Store } from './types.ts';

export type StoreOptions =
  | { kind: 'embedded'; /** undefined: in memory */ dataDir?: string }
  | { kind: 'postgres'; databaseUrl: string; schema?: string; maxConnections?: number };

/** Opens the store and brings its schema up to date. */
export async function openStore(options: StoreOptions): Promise<Store> {
  const db = options.kind === 'embedded' ? await openEmbedded(options.dataDir) : await openPostgres(options);
  try {
    return await SqlStore.open(db);
  } catch (error) {
    await db.close();
    throw error;
  }
}
