/**
 * A ready embedded database: PGlite's initdb plus every migration, dumped once and kept in a cache. A
 * new embedded store — a data folder or one in memory — starts from this image instead of running
 * initdb, which costs 3–6 s of CPU and about 900 MiB per run.
 *
 * The cache holds the image twice: as PGlite's data-folder archive (what an in-memory database loads)
 * and unpacked (what a new data folder is copied from: a plain copy is several times faster than
 * unpacking). Both are keyed by the PGlite version and the migrations' text, so changing either names
 * another image, built at its first use. Each is written aside and renamed into place: a reader never
 * sees half of one. A cache that cannot be written only costs the rebuild.
 */
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import { extract } from 'tar';
import { MIGRATIONS, migrate } from './migrations.ts';
import { embeddedDatabase } from './pglite.ts';

export const CACHE_DIR_ENV = 'XDL_CACHE_DIR';
const PACKAGE_ROOT = path.resolve(import.meta.dirname, '../..');

function pgliteVersion(): string {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const manifest: unknown = JSON.parse(readFileSync(path.join(path.dirname(entry), '..', 'package.json'), 'utf8'));
  const version = typeof manifest === 'object' && manifest !== null && 'version' in manifest ? manifest.version : undefined;
  if (typeof version !== 'string') throw new Error('cannot read the version of @electric-sql/pglite');
  return version;
}

/** Names the image of one PGlite version and one list of migrations. */
export function imageKey(migrations: readonly string[], version: string): string {
  const hash = createHash('sha256').update(`pglite ${version}\n`);
  for (const sql of migrations) hash.update(`${sql.length}:${sql}`);
  return hash.digest('hex').slice(0, 20);
}

/** `XDL_CACHE_DIR`, else the package's `node_modules/.cache/xiaodenglu`, else one in the temporary folder. */
export function imageCacheDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const configured = env[CACHE_DIR_ENV];
  if (configured) return path.resolve(configured);
  const modules = path.join(PACKAGE_ROOT, 'node_modules');
  return existsSync(modules) ? path.join(modules, '.cache', 'xiaodenglu') : path.join(tmpdir(), 'xiaodenglu-cache');
}

/** initdb and every migration in memory, dumped as a tar of the data folder. */
export async function buildImage(): Promise<Buffer> {
  const pg = await PGlite.create();
  const db = embeddedDatabase(pg);
  try {
    await migrate(db);
    await pg.query('CHECKPOINT');
    return Buffer.from(await (await pg.dumpDataDir('none')).arrayBuffer());
  } finally {
    await db.close();
  }
}

const partialName = (target: string): string => `${target}.partial-${process.pid}-${randomBytes(4).toString('hex')}`;

/** Unpacks PGlite's archive into `dir` (which must exist and be empty). */
async function unpack(archive: Buffer, dir: string): Promise<void> {
  const problems: string[] = [];
  // PGlite names the members from the root ("/PG_VERSION"); tar strips that, as it should.
  const onwarn = (code: string, message: string | Error) => {
    if (code !== 'TAR_ENTRY_INFO') problems.push(`${code}: ${message instanceof Error ? message.message : message}`);
  };
  await pipeline(Readable.from(archive), extract({ cwd: dir, onwarn }));
  if (problems.length > 0) throw new Error(`the database image did not unpack cleanly: ${problems.join('; ')}`);
}

/** Makes `target` by `fill`ing a sibling folder, then renaming it into place; nothing is left on failure. */
async function createAtomically(target: string, fill: (dir: string) => Promise<void> | void): Promise<void> {
  const partial = partialName(target);
  mkdirSync(partial, { recursive: true, mode: 0o700 });
  try {
    await fill(partial);
    renameSync(partial, target);
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    throw error;
  }
}

interface CachedImage {
  archive: Promise<Buffer>;
  /** The unpacked image, or null when the cache cannot hold it. */
  folder?: Promise<string | null>;
}

const images = new Map<string, CachedImage>();

function cached(cacheDir: string): { entry: CachedImage; base: string } {
  const base = path.join(cacheDir, `pglite-${imageKey(MIGRATIONS, pgliteVersion())}`);
  let entry = images.get(base);
  if (!entry) {
    entry = { archive: readOrBuildArchive(`${base}.tar`) };
    entry.archive.catch(() => images.delete(base));
    images.set(base, entry);
  }
  return { entry, base };
}

async function readOrBuildArchive(file: string): Promise<Buffer> {
  if (existsSync(file)) return readFileSync(file);
  const archive = await buildImage();
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const partial = partialName(file);
    writeFileSync(partial, archive);
    renameSync(partial, file);
  } catch {
    // A read-only or full disk: this process keeps its image, the next one builds it again.
  }
  return archive;
}

/** The image as PGlite's archive: read from the cache, or built and cached once. */
export function migratedImage(cacheDir = imageCacheDir()): Promise<Buffer> {
  return cached(cacheDir).entry.archive;
}

function imageFolder(cacheDir: string): Promise<string | null> {
  const { entry, base } = cached(cacheDir);
  entry.folder ??= (async () => {
    if (existsSync(base)) return base;
    const archive = await entry.archive;
    try {
      await createAtomically(base, (dir) => unpack(archive, dir));
      return base;
    } catch {
      return existsSync(base) ? base : null;
    }
  })();
  return entry.folder;
}

/** Builds the image and its unpacked copy into the cache now, so later new databases only copy it. */
export async function prepareImage(cacheDir = imageCacheDir()): Promise<{ folder: string | null }> {
  await migratedImage(cacheDir);
  return { folder: await imageFolder(cacheDir) };
}

/** Makes `pgDir` a database from the image unless it already is one; an interrupted start leaves nothing half-made. */
export async function ensureDatabaseFolder(pgDir: string, cacheDir = imageCacheDir()): Promise<'existing' | 'created'> {
  if (existsSync(path.join(pgDir, 'PG_VERSION'))) return 'existing';
  if (existsSync(pgDir)) {
    if (readdirSync(pgDir).length > 0)
      throw new Error(`${pgDir} holds files but no database (no PG_VERSION); move it aside and start again`);
    rmSync(pgDir, { recursive: true });
  }
  const folder = await imageFolder(cacheDir);
  if (folder) await createAtomically(pgDir, (dir) => cpSync(folder, dir, { recursive: true }));
  else await createAtomically(pgDir, async (dir) => unpack(await migratedImage(cacheDir), dir));
  return 'created';
}
