import { loadConfig } from '../config.ts';
import { openStore, storeOptions } from '../store/open.ts';
import type { Store } from '../store/types.ts';
import type { CliIo } from './io.ts';

/** Opens the store the configuration names (`--config`, then XDL_* variables), uses it, closes it. */
export async function withStore<T>(io: CliIo, configPath: string | undefined, use: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(storeOptions(loadConfig(io.env, configPath)));
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}
