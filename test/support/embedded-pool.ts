/**
 * Embedded test databases, reused within a worker: starting PGlite costs about a second of CPU,
 * emptying a database a few milliseconds. A database handed back is emptied (every table but the
 * migration record, every prepared statement) before the next test gets it, so each test still starts
 * from the migrated, empty image — as `openEmbedded` gives it to the service.
 */
import { PGlite } from '@electric-sql/pglite';
import { migratedImage } from '../../server/store/pglite-image.ts';
import { embeddedDatabase } from '../../server/store/pglite.ts';
import type { SqlDatabase } from '../../server/store/sql.ts';

const idle: PGlite[] = [];
let emptyAll: Promise<string> | undefined;

async function emptyingScript(pg: PGlite): Promise<string> {
  const { rows } = await pg.query<{ name: string }>(
    "SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations' ORDER BY tablename",
  );
  return `DEALLOCATE ALL; TRUNCATE ${rows.map((row) => row.name).join(', ')};`;
}

/** A migrated, empty in-memory database; `close()` hands it back for the next test. */
export async function takeEmbedded(): Promise<SqlDatabase> {
  const pg = idle.pop() ?? (await PGlite.create({ loadDataDir: new Blob([await migratedImage()]) }));
  const db = embeddedDatabase(pg);
  let handedBack = false;
  return {
    ...db,
    async close() {
      if (handedBack) return;
      handedBack = true;
      emptyAll ??= emptyingScript(pg);
      try {
        // Through the database's own queue: after whatever the test still had running.
        await db.execScript(await emptyAll);
        idle.push(pg);
      } catch {
        await pg.close();
      }
    },
  };
}
