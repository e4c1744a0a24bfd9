import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import pg from 'pg';
import * as schema from './schema';
import { ensurePrivateDataDir, tightenDataDir } from '../lib/data-dir/permissions';
import { StorageFullError, watchStorage, type StorageWatch } from '../lib/data-dir/storage-full';

/** The one database type the services see, whichever driver is underneath. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Transaction = PgTransaction<PgQueryResultHKT, typeof schema, ExtractTablesWithRelations<typeof schema>>;
/** A verb accepts either, so it can run on its own or inside a caller's transaction. */
export type Executor = Database | Transaction;

export type DatabaseMode = 'embedded' | 'postgres';

export type DatabaseHandle =
  | { mode: 'embedded'; db: Database; client: PGlite; close(): Promise<void>; /** On a data folder (not in memory): its disk's condition. */ storage?: StorageWatch }
  | { mode: 'postgres'; db: Database; pool: pg.Pool; close(): Promise<void> };

// Resolved from the working directory, not from this file: inside the Next bundle this file's
// location is not where the migrations are, and every entry point runs from the project root.
export const migrationsFolder = path.join(process.cwd(), 'db', 'migrations');

/**
 * PGlite's own bytea conversion goes through one JavaScript number and one string per byte: some
 * 250 MB of garbage and seconds of blocked event loop for 8 MB of complaint evidence (issue 11).
 * Buffer's hex codec does the same in one pass, as node-postgres does.
 */
const BYTEA = 17;
const byteaAsHex = {
  serializers: { [BYTEA]: (value: Uint8Array) => `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}` },
  parsers: {
    [BYTEA]: (value: string) => {
      const bytes = Buffer.from(value.slice(2), 'hex');
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },
  },
};

export type OpenDatabaseOptions =
  | { url: string; connectTimeoutMs?: number }
  /** `from`: in memory only, start from a dump of another PGlite (`dumpDataDir`) instead of an empty cluster. */
  | { dataDir: string | null; from?: Blob };

/**
 * How long a new PostgreSQL connection may take. Without a limit, a network that drops packets
 * (rather than refusing them) leaves a query waiting on the operating system's TCP timeout, minutes
 * long; with it, the read fails as "unavailable" and the public endpoints answer the last known
 * status (ADR 0005). Generous for a healthy server, which connects in milliseconds.
 */
export const CONNECT_TIMEOUT_MS = 5_000;

/**
 * Opens the database: node-postgres when a URL is given, otherwise PGlite in `dataDir`
 * (in memory when null). Locking an embedded folder is the caller's job (lib/data-dir/lock.ts).
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if ('url' in options) {
    const pool = new pg.Pool({ connectionString: options.url, max: 10, connectionTimeoutMillis: options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS });
    // An idle client that loses its connection emits 'error' on the pool; unhandled it would kill the process.
    pool.on('error', (error) => console.error('[db] idle PostgreSQL connection failed:', error.message));
    const db = drizzlePg({ client: pool, schema, casing: 'snake_case' }) as unknown as Database;
    return { mode: 'postgres', db, pool, close: () => pool.end() };
  }
  if (options.dataDir) ensurePrivateDataDir(options.dataDir); // PGlite does not create parents
  // pg_trgm backs the users search (migration 0014 creates it); PGlite must load it at construction.
  const from = options.dataDir ? undefined : options.from;
  const client = new PGlite({ dataDir: options.dataDir ?? undefined, loadDataDir: from, extensions: { pg_trgm }, ...byteaAsHex });
  await client.waitReady;
  // PGlite chmods the files of a new database to 0666 (and some to 0644 at every open), past the umask.
  if (options.dataDir) tightenDataDir(options.dataDir);
  const db = drizzlePglite({ client, schema, casing: 'snake_case' }) as unknown as Database;
  if (!options.dataDir) return { mode: 'embedded', db, client, close: () => client.close() };
  const storage = watchStorage({ dir: options.dataDir });
  guardAgainstPanic(client, storage);
  return {
    mode: 'embedded',
    db,
    client,
    storage,
    async close() {
      storage.stop();
      // Closing checkpoints, in WASM: on a PGlite that PANICked it would spin for ever, and on a
      // full disk the checkpoint itself can PANIC. The last commit is in the WAL either way; the
      // next open replays it.
      const free = storage.freeBytes();
      if (storage.condition().state === 'ok' && (free === null || free >= CLOSE_NEEDS_BYTES)) await client.close();
    },
  };
}

/** Room a checkpoint at close may need: one WAL segment. */
const CLOSE_NEEDS_BYTES = 16 * 1024 * 1024;

/**
 * After a PANIC (the WAL could not be written: disk full), the next statement sent to PGlite spins
 * in WASM for ever on the event loop's thread (lib/data-dir/storage-full.ts). Every statement goes
 * through execProtocolRawSync; from the PANIC on it is refused there, before WASM is entered.
 */
function guardAgainstPanic(client: PGlite, storage: StorageWatch) {
  const rawSync = client.execProtocolRawSync.bind(client);
  client.execProtocolRawSync = (message: Uint8Array) => {
    const condition = storage.condition();
    if (condition.state === 'wedged') throw new StorageFullError(`the embedded database stopped: ${condition.reason}`);
    return rawSync(message);
  };
  const execProtocol = client.execProtocol.bind(client);
  client.execProtocol = async (...args: Parameters<PGlite['execProtocol']>) => {
    try {
      return await execProtocol(...args);
    } catch (error) {
      storage.noteFailure(error);
      throw error;
    }
  };
  const execProtocolStream = client.execProtocolStream.bind(client);
  client.execProtocolStream = async (...args: Parameters<PGlite['execProtocolStream']>) => {
    try {
      return await execProtocolStream(...args);
    } catch (error) {
      storage.noteFailure(error);
      throw error;
    }
  };
}

export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  if (handle.mode === 'postgres') await migratePg(handle.db as never, { migrationsFolder });
  else await migratePglite(handle.db as never, { migrationsFolder });
}
