import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { advanceLog } from '@/lib/log/log-store';
import { verifyLog } from '@/lib/log/verifier';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { seedUser } from '../helpers/factories';
import { seedDefaultProgram } from '../helpers/portal-factories';
import { seedIssuedSeal } from '../helpers/seal-factories';
import { startFastPathServer, type FastPathServer } from './public-status-fixtures';

/*
 * `npm run log:verify` against the real server and database (ADR 0023), and what it says when the
 * authority's database is tampered with: an entry changed in place, and a history rewritten and
 * signed again with one entry changed, one removed, or two swapped. The tampering goes round the
 * database's append-only triggers, as an operator with the owner's rights could.
 */

let database: TestDatabase;
let server: FastPathServer;
let programId: string;
let reviewerId: string;
const stateDirs: string[] = [];
beforeAll(async () => {
  database = await freshDatabase();
  programId = (await seedDefaultProgram(database.db)).id;
  reviewerId = (await seedUser(database.db, { role: 'reviewer' })).id;
  server = await startFastPathServer(database);
});
afterAll(async () => {
  await server?.close();
  await database?.close();
  for (const dir of stateDirs) fs.rmSync(dir, { recursive: true, force: true });
});

const stateDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openseal-log-verify-test-'));
  stateDirs.push(dir);
  return dir;
};
const advance = async () => {
  while ((await advanceLog(database.db, server.fastPath.service.logSigner, new Date())).more);
};
const verify = (dir: string) => verifyLog({ baseUrl: server.origin, stateDir: dir });
const exec = async (...statements: string[]) => {
  for (const statement of statements) await database.db.execute(sql.raw(statement));
};
/** Round the append-only triggers, as a tamperer with the tables' owner rights could. */
const unguarded = async (work: () => Promise<void>) => {
  const triggers = ['seal_events:seal_events_append_only', 'log_hashes:log_hashes_append_only', 'log_checkpoints:log_checkpoints_append_only', 'log_head:log_head_only_grows'];
  await exec(...triggers.map((pair) => `alter table ${pair.split(':')[0]} disable trigger ${pair.split(':')[1]}`));
  try {
    await work();
  } finally {
    await exec(...triggers.map((pair) => `alter table ${pair.split(':')[0]} enable trigger ${pair.split(':')[1]}`));
  }
};
/** The whole tree hashed and signed again from the entries as they now are, with the log's own key. */
const resign = () =>
  unguarded(async () => {
    await exec('delete from log_hashes', 'delete from log_checkpoints');
  }).then(advance);
const entryAt = async (index: number) => ((await database.db.execute(sql`select log_entry from seal_events where log_index = ${index}`)) as unknown as { rows: Array<{ log_entry: Uint8Array }> }).rows[0]!.log_entry;

describe(`npm run log:verify against the server (${testDriver})`, () => {
  it('verifies the live log, again after it grew, and names what a rewritten history changed', async () => {
    for (let n = 0; n < 12; n++) await seedIssuedSeal(database.db, { programId, reviewerId, issuedAt: new Date(server.clock.now() - 60_000) });
    await advance();
    const dir = stateDir();
    const first = await verify(dir);
    expect(first.problems).toEqual([]);
    expect(first).toMatchObject({ ok: true, size: 12, seals: 12, checkedStatuses: 12, previousSize: null, stateSaved: true });

    await seedIssuedSeal(database.db, { programId, reviewerId, issuedAt: new Date(server.clock.now() - 60_000) });
    await advance();
    const grown = await verify(dir);
    expect(grown.problems).toEqual([]);
    expect(grown).toMatchObject({ ok: true, size: 13, previousSize: 12 });

    // Entry 4 changed in place: its bytes no longer hash to the leaf hash the tiles carry.
    const original = await entryAt(4);
    const forged = Buffer.from(Buffer.from(original).toString().replace('"status":"active"', '"status":"revoked"'));
    await unguarded(() => exec(`update seal_events set log_entry = '\\x${forged.toString('hex')}'::bytea where log_index = 4`));
    const changedInPlace = await verify(dir);
    expect(changedInPlace.ok).toBe(false);
    expect(changedInPlace.problems).toContain('Entry 4 does not match its hash in tile/0/000.p/13: the entry or the tile was changed.');

    // The same change, with the tree hashed and signed again: the history no longer extends what was seen.
    await resign();
    const rewritten = await verify(dir);
    expect(rewritten.ok).toBe(false);
    expect(rewritten.problems).toContain('Since the checkpoint of 13 entries verified on the last run, entry 4 was changed.');
    await unguarded(() => exec(`update seal_events set log_entry = '\\x${Buffer.from(original).toString('hex')}'::bytea where log_index = 4`));
    await resign();
    expect((await verify(dir)).problems).toEqual([]);
  });

  it('names a removed entry and two swapped ones, each in a history signed again', async () => {
    const dir = stateDir();
    expect((await verify(dir)).ok).toBe(true);
    const size = Number(((await database.db.execute(sql`select size from log_head`)) as unknown as { rows: Array<{ size: string }> }).rows[0]!.size);

    // Entries 2 and 3 swapped.
    await unguarded(() => exec('update seal_events set log_index = -1 where log_index = 2', 'update seal_events set log_index = 2 where log_index = 3', 'update seal_events set log_index = 3 where log_index = -1'));
    await resign();
    const swapped = await verify(dir);
    expect(swapped.ok).toBe(false);
    expect(swapped.problems).toContain(`Since the checkpoint of ${size} entries verified on the last run, entries 2 and 3 were swapped.`);

    // Entry 5 removed, the later ones moved up to close the gap, and the counter lowered.
    await unguarded(() =>
      exec(
        'update seal_events set log_index = -1 where log_index = 2',
        'update seal_events set log_index = 2 where log_index = 3',
        'update seal_events set log_index = 3 where log_index = -1',
        'delete from seal_events where log_index = 5',
        'update seal_events set log_index = -log_index where log_index > 5',
        'update seal_events set log_index = -log_index - 1 where log_index < -5',
        'update log_head set size = size - 1',
      ),
    );
    await resign();
    const removed = await verify(dir);
    expect(removed.ok).toBe(false);
    expect(removed.problems).toContain(`Since the checkpoint of ${size} entries verified on the last run, entry 5 was removed (later entries moved up by one).`);
    expect(removed.problems).toContain(`The log is smaller than the ${size} entries seen before: its checkpoint now has ${size - 1}.`);
  });
});
