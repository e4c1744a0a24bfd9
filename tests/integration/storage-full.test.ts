import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import path from 'node:path';
import { openDatabase, type DatabaseHandle } from '@/db/client';
import { isDatabaseUnavailable } from '@/lib/public-status/database-outage';
import { STORAGE_FULL_MESSAGE } from '@/lib/data-dir/storage-full';
import { formError } from '@/lib/forms';
import { testDriver } from '../helpers/database';
import { fillDisk, mountSmallDisk, type SmallDisk } from '../helpers/small-disk';

// The embedded database on a real, small disk (a tmpfs). PostgreSQL servers handle their own disk.
const mounted = testDriver === 'pglite' ? mountSmallDisk(80) : { skipped: 'the embedded database only (OPENSEAL_TEST_DRIVER=postgres)' };
const disk: SmallDisk | null = 'dir' in mounted ? mounted : null;

/** Settles within `ms` or fails: a statement sent to a wedged PGlite never settles (and blocks the thread). */
async function within<T>(ms: number, promise: Promise<T>): Promise<{ value?: T; error?: unknown; ms: number }> {
  const started = performance.now();
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms));
  try {
    return { value: await Promise.race([promise, timeout]), ms: performance.now() - started };
  } catch (error) {
    return { error, ms: performance.now() - started };
  }
}

describe.skipIf(!disk)(`the embedded database on a full disk${disk ? '' : ` (skipped: ${(mounted as { skipped: string }).skipped})`}`, () => {
  let handle: DatabaseHandle;
  const dataDir = () => path.join(disk!.dir, 'pglite');

  beforeAll(async () => {
    handle = await openDatabase({ dataDir: dataDir() });
    await handle.db.execute(sql.raw('create table notes (id serial primary key, body text)'));
  }, 60_000);
  afterAll(async () => {
    await handle?.close();
    disk?.unmount();
  });

  it('refuses writes at once once its disk is full, even after the PANIC that used to wedge it, and reopens when there is room', async () => {
    if (handle.mode !== 'embedded') throw new Error('embedded only');
    const client = handle.client;
    // Rows plus the write-ahead log outgrow what is left of 80 MB: the new WAL segment cannot be
    // written, which PostgreSQL answers with a PANIC.
    fillDisk(path.join(disk!.dir, 'filler'));
    fs.truncateSync(path.join(disk!.dir, 'filler'), Math.max(0, fs.statSync(path.join(disk!.dir, 'filler')).size - 24 * 1024 * 1024));
    const big = await within(60_000, client.query(`insert into notes (body) select repeat(md5(random()::text), 10) from generate_series(1, 100000)`));
    expect(big.error, 'the insert fails for want of space').toBeDefined();
    const condition = handle.storage!.condition();
    expect(condition.state).not.toBe('ok');

    // Before the guard, the next statement after the PANIC never returned and held the event loop.
    const select = await within(5_000, client.query('select 1'));
    if (condition.state === 'wedged') {
      expect((select.error as Error).message).toContain(STORAGE_FULL_MESSAGE);
      expect(select.ms).toBeLessThan(1_000);
      expect(isDatabaseUnavailable(select.error), 'the public endpoints answer from the last known statuses').toBe(true);
    } else expect(select.value).toBeDefined();

    const write = await within(5_000, client.query(`insert into notes (body) values ('one more')`));
    expect(write.error).toBeDefined();
    expect(formError(write.error, new FormData()).error).toBe(STORAGE_FULL_MESSAGE);

    // Closing does not spin either; after room is made, a new open replays the log and writes again.
    expect((await within(5_000, handle.close())).error).toBeUndefined();
    disk!.resize(300);
    handle = await openDatabase({ dataDir: dataDir() });
    await handle.db.execute(sql.raw(`insert into notes (body) values ('after')`));
    const rows = (await handle.db.execute(sql.raw(`select count(*)::int as n from notes where body = 'after'`))) as unknown as { rows: Array<{ n: number }> };
    expect(rows.rows[0]!.n).toBe(1);
    expect(handle.mode === 'embedded' && handle.storage!.condition().state).toBe('ok');
  }, 120_000);
});
