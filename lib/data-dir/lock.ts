import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { ensurePrivateDataDir } from './permissions';

/**
 * PGlite has no lock of its own: two processes on one folder each see only their own writes and
 * rows are silently lost when they close. Every process that opens the embedded database takes
 * this lock first, and gives up before writing anything when another live process holds it.
 */
export const LOCK_FILE_NAME = 'openseal.lock';

/**
 * The holder touches the lock file (its mtime) this often while it runs: a heartbeat that another
 * host can see on a shared folder, where the holder's pid means nothing.
 */
export const HEARTBEAT_MS = 10_000;
/** A lock from another host whose heartbeat is older than this is stale: six beats missed. */
export const STALE_AFTER_MS = 6 * HEARTBEAT_MS;

/** Who holds a lock: the lock file's content. */
export const lockOwnerSchema = z.object({ pid: z.number().int(), hostname: z.string(), startedAt: z.string(), command: z.string() });
export type LockOwner = z.infer<typeof lockOwnerSchema>;

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner,
    /** Set for a lock from another host: how long ago it last refreshed it, and when it becomes stale. */
    readonly foreign?: { heartbeatAgeMs: number; staleAfterMs: number },
  ) {
    const lockPath = path.join(dataDir, LOCK_FILE_NAME);
    super(
      foreign
        ? `The data folder ${dataDir} is in use by process ${owner.pid} on host ${owner.hostname} (${owner.command}, started ${owner.startedAt}), ` +
            `which refreshed its lock ${Math.round(foreign.heartbeatAgeMs / 1000)} s ago. Only one OpenSeal process may open an embedded database. ` +
            `If that host is gone (a container that was recreated), start again in ${Math.max(1, Math.ceil((foreign.staleAfterMs - foreign.heartbeatAgeMs) / 1000))} s: ` +
            `a lock not refreshed for ${Math.round(foreign.staleAfterMs / 1000)} s is taken over. If it is still running, stop it first. ` +
            `Delete ${lockPath} by hand only when you are sure no process on ${owner.hostname} uses this folder.`
        : `The data folder ${dataDir} is in use by process ${owner.pid} (${owner.command}, started ${owner.startedAt}). ` +
            `Only one OpenSeal process may open an embedded database: stop that process first. ` +
            `If no such process is running, delete ${lockPath}.`,
    );
    this.name = 'DataDirInUseError';
  }
}

export type DataDirLock = {
  path: string;
  release(): void;
  /**
   * Gives the lock to another process (the server that `npm start` supervises, scripts/start.ts):
   * stops refreshing it and leaves the file in place, so the folder is never unlocked; the
   * receiver takes it with `acquireDataDirLock(…, { handedOverBy })`. Returns the record to pass on.
   */
  handOver(): LockOwner;
};

export type DataDirLockOptions = {
  /** How often the holder refreshes the lock file; tests shorten it. */
  heartbeatMs?: number;
  /** When a lock from another host counts as stale. */
  staleAfterMs?: number;
  /** The clock the heartbeat's age is measured with (ms since the epoch); tests move it. */
  now?: () => number;
  /**
   * The holder that handed this process the lock (DataDirLock.handOver): a lock with exactly this
   * record (pid, host and start time) is taken over although its holder is alive.
   */
  handedOverBy?: LockOwner;
};

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

function heartbeatAgeMs(lockPath: string, now: number): number {
  try {
    return now - fs.statSync(lockPath).mtimeMs;
  } catch {
    return 0; // gone meanwhile: the next attempt creates it
  }
}

