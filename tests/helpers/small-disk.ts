import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A small file system of its own (tmpfs), to fill up for real. Mounting needs root, or
 * CAP_SYS_ADMIN in a container; where that is not allowed, `mountSmallDisk` returns the reason
 * and the tests that need it skip with that reason.
 */
export type SmallDisk = { dir: string; resize(megabytes: number): void; unmount(): void };

export function mountSmallDisk(megabytes: number): SmallDisk | { skipped: string } {
  if (process.platform !== 'linux') return { skipped: `tmpfs mounts are a Linux feature; this is ${process.platform}` };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openseal-small-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m,mode=0700`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    return { skipped: `cannot mount a ${megabytes} MB tmpfs here (${stderr || (error as Error).message}); needs root or CAP_SYS_ADMIN` };
  }
  return {
    dir,
    resize: (size) => execFileSync('mount', ['-o', `remount,size=${size}m`, dir], { stdio: 'pipe' }),
    unmount() {
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Writes `file` until the disk refuses (ENOSPC); returns the bytes written. */
export function fillDisk(file: string): number {
  const fd = fs.openSync(file, 'w');
  let written = 0;
  try {
    for (const size of [1024 * 1024, 4096]) {
      const chunk = Buffer.alloc(size, 1);
      try {
        for (;;) written += fs.writeSync(fd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  return written;
}
