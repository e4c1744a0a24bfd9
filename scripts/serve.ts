/**
 * The server that `npm start` (scripts/start.ts) runs and supervises: builds when needed, opens the
 * database (locking an embedded folder, or taking the lock that start.ts handed over), applies the
 * migrations, seeds the demo on an embedded first start, then serves until SIGINT or SIGTERM, or
 * until start.ts ends. Exits 75 to be started again (docs/adr/0001). Run on its own, it does the
 * same without anyone to restart it.
 */
import { EnvError, parseEnv } from '@/lib/env';
import { DataDirInUseError, acquireDataDirLock, lockOwnerSchema } from '@/lib/data-dir/lock';
import { RESTART_EXIT_CODE } from '@/lib/server/supervisor';
import { LOCK_HANDED_OVER_VARIABLE } from '@/lib/server/server-process-env';
import { BuildFailedError, ensureBuild } from '@/lib/server/ensure-build';
import { embeddedDatabaseDir, installRuntime, openRuntime } from '@/lib/runtime';
import { startHttpServer } from '@/lib/server/http-server';
import { createUploadGate } from '@/lib/server/upload-gate';
import { nowDate } from '@/lib/clock';
import { createFastPath } from '@/lib/public-status/fast-path';
import { installPublicStatusService } from '@/lib/public-status/public-status-service';
import { enableTestClock } from '@/lib/server/test-clock';
import { demoDataExists, formatDemoLogins, seedDemoData } from '@/lib/demo/seed-demo';
import { warmPublicReport } from '@/lib/transparency/public-report';
import { flushApiCallTrail } from '@/lib/api/call-trail';

/**
 * npm start ended without stopping this server first (it was killed with SIGKILL): the server stops
 * rather than keep the data folder open with nobody to stop or restart it. The IPC channel's end
 * is how it learns of it; before the server is up, it just exits (an open database is replayed
 * from its log at the next start, as after a crash).
 */
const supervised = process.connected;
let stopOnDisconnect: ((reason: string) => void) | null = null;
if (supervised) {
  process.channel?.unref();
  process.once('disconnect', () => {
    const reason = 'npm start, which runs this server, ended';
    if (stopOnDisconnect) return stopOnDisconnect(reason);
    console.error(`[openseal] ${reason}; stopping`);
    process.exit(1);
  });
}

async function main() {
  const env = parseEnv();
  (process.env as Record<string, string>).NODE_ENV = 'production';
  process.env.NEXT_TELEMETRY_DISABLED = '1';
  // The lock npm start took before building (so that a second one fails at once), handed over.
  const handed = process.env[LOCK_HANDED_OVER_VARIABLE];
  delete process.env[LOCK_HANDED_OVER_VARIABLE];
  const handedOverBy = handed ? lockOwnerSchema.parse(JSON.parse(handed)) : undefined;
  const lock = env.DATABASE_URL ? undefined : acquireDataDirLock(env.dataDir, undefined, { handedOverBy });
  ensureBuild(process.cwd());

  const clock = env.OPENSEAL_TEST_CLOCK ? enableTestClock() : undefined;
  const runtime = await openRuntime({ env, lock, jobs: 'work', clock });
  installRuntime(runtime);

  let logins = '';
  if (runtime.createdDatabase && !(await demoDataExists(runtime.db))) {
    logins = formatDemoLogins(await seedDemoData(runtime.db, runtime.clock, env.OPENSEAL_DEMO_PASSWORD));
  }

  // The public endpoints' cache and signer, shared by the fast path and the Next.js route handlers.
  const fastPath = createFastPath({ runtime });
  installPublicStatusService(fastPath.service);
  // The e2e clock: after a move, what time would bring within the minute happens at once — the
  // every-minute jobs, the badge sightings written (every 30 s otherwise), and the keys' trail.
  if (clock) {
    clock.onMove = async () => {
      await fastPath.service.sightings.flush();
      await flushApiCallTrail(runtime.db);
      await runtime.jobs?.runMinutelyNow();
    };
  }
  // Statuses are cached once changes are heard; until then (at most a few seconds) they are read per request.
  await Promise.race([fastPath.ready, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
  const server = await startHttpServer({
    dir: process.cwd(),
    port: env.PORT,
    host: env.HOST,
    trustedProxyHops: env.trustedProxyHops,
    publicOrigin: env.publicOrigin,
    fastPath: env.OPENSEAL_FAST_PATH ? fastPath : null,
    uploadGate: createUploadGate({ db: async () => runtime.db, now: () => nowDate(runtime.clock), authSecret: async () => runtime.authSecret }),
  });
  console.log(
    [
      '',
      `OpenSeal is running at ${server.url}`,
      // Links in mail and signed statuses use this address; say so when it is not the one just printed.
      env.publicOrigin === server.url ? '' : `Public address (links in mail, signed statuses; OPENSEAL_PUBLIC_URL): ${env.publicOrigin}`,
      runtime.handle.mode === 'embedded'
        ? `Database: embedded PostgreSQL (PGlite) in ${embeddedDatabaseDir(env)}`
        : 'Database: PostgreSQL server (DATABASE_URL)',
      `Data folder: ${env.dataDir}`,
      logins,
      'Press Ctrl+C to stop.',
      '',
    ]
      .filter((line) => line !== '')
      .join('\n'),
  );
  void warmPublicReport();

  let stopping = false;
  const stop = async (signal: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    console.log(`[openseal] ${signal}: finishing requests in flight, stopping jobs, closing the database…`);
    // A stop for a restart ends with 75 even when closing fails or hangs: the database is stopped
    // either way (replayed from its log at the next open), and a new server is what is needed.
    const failedCode = exitCode === RESTART_EXIT_CODE ? RESTART_EXIT_CODE : 1;
    const deadline = setTimeout(() => {
      console.error('[openseal] did not stop within 20 s; exiting anyway');
      process.exit(failedCode);
    }, 20_000);
    deadline.unref();
    try {
      await server.close();
      await fastPath.close();
      await runtime.close();
      console.log('[openseal] stopped cleanly');
      process.exit(exitCode);
    } catch (error) {
      console.error('[openseal] error while stopping:', error);
      process.exit(failedCode);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT received'));
  process.on('SIGTERM', () => void stop('SIGTERM received'));
  stopOnDisconnect = (reason) => void stop(reason);
  // The embedded database stopped on a full disk and there is room again: only a new process can
  // reopen it (docs/adr/0001). Exit 75 (EX_TEMPFAIL): npm start starts a new server at once.
  if (runtime.handle.mode === 'embedded') {
    void runtime.handle.storage?.roomForRestart.then(() =>
      stop(
        supervised
          ? 'the disk has room again after the embedded database stopped; starting a new server to reopen it'
          : `the disk has room again after the embedded database stopped; exiting with ${RESTART_EXIT_CODE} to be restarted`,
        RESTART_EXIT_CODE,
      ),
    );
  }
}

main().catch((error: unknown) => {
  if (error instanceof EnvError || error instanceof DataDirInUseError || error instanceof BuildFailedError) {
    console.error(`\n${error.message}\n`);
  } else {
    console.error('\nOpenSeal could not start:', error instanceof Error ? error.message : error, '\n');
    if (error instanceof Error && error.stack) console.error(error.stack);
  }
  process.exit(1);
});
