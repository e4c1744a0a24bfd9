import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { migrationsFolder } from '@/db/client';
import { createTestClock } from '@/lib/clock';
import { encodeLogEntry } from '@/lib/log/entries';
import { createLogSigner } from '@/lib/log/log-signer';
import { advanceLog, latestCheckpoint } from '@/lib/log/log-store';
import { leafHash, rootFromLeafHashes } from '@/lib/log/merkle';
import { parseCheckpoint } from '@/lib/log/checkpoint';
import { revokeSeal } from '@/lib/services/seals/revoke-seal';
import { suspendSeal } from '@/lib/services/seals/suspend-seal';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { actorOf, contextFor, seedUser } from '../helpers/factories';
import { seedDefaultProgram } from '../helpers/portal-factories';
import { seedIssuedSeal } from '../helpers/seal-factories';

/*
 * Migration 0029 on an installation that already has seal events: the database is put back as it
 * was before the log (its tables, functions and columns dropped, and those of 0030 that need them), with an older revocation whose
 * reason was made graver written as a second `revoked` event, and the migration's SQL is run again.
 */

let database: TestDatabase;
const DAY = 24 * 60 * 60 * 1000;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => {
  await database?.close();
});

type EventRow = { id: string; seal_id: string; type: string; status: string; reason: string | null; occurred_at: Date | string; expires_at: Date | string; log_index: string | number; log_entry: Uint8Array; public_id: string };
const rowsOf = async <Row>(query: ReturnType<typeof sql>) => ((await database.db.execute(query)) as unknown as { rows: Row[] }).rows;

describe(`migration 0029 backfills the public log (${testDriver})`, () => {
  it('enters every existing event in the order it happened, as the library would write it, and the checkpointer signs the lot', async () => {
    const programId = (await seedDefaultProgram(database.db)).id;
    const reviewer = await seedUser(database.db, { role: 'reviewer' });
    const start = Date.now() - 30 * DAY;
    const as = (user: Awaited<ReturnType<typeof seedUser>>, at: number) => contextFor(database.db, actorOf(user), createTestClock(new Date(at)));
    // Issued on days 0, 1, 2; the first suspended on day 5; the second given up on day 3.
    const first = await seedIssuedSeal(database.db, { programId, reviewerId: reviewer.id, issuedAt: new Date(start) });
    const second = await seedIssuedSeal(database.db, { programId, reviewerId: reviewer.id, issuedAt: new Date(start + DAY) });
    await seedIssuedSeal(database.db, { programId, reviewerId: reviewer.id, issuedAt: new Date(start + 2 * DAY) });
    await suspendSeal({ ctx: as(reviewer, start + 5 * DAY), input: { sealId: first.seal.id, reason: 'Customer list “offered” for sale.', reinstatementRequirements: 'Withdraw it.' } });
    await revokeSeal({ ctx: as(second.owner, start + 3 * DAY), input: { sealId: second.seal.id, reason: 'no_longer_wanted', statement: 'We close.' } });

    // Back to the schema before the log, with the old way of making a revocation's reason graver.
    for (const statement of [
      'drop table log_cosignatures, log_head, log_hashes, log_checkpoints',
      'drop function log_entry_bytes, log_refuse_change, log_checkpoints_refuse_smaller, log_head_refuse_shrink',
      'alter table seal_events drop column log_index, drop column log_entry',
      'alter table seal_events disable trigger seal_events_append_only',
      `insert into seal_events (seal_id, type, reason, status, expires_at, occurred_at)
        select seal_id, 'revoked', 'Fraud: gave up the seal to escape a case.', 'revoked', expires_at, occurred_at + interval '1 day' from seal_events where type = 'revoked'`,
      'alter table seal_events enable trigger seal_events_append_only',
    ]) {
      await database.db.execute(sql.raw(statement));
    }
    const migration = fs.readFileSync(path.join(migrationsFolder, '0029_public-log.sql'), 'utf8').split('--> statement-breakpoint');
    expect(migration[0]).toContain("ADD VALUE 'reason_changed'"); // already there: the enum keeps its values
    for (const statement of migration.slice(1)) await database.db.execute(sql.raw(statement));

    const rows = await rowsOf<EventRow>(sql`select e.*, s.public_id from seal_events e join seals s on s.id = e.seal_id order by e.log_index`);
    expect(rows.map((row) => Number(row.log_index))).toEqual([0, 1, 2, 3, 4, 5]);
    const events = rows.map((row) => JSON.parse(new TextDecoder().decode(row.log_entry)));
    expect(events.map((event) => [event.sealId, event.event])).toEqual([
      [first.seal.publicId, 'issued'],
      [second.seal.publicId, 'issued'],
      [expect.any(String), 'issued'],
      [second.seal.publicId, 'revoked'],
      [second.seal.publicId, 'reason_changed'],
      [first.seal.publicId, 'suspended'],
    ]);
    for (const [position, row] of rows.entries()) {
      const expected = encodeLogEntry({
        sealId: row.public_id,
        event: events[position].event,
        status: row.status as never,
        reason: row.reason,
        occurredAt: new Date(row.occurred_at),
        expiresAt: new Date(row.expires_at),
        criteriaVersion: 1,
      });
      expect(Buffer.from(row.log_entry).toString(), `entry ${position}`).toBe(Buffer.from(expected).toString());
    }
    expect((await rowsOf<{ size: string | number }>(sql`select size from log_head`)).map((row) => Number(row.size))).toEqual([6]);

    const signer = createLogSigner('seals.example.test/openseal-log', crypto.generateKeyPairSync('ed25519').privateKey);
    await advanceLog(database.db, signer, new Date());
    const checkpoint = parseCheckpoint((await latestCheckpoint(database.db))!.note.split('\n\n')[0]! + '\n');
    expect(checkpoint.size).toBe(6);
    expect(Buffer.from(checkpoint.rootHash)).toEqual(Buffer.from(rootFromLeafHashes(rows.map((row) => leafHash(Uint8Array.from(row.log_entry))))));
  });
});
