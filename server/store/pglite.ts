import { mkdirSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { SqlDatabase, SqlRunner, SqlValue } from './sql.ts';

export class DataDirInUseError extends Error {}

/**
 * PGlite is one PostgreSQL backend in this process: two processes opening the same folder would
 * corrupt it, so the folder carries a lock file naming its owner.
 */
function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = join(dataDir, 'xiaodenglu.lock');
  try {
    const fd = openSync(lockPath, 'wx');
    writeFileSync(fd, String(process.pid));
    closeSync(fd);
  } catch {
    const owner = Number(readFileSync(lockPath, 'utf8'));
    if (owner && owner !== process.pid && processAlive(owner)) {
      throw new DataDirInUseError(
        `data folder ${resolve(dataDir)} is in use by process ${owner}; stop it first or use DATABASE_URL (PostgreSQL) to share a store`,
      );
    }
    writeFileSync(lockPath, String(process.pid));
  }
  return () => rmSync(lockPath, { force: true });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** `dataDir` undefined keeps the database in memory (tests). */
export async function openEmbedded(dataDir?: string): Promise<SqlDatabase> {
  const unlock = dataDir ? lockDataDir(dataDir) : () => {};
  const db = new PGlite(dataDir ? join(dataDir, 'pg') : undefined);
  await db.waitReady;
  const runnerOf = (target: Pick<PGlite, 'query' | 'exec'>): SqlRunner => ({
    async query<Row>(text: string, params: SqlValue[] = []) {
      return (await target.query<Row>(text, params)).rows;
    },
    async execScript(text: string) {
      await target.exec(text);
    },
  });
  return {
    kind: 'embedded',
    ...runnerOf(db),
    transaction: (work) => db.transaction((tx) => work(runnerOf(tx))),
    async close() {
      await db.close();
      unlock();
    },
  };
}
