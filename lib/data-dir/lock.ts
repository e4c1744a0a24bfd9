import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * PGlite has no lock of its own: two processes on one folder each see only their own writes and
 * rows are silently lost when they close. Every process that opens the embedded database takes
 * this lock first, and gives up before writing anything when another live process holds it.
 */
export const LOCK_FILE_NAME = 'openseal.lock';

type LockOwner = { pid: number; hostname: string; startedAt: string; command: string };

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner,
  ) {
    super(
      `The data folder ${dataDir} is in use by process ${owner.pid} (${owner.command}, started ${owner.startedAt}). ` +
        `Only one OpenSeal process may open an embedded database: stop that process first. ` +
        `If no such process is running, delete ${path.join(dataDir, LOCK_FILE_NAME)}.`,
    );
    this.name = 'DataDirInUseError';
  }
}

export type DataDirLock = { path: string; release(): void };

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else, which still means it is alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(lockPath: string): LockOwner | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(lockPath, 'utf8')) as Partial<LockOwner>;
    return typeof parsed.pid === 'number' ? (parsed as LockOwner) : null;
  } catch {
    return null; // unreadable or half-written: treated as stale below
  }
}

export function acquireDataDirLock(dataDir: string, command = process.argv.slice(1).join(' ') || 'node'): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, LOCK_FILE_NAME);
  const me: LockOwner = { pid: process.pid, hostname: os.hostname(), startedAt: new Date().toISOString(), command };

  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      // 'wx' fails if the file exists: creation is the atomic test-and-set.
      fs.writeFileSync(lockPath, JSON.stringify(me), { flag: 'wx', mode: 0o600 });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off('exit', release);
        if (readOwner(lockPath)?.pid === process.pid) fs.rmSync(lockPath, { force: true });
      };
      process.on('exit', release);
      return { path: lockPath, release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = readOwner(lockPath);
    if (owner && owner.hostname === me.hostname && isAlive(owner.pid)) throw new DataDirInUseError(dataDir, owner);
    if (owner && owner.hostname !== me.hostname) throw new DataDirInUseError(dataDir, owner);
    // The owner died without releasing. Move the stale file aside rather than deleting it, so that of
    // two processes taking over at once only one rename succeeds and only one then creates the lock.
    try {
      fs.renameSync(lockPath, `${lockPath}.stale-${process.pid}`);
      fs.rmSync(`${lockPath}.stale-${process.pid}`, { force: true });
      console.warn(`[openseal] took over the lock on ${dataDir} left by process ${owner?.pid ?? 'unknown'}, which is no longer running`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  throw new Error(`Could not lock the data folder ${dataDir}: another process keeps taking it.`);
}
