import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { acquireDataDirLock, DataDirInUseError, LOCK_FILE_NAME, releaseHandedOverLock, STALE_AFTER_MS, type DataDirLock } from '@/lib/data-dir/lock';

let root: string;
const held: DataDirLock[] = [];
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'openseal-lock-'));
});
afterEach(() => {
  for (const lock of held.splice(0)) lock.release();
  vi.restoreAllMocks();
});
afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

let folders = 0;
const newFolder = () => path.join(root, `data-${++folders}`);

function acquire(dataDir: string, command?: string) {
  const lock = acquireDataDirLock(dataDir, command);
  held.push(lock);
  return lock;
}

function lockOwner(dataDir: string) {
  return JSON.parse(fs.readFileSync(path.join(dataDir, LOCK_FILE_NAME), 'utf8')) as { pid: number; hostname: string; command: string };
}

/** The pid of a process that has exited: what a crashed server leaves behind in its lock file. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('exit', resolve));
  expect(child.pid).toEqual(expect.any(Number));
  return child.pid!;
}

/** Writes a lock file whose last heartbeat (its modification time) is `beatAt`, so ages are exact. */
function writeLockFile(dataDir: string, owner: Record<string, unknown>, beatAt = Date.now()) {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, LOCK_FILE_NAME);
  fs.writeFileSync(lockPath, JSON.stringify(owner));
  fs.utimesSync(lockPath, new Date(beatAt), new Date(beatAt));
}

