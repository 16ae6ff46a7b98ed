/**
 * The embedded store's ready image (server/store/pglite-image.ts) is honest: a database made from it
 * is the database initdb and the migrations make, and another PGlite or another migration names
 * another image.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from '../../server/store/migrations.ts';
import { embeddedDatabase } from '../../server/store/pglite.ts';
import { ensureDatabaseFolder, imageCacheDir, imageKey } from '../../server/store/pglite-image.ts';

const folders: string[] = [];
const newFolder = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'xdl-image-'));
  folders.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

/** Everything the migrations decide, as text: tables, columns, defaults, indexes, constraints, versions. */
async function schemaOf(pg: PGlite): Promise<unknown> {
  const rows = async (sql: string) => (await pg.query(sql)).rows;
  return {
    server: await rows('SHOW server_version'),
    database: await rows(
      'SELECT datname, pg_encoding_to_char(encoding) AS encoding, datcollate, datctype FROM pg_database WHERE datname = current_database()',
    ),
    columns: await rows(`
      SELECT c.relname, c.relkind, c.relpersistence, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull,
             pg_get_expr(d.adbin, d.adrelid) AS default
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
      WHERE n.nspname = 'public' ORDER BY c.relname, a.attnum`),
    indexes: await rows("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname"),
    constraints: await rows(`
      SELECT conrelid::regclass::text AS table, conname, pg_get_constraintdef(oid) AS definition
      FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2`),
    migrations: await rows('SELECT version FROM schema_migrations ORDER BY version'),
  };
}

describe('the ready database image', () => {
  it('makes the database that initdb and the migrations make', async () => {
    const pgDir = path.join(newFolder(), 'pg');
    expect(await ensureDatabaseFolder(pgDir)).toBe('created');
    const fromImage = await PGlite.create(pgDir);
    const fromScratch = await PGlite.create();
    try {
      await migrate(embeddedDatabase(fromScratch));
      const expected = await schemaOf(fromScratch);
      expect((expected as { migrations: unknown[] }).migrations).toHaveLength(MIGRATIONS.length);
      expect(await schemaOf(fromImage)).toEqual(expected);
    } finally {
      await fromImage.close();
      await fromScratch.close();
    }
  }, 60_000);

  it('is named by the PGlite version and every migration, so a change to either builds another', () => {
    const key = imageKey(MIGRATIONS, '0.5.16');
    expect(imageKey([...MIGRATIONS], '0.5.16')).toBe(key);
    expect(imageKey(MIGRATIONS, '0.5.17')).not.toBe(key);
    expect(imageKey([...MIGRATIONS, 'ALTER TABLE pools ADD COLUMN x text;'], '0.5.16')).not.toBe(key);
    expect(imageKey([...MIGRATIONS.slice(0, -1), `${MIGRATIONS.at(-1)} `], '0.5.16')).not.toBe(key);
    // Two migrations cannot trade text across their boundary and keep the name.
    expect(imageKey(['ab', 'c'], 'v')).not.toBe(imageKey(['a', 'bc'], 'v'));
  });

  it('leaves an existing database alone, and refuses a folder that holds something else', async () => {
    const dataDir = newFolder();
    const pgDir = path.join(dataDir, 'pg');
    await ensureDatabaseFolder(pgDir);
    writeFileSync(path.join(pgDir, 'marker'), 'kept');
    expect(await ensureDatabaseFolder(pgDir)).toBe('existing');
    expect(existsSync(path.join(pgDir, 'marker'))).toBe(true);

    const stray = path.join(newFolder(), 'pg');
    mkdirSync(stray);
    writeFileSync(path.join(stray, 'notes.txt'), 'not a database');
    await expect(ensureDatabaseFolder(stray)).rejects.toThrow(`${stray} holds files but no database (no PG_VERSION)`);
    expect(readdirSync(path.dirname(stray))).toEqual(['pg']);
  });

  it('keeps its cache where XDL_CACHE_DIR says, else beside the installed packages', () => {
    expect(imageCacheDir({ XDL_CACHE_DIR: '/var/cache/xdl' })).toBe('/var/cache/xdl');
    expect(imageCacheDir({})).toBe(path.resolve('node_modules/.cache/xiaodenglu'));
  });
});
