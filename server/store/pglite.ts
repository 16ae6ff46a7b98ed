import { randomBytes } from 'node:crypto';
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PreparedStatements } from './pglite-statements.ts';
import type { SqlDatabase, SqlRunner, SqlValue } from './sql.ts';

export class DataDirInUseError extends Error {}

export const LOCK_FILE = 'xiaodenglu.lock';
/** A lock file still empty this long after it was made belongs to a process that died creating it. */
const EMPTY_LOCK_GRACE_MS = 5000;

/**
 * PGlite is one PostgreSQL backend in this process: two processes opening the same folder would
 * corrupt it, so the folder carries a lock file naming its owner. It is created exclusively; a lock
 * left by a dead process is moved aside (atomic, so of two processes taking it over only one can) and
 * the exclusive create is tried again.
 */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = join(dataDir, LOCK_FILE);
  const inUse = (owner: string) =>
    new DataDirInUseError(`data folder ${resolve(dataDir)} is in use by ${owner}; stop it first or use DATABASE_URL (PostgreSQL) to share a store`);
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      try {
        writeFileSync(fd, String(process.pid));
      } finally {
        closeSync(fd);
      }
      return () => rmSync(lockPath, { force: true });
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw error;
    }
    const owner = readLock(lockPath);
    if (owner === null) continue;
    if (owner.pid === null && Date.now() - owner.modifiedMs < EMPTY_LOCK_GRACE_MS) throw inUse('a process starting right now');
    if (owner.pid !== null && owner.pid !== process.pid && processAlive(owner.pid)) throw inUse(`process ${owner.pid}`);
    const aside = `${lockPath}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
      renameSync(lockPath, aside);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') continue;
      throw error;
    }
    const moved = readLock(aside);
    if (moved?.pid !== owner.pid) {
      // Another process replaced the stale lock between our read and the move: give its lock back.
      try {
        linkSync(aside, lockPath);
      } finally {
        rmSync(aside, { force: true });
      }
      throw inUse(`process ${moved?.pid ?? '(unknown)'}`);
    }
    rmSync(aside, { force: true });
  }
  throw inUse('another process (its lock keeps changing)');
}

function readLock(path: string): { pid: number | null; modifiedMs: number } | null {
  try {
    const text = readFileSync(path, 'utf8');
    const pid = /^\d+$/.test(text.trim()) ? Number(text.trim()) : null;
    return { pid, modifiedMs: statSync(path).mtimeMs };
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null;
    throw error;
  }
}

const errorCode = (error: unknown): unknown => (typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined);

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

/** A ready PGlite as a `SqlDatabase`; `release` runs after it is closed. */
export function embeddedDatabase(db: PGlite, release: () => void = () => {}): SqlDatabase {
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
      release();
    },
  };
}
