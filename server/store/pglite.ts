import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import lockfile from 'proper-lockfile';
import { PGlite } from '@electric-sql/pglite';
import { PreparedStatements } from './pglite-statements.ts';
import type { SqlDatabase, SqlRunner, SqlValue } from './sql.ts';
import { StoreUnavailableError, asStoreError } from './unavailable.ts';

export class DataDirInUseError extends Error {}

/** The data folder's lock was taken over by another process: this one must not write there any more. */
export class DataDirLockLostError extends StoreUnavailableError {
  constructor(message: string) {
    super(message, 'lock-lost');
  }
}

export const LOCK_FILE = 'xiaodenglu.lock';
/**
 * A lock not refreshed for this long belongs to a process that died (kill -9, power loss): the next
 * start takes it over. The holder refreshes it every half of that.
 */
export const LOCK_STALE_MS = 10_000;

export interface DataDirLock {
  release(): void;
  /** Null while the lock is ours; the reason once another process has taken it over. */
  lost(): DataDirLockLostError | null;
}

/**
 * PGlite is one PostgreSQL backend in this process: two processes opening the same folder would
 * corrupt it, so the folder carries a lock (proper-lockfile: an exclusive mkdir, kept fresh by its
 * holder, so a crashed holder's lock goes stale instead of needing its pid to be checked).
 */
export function lockDataDir(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  let lostTo: DataDirLockLostError | null = null;
  try {
    const release = lockfile.lockSync(dataDir, {
      lockfilePath: join(dataDir, LOCK_FILE),
      realpath: false,
      stale: LOCK_STALE_MS,
      update: LOCK_STALE_MS / 2,
      // The default throws from a timer, which would end the process: refuse further writes instead.
      onCompromised: (error) => {
        lostTo = new DataDirLockLostError(
          `the lock on data folder ${resolve(dataDir)} was lost (${error.message}); this process no longer writes there`,
        );
      },
    });
    return {
      release: () => {
        try {
          release();
        } catch (error) {
          // Taken over meanwhile: the lock is another process's now, and stays.
          if (
            (error as NodeJS.ErrnoException | null)?.code !== 'ERELEASED' &&
            (error as NodeJS.ErrnoException | null)?.code !== 'ENOTACQUIRED'
          )
            throw error;
        }
      },
      lost: () => lostTo,
    };
  } catch (error) {
    if ((error as NodeJS.ErrnoException | null)?.code !== 'ELOCKED') throw error;
    throw new DataDirInUseError(
      `data folder ${resolve(dataDir)} is in use by another process (or by one that stopped less than ${LOCK_STALE_MS / 1000} s ago); ` +
        'stop it first, or use DATABASE_URL (PostgreSQL) to share a store',
    );
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

/** A ready PGlite as a `SqlDatabase`; `lock` (a data folder's) is checked before each use and released after closing. */
export function embeddedDatabase(db: PGlite, lock?: DataDirLock): SqlDatabase {
  const statements = new PreparedStatements(db);
  // PGlite is one session: a statement must never slip into another caller's open transaction.
  const serialised = serialiser();
  // A write the file system refuses (disk full…) is the store being unavailable, not a query's bug.
  const exclusive = <T>(work: () => Promise<T>): Promise<T> =>
    serialised(() => {
      const lost = lock?.lost();
      return lost ? Promise.reject(lost) : work().catch((error: unknown) => Promise.reject(asStoreError(error)));
    });
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
      await serialised(() => db.close());
      lock?.release();
    },
  };
}
