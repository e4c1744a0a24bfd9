import crypto from 'node:crypto';
import pg from 'pg';

export type ScratchDatabase = { name: string; url: string; drop(): Promise<void> };

/**
 * A new, empty database on the server `serverUrl` points at (never the database it names), for a
 * test file, a test pass or a benchmark, and `drop()` to remove it again — also while connections
 * to it are still open. A database of its own, not a schema: drizzle-kit's SQL names `public`.
 * With `template`, the new database starts as a copy of that one.
 */
export async function createScratchDatabase(serverUrl: string, prefix: string, options: { template?: string } = {}): Promise<ScratchDatabase> {
  const name = `${prefix}_${crypto.randomBytes(4).toString('hex')}`;
  // A template (a database nobody is connected to) is copied as it is: a migrated one saves each test file its migrations.
  await onServer(serverUrl, options.template ? `CREATE DATABASE "${name}" TEMPLATE "${options.template}"` : `CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => onServer(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

async function onServer(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
