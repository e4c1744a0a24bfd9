import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrateDatabase, openDatabase } from '@/db/client';
import { createScratchDatabase } from '@/db/scratch-database';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A file holding a migrated, empty PGlite (`dumpDataDir`), or '' on PostgreSQL. */
    pgliteTemplate: string;
    /** On PostgreSQL, a migrated, empty database on TEST_DATABASE_URL's server that each file's database copies; '' otherwise. */
    postgresTemplate: string;
  }
}

/**
 * Once per `vitest run`: migrate one in-memory PGlite and dump it to a temporary file, which every
 * test file's freshDatabase() loads (tests/helpers/database.ts); on PostgreSQL, migrate one database
 * that every test file's database is created from as a copy. Made from the migrations of this
 * checkout on every run, so it can never be stale.
 */
export default async function setup(project: TestProject) {
  if (process.env.OPENSEAL_TEST_DRIVER === 'postgres') {
    project.provide('pgliteTemplate', '');
    const serverUrl = process.env.TEST_DATABASE_URL;
    if (!serverUrl) {
      project.provide('postgresTemplate', '');
      return; // freshDatabase() says what is missing
    }
    const template = await createScratchDatabase(serverUrl, `openseal_tpl_${process.pid}`);
    const handle = await openDatabase({ url: template.url });
    await migrateDatabase(handle);
    await handle.close(); // a template must have no connections while it is copied
    project.provide('postgresTemplate', template.name);
    return () => template.drop();
  }
  project.provide('postgresTemplate', '');
  const handle = await openDatabase({ dataDir: null });
  await migrateDatabase(handle);
  if (handle.mode !== 'embedded') throw new Error('expected PGlite');
  const dump = await handle.client.dumpDataDir('none');
  await handle.close();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openseal-pglite-template-'));
  const file = path.join(dir, 'migrated.tar');
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplate', file);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
