/**
 * `npm start`: builds when needed, opens the database (locking an embedded folder), applies the
 * migrations, seeds the demo on an embedded first start, then serves until SIGINT or SIGTERM.
 */
import { EnvError, parseEnv } from '@/lib/env';
import { DataDirInUseError, acquireDataDirLock } from '@/lib/data-dir/lock';
import { BuildFailedError, ensureBuild } from '@/lib/server/ensure-build';
import { embeddedDatabaseDir, installRuntime, openRuntime } from '@/lib/runtime';
import { startHttpServer } from '@/lib/server/http-server';
import { createUploadGate } from '@/lib/server/upload-gate';
import { nowDate } from '@/lib/clock';
import { createFastPath } from '@/lib/public-status/fast-path';
import { installPublicStatusService } from '@/lib/public-status/public-status-service';
import { enableTestClock } from '@/lib/server/test-clock';
import { demoDataExists, formatDemoLogins, seedDemoData } from '@/lib/demo/seed-demo';

async function main() {
  const env = parseEnv();
  (process.env as Record<string, string>).NODE_ENV = 'production';
  process.env.NEXT_TELEMETRY_DISABLED = '1';
  // Taken before the build, so that a second `npm start` on the same folder fails at once.
  const lock = env.DATABASE_URL ? undefined : acquireDataDirLock(env.dataDir);
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

  let stopping = false;
  const stop = async (signal: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    console.log(`[openseal] ${signal}: finishing requests in flight, stopping jobs, closing the database…`);
    const deadline = setTimeout(() => {
      console.error('[openseal] did not stop within 20 s; exiting anyway');
      process.exit(1);
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
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT received'));
  process.on('SIGTERM', () => void stop('SIGTERM received'));
  // The embedded database stopped on a full disk and there is room again: only a new process can
  // reopen it (docs/adr/0001). Exit 75 (EX_TEMPFAIL) so that a supervisor starts it again.
  if (runtime.handle.mode === 'embedded') {
    void runtime.handle.storage?.roomForRestart.then(() => stop('the disk has room again after the embedded database stopped; exiting with 75 to be restarted', 75));
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
