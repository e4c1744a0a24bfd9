import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { acquireDataDirLock, DataDirInUseError, LOCK_FILE_NAME, type DataDirLock } from '@/lib/data-dir/lock';

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

function writeLockFile(dataDir: string, owner: Record<string, unknown>) {
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(path.join(dataDir, LOCK_FILE_NAME), JSON.stringify(owner));
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

  it('creates the data folder, and its missing parents, on first use', () => {
    const dataDir = path.join(newFolder(), 'not', 'yet', 'there');
    expect(fs.existsSync(path.dirname(dataDir))).toBe(false);
    acquire(dataDir);
    expect(fs.statSync(dataDir).isDirectory()).toBe(true);
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE_NAME))).toBe(true);
  });
});
