/** What the bench scripts share: their settings from the environment, percentiles, and the databases they run on. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase, type DatabaseHandle } from '@/db/client';
import { createScratchDatabase } from '@/db/scratch-database';

/** A positive whole number from `process.env[name]`, else `fallback`; anything else stops the run with its name. */
export function intSetting(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number, not "${process.env[name]}"`);
  return value;
}

/** The `p`th percentile of ascending `sorted` (nearest rank); NaN when there is nothing measured. */
export function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** "embedded (PGlite)" or "PostgreSQL 15.19": which database a figure was measured on. */
export async function databaseLabel(handle: DatabaseHandle): Promise<string> {
  if (handle.mode === 'embedded') return 'embedded (PGlite)';
  const result = (await handle.db.execute(sql`show server_version`)) as unknown as { rows: { server_version: string }[] };
  return `PostgreSQL ${result.rows[0]!.server_version.split(' ')[0]}`;
}

/**
 * Runs `benchmark` on a new embedded data folder (unless BENCH_SKIP_EMBEDDED=1) and, when
 * TEST_DATABASE_URL or DATABASE_URL is set, on a new database made on that server for the run
 * (never the database the URL names); both are removed afterwards. Returns every row measured.
 */
export async function onEachDatabase<Row>(prefix: string, benchmark: (handle: DatabaseHandle, database: string) => Promise<Row[]>): Promise<Row[]> {
  const rows: Row[] = [];
  if (process.env.BENCH_SKIP_EMBEDDED !== '1') {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix.replaceAll('_', '-')}-`));
    const handle = await openDatabase({ dataDir });
    try {
      rows.push(...(await benchmark(handle, await databaseLabel(handle))));
    } finally {
      await handle.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
  const serverUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (!serverUrl) {
    console.log('\n(no TEST_DATABASE_URL or DATABASE_URL: PostgreSQL skipped)');
    return rows;
  }
  const scratch = await createScratchDatabase(serverUrl, prefix);
  const handle = await openDatabase({ url: scratch.url });
  try {
    rows.push(...(await benchmark(handle, await databaseLabel(handle))));
  } finally {
    await handle.close();
    await scratch.drop();
  }
  return rows;
}

/**
 * What a benchmark's own server needs to run on the PostgreSQL database `databaseUrl` as it is: a
 * fresh session secret, status and log signing keys and encryption key (ADR 0001: all are configured with DATABASE_URL).
 */
export function postgresServerEnv(databaseUrl: string): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: crypto.randomBytes(32).toString('base64url'),
    OPENSEAL_STATUS_SIGNING_KEY: crypto.generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    OPENSEAL_LOG_SIGNING_KEY: crypto.generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    OPENSEAL_ENCRYPTION_KEY: crypto.randomBytes(33).toString('base64'),
  };
}
