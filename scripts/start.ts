/**
 * `npm start`: checks the settings, locks an embedded data folder, builds when needed, then runs
 * the server (scripts/serve.ts) in a child process and stays beside it. When the server exits 75 —
 * its embedded database stopped on a full disk and there is room again, which only a new process
 * can reopen (docs/adr/0001) — a new server is started, with no systemd or Docker needed. Every
 * other exit ends `npm start` with the same status; SIGINT and SIGTERM are passed on to the server.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { EnvError, parseEnv } from '@/lib/env';
import { DataDirInUseError, acquireDataDirLock, releaseHandedOverLock, type DataDirLock, type LockOwner } from '@/lib/data-dir/lock';
import { BuildFailedError, ensureBuild } from '@/lib/server/ensure-build';
import { LOCK_HANDED_OVER_VARIABLE } from '@/lib/server/server-process-env';
import { superviseServer } from '@/lib/server/supervisor';

function main() {
  const env = parseEnv();
  // Taken before the build, so that a second `npm start` on the same folder fails at once; handed
  // to each server as it starts, so the folder's lock always names the process that has it open.
  let lock: DataDirLock | undefined = env.DATABASE_URL ? undefined : acquireDataDirLock(env.dataDir);
  ensureBuild(process.cwd());

  let handedOver: LockOwner | undefined;
  const supervisor = superviseServer({
    spawnServer() {
      handedOver = lock?.handOver();
      lock = undefined;
      const childEnv: NodeJS.ProcessEnv = { ...process.env };
      if (handedOver) childEnv[LOCK_HANDED_OVER_VARIABLE] = JSON.stringify(handedOver);
      // The same node and loader (`--import tsx`) as this process; the IPC channel's end tells the
      // server that this process is gone.
      return spawn(process.execPath, [...process.execArgv, path.join(process.cwd(), 'scripts', 'serve.ts')], {
        env: childEnv,
        stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
      });
    },
    afterExit() {
      // A server that ended before taking the lock must not leave this process's record behind.
      if (handedOver) releaseHandedOverLock(env.dataDir, handedOver);
      handedOver = undefined;
    },
    beforeRestart() {
      // The old server released the folder as it stopped; whoever locks it first has it.
      if (!env.DATABASE_URL) lock = acquireDataDirLock(env.dataDir);
    },
  });
  // A terminal's Ctrl+C reaches the server too (same process group); a `kill` reaches only this one.
  process.on('SIGINT', () => supervisor.stop('SIGINT'));
  process.on('SIGTERM', () => supervisor.stop('SIGTERM'));
  void supervisor.exited.then((code) => process.exit(code));
}

try {
  main();
} catch (error) {
  if (error instanceof EnvError || error instanceof DataDirInUseError || error instanceof BuildFailedError) {
    console.error(`\n${error.message}\n`);
  } else {
    console.error('\nOpenSeal could not start:', error instanceof Error ? error.message : error, '\n');
    if (error instanceof Error && error.stack) console.error(error.stack);
  }
  process.exit(1);
}
