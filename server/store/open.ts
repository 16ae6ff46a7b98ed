import { resolveDataKeys } from '../data-keys.ts';
import { SecretBox } from '../secret-box.ts';
import type { DataKey } from '../secret-box.ts';
import { openEmbedded } from './embedded.ts';
import { openPostgres } from './postgres.ts';
import { SqlStore } from './sql-store.ts';
import type { Store } from './types.ts';

export type StoreOptions = (
  | { kind: 'embedded'; /** undefined: in memory */ dataDir?: string }
  | { kind: 'postgres'; databaseUrl: string; schema?: string; maxConnections?: number; onIdleError?: (error: Error) => void }
) & {
  /** XDL_DATA_KEYS, the first current; required for PostgreSQL (see `resolveDataKeys`). */
  dataKeys?: readonly DataKey[];
};

/** Where a store lives, as the configuration and `startService` give it. */
export interface StoreChoice {
  /** Absent: PostgreSQL when `databaseUrl` is given, else embedded. */
  store?: 'embedded' | 'postgres';
  dataDir?: string;
  databaseUrl?: string | null;
  databaseSchema?: string;
  dataKeys?: readonly DataKey[];
}

export class StoreChoiceError extends Error {}

/** PostgreSQL when asked for or when a database URL is given; otherwise embedded (in memory without `dataDir`). */
export function storeOptions(choice: StoreChoice): StoreOptions {
  const { databaseUrl, dataKeys } = choice;
  const kind = choice.store ?? (databaseUrl ? 'postgres' : 'embedded');
  if (kind === 'embedded') return { kind, dataDir: choice.dataDir, dataKeys };
  if (!databaseUrl) throw new StoreChoiceError('store "postgres" needs databaseUrl (DATABASE_URL)');
  return { kind, databaseUrl, schema: choice.databaseSchema, dataKeys };
}

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
