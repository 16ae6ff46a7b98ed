import { resolveDataKeys } from '../data-keys.ts';
import { SecretBox } from '../secret-box.ts';
import type { DataKey } from '../secret-box.ts';
import { openEmbedded } from './pglite.ts';
import { openPostgres } from './postgres.ts';
import { SqlStore } from './sql-store.ts';
import type { Store } from './types.ts';

export type StoreOptions = (
  | { kind: 'embedded'; /** undefined: in memory */ dataDir?: string }
  | { kind: 'postgres'; databaseUrl: string; schema?: string; maxConnections?: number }
) & {
  /** XDL_DATA_KEYS, the first current; required for PostgreSQL (see `resolveDataKeys`). */
  dataKeys?: readonly DataKey[];
};

/** Opens the store, brings its schema up to date and seals any secret still stored in clear. */
export async function openStore(options: StoreOptions): Promise<Store> {
  const dataDir = options.kind === 'embedded' ? options.dataDir : undefined;
  const box = new SecretBox(resolveDataKeys({ configured: options.dataKeys, store: options.kind, dataDir }));
  const db = options.kind === 'embedded' ? await openEmbedded(options.dataDir) : await openPostgres(options);
  try {
    return await SqlStore.open(db, box);
  } catch (error) {
    await db.close();
    throw error;
  }
}
