import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirInUseError, LOCK_FILE, lockDataDir } from '../../server/store/pglite.ts';

const folders: string[] = [];
const folder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'xdl-lock-'));
  folders.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The pid of a process that has exited. */
const deadPid = (): number => spawnSync(process.execPath, ['-e', '']).pid!;

describe('the embedded data folder lock', () => {
  it('is created with our pid and removed on release', () => {
    const dir = folder();
    const release = lockDataDir(dir);
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(String(process.pid));
    release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('refuses a folder whose lock names a live process', () => {
    const dir = folder();
    writeFileSync(join(dir, LOCK_FILE), String(process.ppid));
    expect(() => lockDataDir(dir)).toThrow(DataDirInUseError);
    expect(() => lockDataDir(dir)).toThrow(`in use by process ${process.ppid}`);
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(String(process.ppid));
  });

  it('takes over a lock left by a dead process, leaving nothing aside', () => {
    const dir = folder();
    writeFileSync(join(dir, LOCK_FILE), String(deadPid()));
    const release = lockDataDir(dir);
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(String(process.pid));
    expect(readdirSync(dir)).toEqual([LOCK_FILE]);
    release();
  });

  it('treats a fresh empty lock as a process starting, and an old one as stale', () => {
    const dir = folder();
    const lock = join(dir, LOCK_FILE);
    writeFileSync(lock, '');
    expect(() => lockDataDir(dir)).toThrow('in use by a process starting right now');
    const old = new Date(Date.now() - 60_000);
    utimesSync(lock, old, old);
    lockDataDir(dir)();
  });
});