export function acquireDataDirLock(dataDir: string, command = process.argv.slice(1).join(' ') || 'node', options: DataDirLockOptions = {}): DataDirLock {
  const { heartbeatMs = HEARTBEAT_MS, staleAfterMs = STALE_AFTER_MS, now = Date.now, handedOverBy } = options;
  ensurePrivateDataDir(dataDir);
  const lockPath = path.join(dataDir, LOCK_FILE_NAME);
  const me: LockOwner = { pid: process.pid, hostname: os.hostname(), startedAt: new Date().toISOString(), command };

  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      // 'wx' fails if the file exists: creation is the atomic test-and-set.
      fs.writeFileSync(lockPath, JSON.stringify(me), { flag: 'wx', mode: 0o600 });
      return holdLock(lockPath, me, heartbeatMs, now);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = readOwner(lockPath);
    let leftBy: string | null;
    if (owner && handedOverBy && sameOwner(owner, handedOverBy)) {
      leftBy = null; // handed over: taken without a warning
    } else if (owner && owner.hostname === me.hostname) {
      if (isAlive(owner.pid)) throw new DataDirInUseError(dataDir, owner);
      leftBy = `process ${owner.pid}, which is no longer running`;
    } else if (owner) {
      // Another host's pid cannot be checked from here; its heartbeat can. Its clock and ours must
      // agree within staleAfterMs (docs/adr/0001).
      const age = heartbeatAgeMs(lockPath, now());
      if (age <= staleAfterMs) throw new DataDirInUseError(dataDir, owner, { heartbeatAgeMs: Math.max(0, age), staleAfterMs });
      leftBy = `process ${owner.pid} on host ${owner.hostname}, which stopped refreshing it ${Math.round(age / 1000)} s ago`;
    } else {
      leftBy = 'a process that did not finish writing it';
    }
    // Move the stale file aside rather than deleting it, so that of two processes taking over at
    // once only one rename succeeds and only one then creates the lock.
    try {
      fs.renameSync(lockPath, `${lockPath}.stale-${process.pid}`);
      fs.rmSync(`${lockPath}.stale-${process.pid}`, { force: true });
      if (leftBy) console.warn(`[openseal] took over the lock on ${dataDir} left by ${leftBy}`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  throw new Error(`Could not lock the data folder ${dataDir}: another process keeps taking it.`);
}

// Pids repeat across hosts (every container's first process is pid 1): the whole record says who.
function sameOwner(a: LockOwner, b: LockOwner) {
  return a.pid === b.pid && a.hostname === b.hostname && a.startedAt === b.startedAt;
}

/**
 * Deletes the lock file if it still holds `owner`'s record: a lock handed over (DataDirLock.handOver)
 * to a process that ended before taking it must not outlive the one that handed it.
 */
export function releaseHandedOverLock(dataDir: string, owner: LockOwner) {
  const lockPath = path.join(dataDir, LOCK_FILE_NAME);
  const current = readOwner(lockPath);
  if (current && sameOwner(current, owner)) fs.rmSync(lockPath, { force: true });
}

function holdLock(lockPath: string, me: LockOwner, heartbeatMs: number, now: () => number): DataDirLock {
  const isMine = () => {
    const owner = readOwner(lockPath);
    return owner !== null && sameOwner(owner, me);
  };
  let released = false;
  let warned = false;
  const heartbeat = setInterval(() => {
    // Only our own lock is refreshed: one taken over meanwhile (this process was frozen longer than
    // the stale limit) must not be kept alive by us; say so loudly instead.
    if (isMine()) {
      const at = new Date(now());
      try {
        fs.utimesSync(lockPath, at, at);
      } catch (error) {
        console.error(`[openseal] could not refresh the lock ${lockPath}: ${(error as Error).message}`);
      }
    } else if (!warned) {
      warned = true;
      console.error(`[openseal] the lock ${lockPath} is no longer this process's: another process took the data folder over. Stop this one.`);
    }
  }, heartbeatMs);
  heartbeat.unref();
  const release = () => {
    if (released) return;
    released = true;
    clearInterval(heartbeat);
    process.off('exit', release);
    if (isMine()) fs.rmSync(lockPath, { force: true });
  };
  process.on('exit', release);
  const handOver = () => {
    if (released) throw new Error(`The lock ${lockPath} was already released or handed over`);
    released = true;
    clearInterval(heartbeat);
    process.off('exit', release);
    return me;
  };
  return { path: lockPath, release, handOver };
}
