import { mkdirSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PreparedStatements } from './pglite-statements.ts';
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

/** Runs one piece of work at a time, in call order. */
function serialiser(): <T>(work: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>) => {
    const result = tail.then(work);
    tail = result.catch(() => {});
    return result;
  };
}

/** `dataDir` undefined keeps the database in memory (tests). */
export async function openEmbedded(dataDir?: string): Promise<SqlDatabase> {
  const unlock = dataDir ? lockDataDir(dataDir) : () => {};
  const db = new PGlite(dataDir ? join(dataDir, 'pg') : undefined);
  await db.waitReady;
  const statements = new PreparedStatements(db);
  // PGlite is one session: a statement must never slip into another caller's open transaction.
  const exclusive = serialiser();
  const runnerOf = (target: Pick<PGlite, 'query' | 'exec'>, inTransaction: boolean): SqlRunner => ({
    query<Row>(text: string, params: SqlValue[] = []) {
      return statements.run<Row>(text, params, inTransaction, target);
    },
    async execScript(text: string) {
      await target.exec(text);
    },
  });
  const outside = runnerOf(db, false);
  return {
    kind: 'embedded',
    query: (text, params) => exclusive(() => outside.query(text, params)),
    execScript: (text) => exclusive(() => outside.execScript(text)),
    transaction: (work) => exclusive(() => db.transaction((tx) => work(runnerOf(tx, true)))),
    async close() {
      await exclusive(() => db.close());
      unlock();
    },
  };
}
