import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '@/db/client';
import { acquireDataDirLock } from '@/lib/data-dir/lock';
import { loadOrCreateAuthSecret } from '@/lib/data-dir/secrets';

let root: string;
let startUmask: number;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'openseal-perms-'));
  // A permissive umask, as in many containers: what the data folder gets must not depend on it.
  startUmask = process.umask(0o000);
});
afterAll(() => {
  process.umask(startUmask);
  fs.rmSync(root, { recursive: true, force: true });
});

/** Every entry under `dir` (itself included) whose mode is not 0700 for a folder or 0600 for a file. */
function openEntries(dir: string): string[] {
  const found: string[] = [];
  const visit = (target: string) => {
    const stat = fs.lstatSync(target);
    const mode = stat.mode & 0o777;
    if (stat.isDirectory()) {
      if (mode !== 0o700) found.push(`${path.relative(root, target)}/ ${mode.toString(8)}`);
      for (const name of fs.readdirSync(target)) visit(path.join(target, name));
    } else if (stat.isFile() && mode !== 0o600) found.push(`${path.relative(root, target)} ${mode.toString(8)}`);
  };
  visit(dir);
  return found;
}

function embedded(handle: DatabaseHandle) {
  if (handle.mode !== 'embedded') throw new Error('expected PGlite');
  return handle.client;
}

describe('the embedded data folder is private to the account that runs OpenSeal', () => {
  it('creates the folder 0700 and every file 0600: lock, secrets, and the database after writes and a reopen', async () => {
    const dataDir = path.join(root, 'fresh', 'data');
    const lock = acquireDataDirLock(dataDir, 'test');
    try {
      loadOrCreateAuthSecret(dataDir);
      const databaseDir = path.join(dataDir, 'pglite');
      let handle = await openDatabase({ dataDir: databaseDir });
      await embedded(handle).exec("create table notes (body text); insert into notes select 'password hash ' || n from generate_series(1, 5000) n; create index on notes (body)");
      expect(openEntries(dataDir)).toEqual([]);
      await handle.close();
      handle = await openDatabase({ dataDir: databaseDir });
      await embedded(handle).exec("insert into notes values ('after reopen'); checkpoint");
      await handle.close();
      expect(openEntries(dataDir)).toEqual([]);
      expect(fs.readdirSync(dataDir).sort()).toEqual(['openseal.lock', 'pglite', 'secrets.json']);
    } finally {
      lock.release();
    }
    // Two cold starts of a real data folder (initdb, then recovery on reopen): seconds alone, a minute on a busy machine.
  }, 120_000);

  it('closes a folder an older version left open to everyone', () => {
    const dataDir = path.join(root, 'old');
    fs.mkdirSync(path.join(dataDir, 'pglite', 'base'), { recursive: true, mode: 0o777 });
    fs.chmodSync(dataDir, 0o777);
    fs.writeFileSync(path.join(dataDir, 'pglite', 'base', '1234'), 'rows', { mode: 0o666 });
    fs.writeFileSync(path.join(dataDir, 'secrets.json'), '{}', { mode: 0o644 });
    expect(openEntries(dataDir).length).toBeGreaterThan(0);
    const lock = acquireDataDirLock(dataDir, 'test');
    lock.release();
    expect(openEntries(dataDir)).toEqual([]);
  });
});