describe('data folder lock', () => {
  it('writes who holds the folder into the lock file', () => {
    const dataDir = newFolder();
    const lock = acquire(dataDir, 'npm start');
    expect(lock.path).toBe(path.join(dataDir, LOCK_FILE_NAME));
    expect(lockOwner(dataDir)).toMatchObject({ pid: process.pid, hostname: os.hostname(), command: 'npm start' });
  });

  it('refuses a second holder, naming the folder and the process that has it', () => {
    const dataDir = newFolder();
    acquire(dataDir, 'npm start');

    let error: unknown;
    try {
      acquire(dataDir, 'npm run seed:demo');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DataDirInUseError);
    const inUse = error as DataDirInUseError;
    expect(inUse.message).toContain(`The data folder ${dataDir} is in use by process ${process.pid} (npm start`);
    expect(inUse.message).toContain(`delete ${path.join(dataDir, LOCK_FILE_NAME)}`);
    expect(inUse.owner.pid).toBe(process.pid);
    // The refused attempt leaves the holder's lock as it was.
    expect(lockOwner(dataDir).command).toBe('npm start');
  });

  it('takes over a lock left by a process that is no longer running', async () => {
    const dataDir = newFolder();
    const pid = await deadPid();
    writeLockFile(dataDir, { pid, hostname: os.hostname(), startedAt: new Date(0).toISOString(), command: 'crashed server' });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});

    acquire(dataDir, 'npm start');
    expect(lockOwner(dataDir)).toMatchObject({ pid: process.pid, command: 'npm start' });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining(`left by process ${pid}, which is no longer running`));
    expect(fs.readdirSync(dataDir)).toEqual([LOCK_FILE_NAME]); // the stale file was removed, not left beside it
  });

  it('takes over a lock file that cannot be read (a half-written one)', () => {
    const dataDir = newFolder();
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(path.join(dataDir, LOCK_FILE_NAME), '{"pid": 12');
    vi.spyOn(console, 'warn').mockImplementation(() => {});

    acquire(dataDir);
    expect(lockOwner(dataDir).pid).toBe(process.pid);
  });

  it('does not take over a lock held from another machine, whose processes it cannot see', async () => {
    const dataDir = newFolder();
    const pid = await deadPid();
    writeLockFile(dataDir, { pid, hostname: `${os.hostname()}-elsewhere`, startedAt: new Date().toISOString(), command: 'npm start' });
    expect(() => acquire(dataDir)).toThrow(DataDirInUseError);
    expect(lockOwner(dataDir).pid).toBe(pid);
  });

  it('refuses a lock from another host whose holder still refreshes it, saying when it would count as stale and what to check', () => {
    const dataDir = newFolder();
    const beatAt = Date.parse('2026-12-05T12:00:00.000Z');
    writeLockFile(dataDir, { pid: 1, hostname: 'openseal-7f9c', startedAt: '2026-12-01T08:00:00.000Z', command: 'npm start' }, beatAt);
    const now = beatAt + 20_000; // the holder's last beat was 20 s ago
    const error = (() => {
      try {
        acquireDataDirLock(dataDir, 'npm start', { now: () => now });
      } catch (caught) {
        return caught as DataDirInUseError;
      }
      throw new Error('the lock was taken');
    })();
    expect(error).toBeInstanceOf(DataDirInUseError);
    expect(error.message).toContain(`The data folder ${dataDir} is in use by process 1 on host openseal-7f9c (npm start, started 2026-12-01T08:00:00.000Z), which refreshed its lock 20 s ago.`);
    expect(error.message).toContain('If that host is gone (a container that was recreated), start again in 40 s: a lock not refreshed for 60 s is taken over. If it is still running, stop it first.');
    expect(error.message).toContain(`Delete ${path.join(dataDir, LOCK_FILE_NAME)} by hand only when you are sure no process on openseal-7f9c uses this folder.`);
    expect(lockOwner(dataDir).hostname).toBe('openseal-7f9c');
  });

  it('takes over a lock from another host whose heartbeat stopped (a recreated container)', () => {
    const dataDir = newFolder();
    const beatAt = Date.parse('2026-12-05T12:00:00.000Z');
    writeLockFile(dataDir, { pid: 1, hostname: 'openseal-7f9c', startedAt: '2026-12-01T08:00:00.000Z', command: 'npm start' }, beatAt);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const justFresh = beatAt + STALE_AFTER_MS - 2_000;
    expect(() => acquireDataDirLock(dataDir, 'npm start', { now: () => justFresh })).toThrow(DataDirInUseError);

    const stale = beatAt + STALE_AFTER_MS + 5_000;
    held.push(acquireDataDirLock(dataDir, 'npm start', { now: () => stale }));
    expect(lockOwner(dataDir)).toMatchObject({ pid: process.pid, hostname: os.hostname() });
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/left by process 1 on host openseal-7f9c, which stopped refreshing it 65 s ago$/));
  });

  it('refreshes its own lock while it holds it, so another host sees it alive, and stops refreshing once released', async () => {
    const dataDir = newFolder();
    let now = Date.parse('2027-01-01T00:00:00Z');
    const lock = acquireDataDirLock(dataDir, 'npm start', { heartbeatMs: 10, now: () => now });
    held.push(lock);
    await expect.poll(() => fs.statSync(lock.path).mtimeMs, { timeout: 2_000, interval: 5 }).toBe(now);
    now += 60_000;
    await expect.poll(() => fs.statSync(lock.path).mtimeMs, { timeout: 2_000, interval: 5 }).toBe(now);
    lock.release();
    expect(fs.existsSync(lock.path)).toBe(false);
  });

  it('does not keep alive a lock another process has taken over, and says so', async () => {
    const dataDir = newFolder();
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const lock = acquireDataDirLock(dataDir, 'npm start', { heartbeatMs: 10, now: () => Date.parse('2030-01-01T00:00:00Z') });
    held.push(lock);
    // A process elsewhere with the same pid (containers start at 1 too) is not this one.
    writeLockFile(dataDir, { pid: process.pid, hostname: 'openseal-other', startedAt: new Date().toISOString(), command: 'npm start' });
    const written = fs.statSync(lock.path).mtimeMs;
    await expect.poll(() => error.mock.calls.length, { timeout: 2_000, interval: 5 }).toBeGreaterThan(0);
    expect(error).toHaveBeenCalledWith(expect.stringContaining('is no longer this process\'s: another process took the data folder over'));
    expect(fs.statSync(lock.path).mtimeMs).toBe(written);
    lock.release();
    expect(lockOwner(dataDir).hostname).toBe('openseal-other'); // not removed either
  });

  it('release removes the lock file and lets the next process in', () => {
    const dataDir = newFolder();
    const first = acquireDataDirLock(dataDir);
    first.release();
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE_NAME))).toBe(false);
    first.release(); // twice is harmless

    acquire(dataDir, 'second');
    expect(lockOwner(dataDir).command).toBe('second');
  });

  it('release leaves alone a lock that another process has taken since', () => {
    const dataDir = newFolder();
    const lock = acquireDataDirLock(dataDir);
    const otherOwner = { pid: process.pid + 1_000_000, hostname: os.hostname(), startedAt: new Date().toISOString(), command: 'other' };
    fs.writeFileSync(path.join(dataDir, LOCK_FILE_NAME), JSON.stringify(otherOwner));
    lock.release();
    expect(lockOwner(dataDir).command).toBe('other');
  });

  // npm start locks the folder before it builds, then hands the lock to the server it runs (scripts/start.ts).
  it('hands a lock over: the receiver takes it from a live holder without a warning, and the giver stops refreshing it', async () => {
    const dataDir = newFolder();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const giver = acquireDataDirLock(dataDir, 'npm start', { heartbeatMs: 10 });
    const record = giver.handOver();
    expect(record).toMatchObject({ pid: process.pid, command: 'npm start' });
    expect(lockOwner(dataDir).command).toBe('npm start'); // the folder is never unlocked in between
    // Without the record, the live holder's lock is refused; with it, taken.
    expect(() => acquireDataDirLock(dataDir, 'someone else')).toThrow(DataDirInUseError);
    held.push(acquireDataDirLock(dataDir, 'server', { handedOverBy: record }));
    expect(lockOwner(dataDir).command).toBe('server');
    expect(warn).not.toHaveBeenCalled();
    await new Promise((resolve) => setTimeout(resolve, 50)); // five of the giver's heartbeats
    expect(error).not.toHaveBeenCalled(); // it does not complain that the lock is no longer its own
    giver.release(); // a handed-over lock is no longer the giver's to remove
    expect(lockOwner(dataDir).command).toBe('server');
    expect(() => giver.handOver()).toThrow(/already released or handed over/);
  });

  it('a handed-over record does not open a lock that another process holds meanwhile', () => {
    const dataDir = newFolder();
    const handed = acquireDataDirLock(dataDir, 'npm start').handOver();
    const other = { pid: process.pid, hostname: os.hostname(), startedAt: new Date(Date.now() + 1_000).toISOString(), command: 'another npm start' };
    writeLockFile(dataDir, other);
    expect(() => acquireDataDirLock(dataDir, 'server', { handedOverBy: handed })).toThrow(DataDirInUseError);
    expect(lockOwner(dataDir).command).toBe('another npm start');
    // Nor does clearing a handed-over lock that was never taken remove the other process's.
    releaseHandedOverLock(dataDir, handed);
    expect(lockOwner(dataDir).command).toBe('another npm start');
    fs.rmSync(path.join(dataDir, LOCK_FILE_NAME));
  });

  it('clears a handed-over lock that nobody took', () => {
    const dataDir = newFolder();
    const handed = acquireDataDirLock(dataDir, 'npm start').handOver();
    releaseHandedOverLock(dataDir, handed);
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE_NAME))).toBe(false);
  });

  it('creates the data folder, and its missing parents, on first use', () => {
    const dataDir = path.join(newFolder(), 'not', 'yet', 'there');
    expect(fs.existsSync(path.dirname(dataDir))).toBe(false);
    acquire(dataDir);
    expect(fs.statSync(dataDir).isDirectory()).toBe(true);
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE_NAME))).toBe(true);
  });
});
