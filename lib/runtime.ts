import path from 'node:path';
import fs from 'node:fs';
import { migrateDatabase, openDatabase, type Database, type DatabaseHandle } from '@/db/client';
import { parseEnv, type Env } from '@/lib/env';
import { acquireDataDirLock, type DataDirLock } from '@/lib/data-dir/lock';
import { loadOrCreateAuthSecret } from '@/lib/data-dir/secrets';
import { nowDate, systemClock, type Clock } from '@/lib/clock';
import { loadLogSigner } from '@/lib/log/log-signer';
import { startLogCheckpointer } from '@/lib/log/log-store';
import { createWitnessClient } from '@/lib/log/witnesses';
import { parseWitnessesSetting } from '@/lib/log/witness-settings';
import { startJobs, type JobRunner } from '@/lib/jobs/runner';
import { startWebhookFanOut } from '@/lib/webhooks/fan-out';
import { flushApiCallTrail } from '@/lib/api/call-trail';
import { allJobs } from '@/lib/jobs';
import { netPolicyFromEnv } from '@/lib/net/policy';
import { ensureDefaultProgram } from '@/lib/programs/ensure-default-program';
import { loadSecretBox, type SecretBox } from '@/lib/auth/secret-box';
import { sealStoredTotpSecrets } from '@/lib/services/second-factor/secret-storage';

/**
 * Everything a process holds open: the database, the jobs, the lock. One per process, kept on
 * globalThis because the custom server (scripts/start.ts) and the Next bundle each load their own
 * copy of this module but must share one database: two PGlite instances on one folder lose rows.
 */
export type Runtime = {
  env: Env;
  handle: DatabaseHandle;
  db: Database;
  clock: Clock;
  jobs: JobRunner | null;
  authSecret: string;
  /** Seals and opens the secrets kept encrypted in the database (lib/auth/secret-box.ts). */
  secretBox: SecretBox;
  /** True when this process created the embedded database (its first start). */
  createdDatabase: boolean;
  close(): Promise<void>;
};

export type OpenRuntimeOptions = {
  env?: Env;
  clock?: Clock;
  /** Start job workers and schedules (the server); scripts only enqueue, or not even that. */
  jobs?: 'work' | 'enqueue' | 'none';
  lock?: DataDirLock;
};

export function embeddedDatabaseDir(env: Env) {
  return path.join(env.dataDir, 'pglite');
}

export async function openRuntime(options: OpenRuntimeOptions = {}): Promise<Runtime> {
  const env = options.env ?? parseEnv();
  const clock = options.clock ?? systemClock;
  let lock = options.lock ?? null;
  let handle: DatabaseHandle | null = null;
  try {
    // Before anything opens: a PostgreSQL deployment without its encryption key must not start.
    const secretBox = env.DATABASE_URL ? loadSecretBox(env) : null;
    const configuredLogSigner = env.DATABASE_URL ? loadLogSigner(env) : null;
    let createdDatabase = false;
    let authSecret: string;
    if (env.DATABASE_URL) {
      handle = await openDatabase({ url: env.DATABASE_URL });
      authSecret = env.AUTH_SECRET!; // required by the env schema in this mode
    } else {
      lock ??= acquireDataDirLock(env.dataDir);
      const dir = embeddedDatabaseDir(env);
      createdDatabase = !fs.existsSync(path.join(dir, 'PG_VERSION'));
      authSecret = env.AUTH_SECRET ?? loadOrCreateAuthSecret(env.dataDir);
      handle = await openDatabase({ dataDir: dir });
    }
    // Embedded: loaded under the data-folder lock, which guards the key file as it guards the database.
    const box = secretBox ?? loadSecretBox(env);
    const logSigner = configuredLogSigner ?? loadLogSigner(env);
    await migrateDatabase(handle);
    await sealTotpSecretsAtStart(handle.db, box);
    // Every open, on either database: there is always a program to apply to (a no-op once it exists).
    await ensureDefaultProgram(handle.db, clock);
    const mode = options.jobs ?? 'work';
    const jobs = mode === 'none' ? null : await startJobs({ handle, clock, jobs: allJobs, work: mode === 'work', net: netPolicyFromEnv(env), secrets: box });
    // Where jobs work, the public log's checkpoints are signed too (ADR 0023).
    const opened = handle;
    const witnesses = env.OPENSEAL_LOG_WITNESSES ? createWitnessClient({ db: opened.db, witnesses: parseWitnessesSetting(env.OPENSEAL_LOG_WITNESSES), now: () => nowDate(clock) }) : undefined;
    const checkpointer = mode === 'work' ? startLogCheckpointer({ db: opened.db, signer: logSigner, now: () => nowDate(clock), witnesses }) : null;
    // Where jobs work, webhook events become deliveries within a second (issue #17).
    const fanOut = mode === 'work' ? startWebhookFanOut({ db: opened.db, jobs, now: () => nowDate(clock) }) : null;
    const heldLock = lock;
    let closing: Promise<void> | null = null;
    return {
      env,
      handle: opened,
      db: opened.db,
      clock,
      jobs,
      authSecret,
      secretBox: box,
      createdDatabase,
      close() {
        closing ??= (async () => {
          try {
            await checkpointer?.stop();
            await fanOut?.stop();
            await jobs?.stop();
          } finally {
            // The API calls served last (the server finished its requests before this) reach the keys' trail.
            await flushApiCallTrail(opened.db).catch((error: unknown) => console.error("[openseal] the last API calls could not be written to their keys' trail:", error));
            await opened.close();
            heldLock?.release();
          }
        })();
        return closing;
      },
    };
  } catch (error) {
    await handle?.close().catch(() => {});
    lock?.release();
    throw error;
  }
}

/**
 * Two-factor secrets stored readable (before encryption existed) or under a retired key are sealed
 * under the current key at every start (ADR 0011, amendment); with nothing to do, one empty query.
 */
async function sealTotpSecretsAtStart(db: Database, box: SecretBox) {
  const { sealed, unreadable } = await sealStoredTotpSecrets(db, box);
  if (sealed > 0) console.log(`[openseal] sealed ${sealed} two-factor secret(s) under the current encryption key (${box.currentKeyId})`);
  if (unreadable > 0) {
    console.warn(
      `[openseal] ${unreadable} two-factor secret(s) are sealed under an encryption key this server does not have: those users cannot sign in with their app (recovery codes still work). Add the key they were sealed with to OPENSEAL_ENCRYPTION_RETIRED_KEYS.`,
    );
  }
}

type RuntimeHolder = { __opensealRuntime?: Promise<Runtime> };
const holder = globalThis as RuntimeHolder;

/** Makes `runtime` the one the app's pages, actions and routes use. */
export function installRuntime(runtime: Runtime) {
  holder.__opensealRuntime = Promise.resolve(runtime);
}

/**
 * The process's runtime. Under `npm start` the server installed it before serving; under `next dev`
 * the first request opens it. Never called at module top level: `next build` imports modules
 * without a database.
 */
export function getRuntime(): Promise<Runtime> {
  holder.__opensealRuntime ??= openRuntime().catch((error) => {
    holder.__opensealRuntime = undefined;
    throw error;
  });
  return holder.__opensealRuntime;
}
