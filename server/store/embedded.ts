/** Opens the embedded store's database: a data folder of its own (locked to this process), or in memory. */
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { ensureDatabaseFolder, migratedImage } from './pglite-image.ts';
import { embeddedDatabase, lockDataDir } from './pglite.ts';
import type { SqlDatabase } from './sql.ts';

/** A new database starts from the ready image (initdb and migrations done); an existing folder opens as it is. */
export async function openEmbedded(dataDir?: string): Promise<SqlDatabase> {
  const lock = dataDir !== undefined ? lockDataDir(dataDir) : undefined;
  try {
    let db: PGlite;
    if (dataDir === undefined) db = await PGlite.create({ loadDataDir: new Blob([await migratedImage()]) });
    else {
      const pgDir = path.join(dataDir, 'pg');
      await ensureDatabaseFolder(pgDir);
      db = await PGlite.create(pgDir);
    }
    return embeddedDatabase(db, lock);
  } catch (error) {
    lock?.release();
    throw error;
  }
}
