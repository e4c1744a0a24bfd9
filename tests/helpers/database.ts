import fs from 'node:fs';
import { inject } from 'vitest';
import { migrateDatabase, openDatabase, type DatabaseHandle } from '@/db/client';
import { createScratchDatabase } from '@/db/scratch-database';

/**
 * Which database the integration tests run on: `pglite` (default, in memory) or `postgres`
 * (a fresh database on TEST_DATABASE_URL's server). `npm test` runs the suite once on each.
 */
export const testDriver = process.env.OPENSEAL_TEST_DRIVER === 'postgres' ? 'postgres' : 'pglite';

export type TestDatabase = DatabaseHandle & { name: string };

/**
 * A new, migrated database for one test file. On PostgreSQL it is a database of its own (not a
 * schema: drizzle-kit's SQL names the `public` schema), dropped again by `close()`.
 */
export async function freshDatabase(): Promise<TestDatabase> {
  if (testDriver === 'pglite') {
    // A copy of the database tests/helpers/global-setup.ts migrated once for the whole run: an
    // empty cluster costs an initdb per file, several times what loading the copy does.
    const template = inject('pgliteTemplate');
    const from = template ? new Blob([fs.readFileSync(template)]) : undefined;
    const handle = await openDatabase({ dataDir: null, from });
    await migrateDatabase(handle); // nothing to do on the copy; all of it without one
    return Object.assign(handle, { name: 'pglite:memory' });
  }
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error('OPENSEAL_TEST_DRIVER=postgres needs TEST_DATABASE_URL (postgres://user:password@host:port/database)');
  // A copy of the database tests/helpers/global-setup.ts migrated once for the run.
  const template = inject('postgresTemplate') || undefined;
  const scratch = await createScratchDatabase(serverUrl, `openseal_t_${process.pid}`, { template });
  const handle = await openDatabase({ url: scratch.url });
  await migrateDatabase(handle);
  const close = handle.close;
  return Object.assign(handle, {
    name: scratch.name,
    async close() {
      await close();
      await scratch.drop();
    },
  });
}
