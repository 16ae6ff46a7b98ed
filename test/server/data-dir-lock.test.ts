import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { migratedImage } from '../../server/store/pglite-image.ts';
import {
  DataDirInUseError,
  DataDirLockLostError,
  LOCK_FILE,
  LOCK_STALE_MS,
  embeddedDatabase,
  lockDataDir,
} from '../../server/store/pglite.ts';

const folders: string[] = [];
const folder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'xdl-lock-'));
  folders.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Makes the lock look as a crashed holder leaves it: not refreshed for longer than it may be. */
const ageLock = (dir: string, byMs: number) => {
  const past = new Date(Date.now() - byMs);
  utimesSync(join(dir, LOCK_FILE), past, past);
};

describe('the embedded data folder lock', () => {
  it('is held while open and gone after release', () => {
    const dir = folder();
    const lock = lockDataDir(dir);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
    expect(lock.lost()).toBeNull();
    lock.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a folder another holder keeps fresh, naming the folder and what to do', () => {
    const dir = folder();
    const lock = lockDataDir(dir);
    try {
      expect(() => lockDataDir(dir)).toThrow(DataDirInUseError);
      expect(() => lockDataDir(dir)).toThrow(`data folder ${dir} is in use by another process`);
      expect(() => lockDataDir(dir)).toThrow('use DATABASE_URL (PostgreSQL) to share a store');
    } finally {
      lock.release();
    }
  });

  it('takes over a lock its holder stopped refreshing (a process that died holding it)', () => {
    const dir = folder();
    mkdirSync(join(dir, LOCK_FILE));
    ageLock(dir, 1000);
    expect(() => lockDataDir(dir)).toThrow(DataDirInUseError);
    ageLock(dir, LOCK_STALE_MS + 1000);
    const next = lockDataDir(dir);
    expect(next.lost()).toBeNull();
    expect(() => lockDataDir(dir)).toThrow(DataDirInUseError);
    next.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('keeps a store from writing once its lock is lost, instead of ending the process', async () => {
    let lost: DataDirLockLostError | null = null;
    const released: string[] = [];
    const db = embeddedDatabase(await PGlite.create({ loadDataDir: new Blob([await migratedImage()]) }), {
      lost: () => lost,
      release: () => released.push('released'),
    });
    expect(await db.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    lost = new DataDirLockLostError('the lock on data folder /x was lost');
    await expect(db.query('SELECT 1')).rejects.toBe(lost);
    await expect(db.transaction(async (tx) => tx.query('SELECT 1'))).rejects.toBe(lost);
    await db.close();
    expect(released).toEqual(['released']);
  });
});
