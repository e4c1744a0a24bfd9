import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq, sql } from 'drizzle-orm';
import { logCheckpoints, logHashes, logHead, sealEvents, seals } from '@/db/schema';
import { createTestClock } from '@/lib/clock';
import { encodeLogEntry } from '@/lib/log/entries';
import { createLogSigner } from '@/lib/log/log-signer';
import { advanceLog, latestCheckpoint } from '@/lib/log/log-store';
import { leafHash, rootFromLeafHashes } from '@/lib/log/merkle';
import { openNote, parseVerifierKey } from '@/lib/log/note';
import { parseCheckpoint } from '@/lib/log/checkpoint';
import { loadSealStatusRecord } from '@/lib/public-status/status-record';
import { ConflictError } from '@/lib/services/errors';
import { revokeSeal, strengthenRevocationReason } from '@/lib/services/seals/revoke-seal';
import { suspendSeal } from '@/lib/services/seals/suspend-seal';
import { reinstateSeal } from '@/lib/services/seals/reinstate-seal';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { rejectionOf } from '../helpers/errors';
import { actorOf, contextFor, seedUser } from '../helpers/factories';
import { seedDefaultProgram } from '../helpers/portal-factories';
import { seedIssuedSeal } from '../helpers/seal-factories';

/*
 * The public log's writer (ADR 0023): every seal event gets its entry and index in the transaction
 * that records it, the checkpointer hashes and signs, and the database keeps all of it append-only.
 */

let database: TestDatabase;
let programId: string;
let reviewer: Awaited<ReturnType<typeof seedUser>>;
const signer = createLogSigner('seals.example.test/openseal-log', crypto.generateKeyPairSync('ed25519').privateKey);
beforeAll(async () => {
  database = await freshDatabase();
  programId = (await seedDefaultProgram(database.db)).id;
  reviewer = await seedUser(database.db, { role: 'reviewer' });
});
afterAll(async () => {
  await database?.close();
});

const as = (user: Awaited<ReturnType<typeof seedUser>>) => contextFor(database.db, actorOf(user), createTestClock());
const issuedSeal = () => seedIssuedSeal(database.db, { programId, reviewerId: reviewer.id });
const decoder = new TextDecoder();

async function logRows() {
  return database.db.select({ index: sealEvents.logIndex, entry: sealEvents.logEntry, sealId: sealEvents.sealId, type: sealEvents.type }).from(sealEvents).orderBy(asc(sealEvents.logIndex));
}
async function headSize() {
  const [head] = await database.db.select().from(logHead);
  return head!.size;
}
const suspend = (sealId: string) => suspendSeal({ ctx: as(reviewer), input: { sealId, reason: 'Customer list offered for sale.', reinstatementRequirements: 'Withdraw the sale.' } });

describe(`appending to the public log (${testDriver})`, () => {
  it('gives every seal event its entry, as canonical JSON, and the next index, in the transaction of the change', async () => {
    const before = await headSize();
    const { seal, owner } = await issuedSeal();
    await suspend(seal.id);
    await reinstateSeal({ ctx: as(reviewer), input: { sealId: seal.id, note: 'The sale was withdrawn.' } });
    await revokeSeal({ ctx: as(owner), input: { sealId: seal.id, reason: 'no_longer_wanted', statement: 'We close the shop.' } });
    await strengthenRevocationReason({ ctx: as(reviewer), input: { sealId: seal.id, reason: 'fraud', statement: 'Gave up the seal to escape a fraud case.' } });

    const rows = (await logRows()).filter((row) => row.sealId === seal.id);
    expect(rows.map((row) => row.index)).toEqual([before, before + 1, before + 2, before + 3, before + 4]);
    expect(await headSize()).toBe(before + 5);
    const entries = rows.map((row) => JSON.parse(decoder.decode(row.entry)));
    expect(entries.map((entry) => [entry.event, entry.status])).toEqual([
      ['issued', 'active'],
      ['suspended', 'suspended'],
      ['reinstated', 'active'],
      ['revoked', 'revoked'],
      ['reason_changed', 'revoked'],
    ]);
    const [stored] = await database.db.select().from(seals).where(eq(seals.id, seal.id));
    expect(entries[4]).toEqual({
      criteriaVersion: 1,
      event: 'reason_changed',
      expiresAt: stored!.expiresAt.toISOString(),
      occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      reason: expect.stringContaining('Gave up the seal to escape a fraud case.'),
      sealId: seal.publicId,
      status: 'revoked',
    });
    // Byte for byte what the library writes: keys sorted, no spaces (RFC 8785).
    for (const [position, row] of rows.entries()) {
      const entry = entries[position];
      const bytes = encodeLogEntry({ ...entry, occurredAt: new Date(entry.occurredAt), expiresAt: new Date(entry.expiresAt) });
      expect(decoder.decode(row.entry)).toBe(decoder.decode(bytes));
      expect(decoder.decode(row.entry).startsWith('{"criteriaVersion":1,"event":')).toBe(true);
    }
  });

  it('writes no entry and uses no index when the transition is refused', async () => {
    const { seal, owner } = await issuedSeal();
    await revokeSeal({ ctx: as(owner), input: { sealId: seal.id, reason: 'no_longer_wanted', statement: 'We close the shop.' } });
    const before = await headSize();
    await rejectionOf(suspend(seal.id), ConflictError);
    expect(await headSize()).toBe(before);
    const indexes = (await logRows()).map((row) => row.index);
    expect(indexes).toEqual(indexes.map((_, position) => position));
  });

  it('gives concurrent transitions consecutive indexes, with no gap and no duplicate', async () => {
    const issued = [];
    for (let n = 0; n < 12; n++) issued.push(await issuedSeal());
    const before = await headSize();
    await Promise.all(issued.map(({ seal }) => suspend(seal.id)));
    expect(await headSize()).toBe(before + 12);
    const rows = await logRows();
    expect(rows.map((row) => row.index)).toEqual(rows.map((_, position) => position));
    const suspensions = rows.filter((row) => row.index >= before);
    expect(suspensions.map((row) => row.type)).toEqual(Array(12).fill('suspended'));
    expect(new Set(suspensions.map((row) => row.sealId))).toEqual(new Set(issued.map(({ seal }) => seal.id)));
  });

  it('writes in SQL (the backfill, bulk seeds) the same bytes as the RFC 8785 library', async () => {
    const awkward = ['plain', 'quote " backslash \\ slash /', 'new\nline\ttab\r\u0001\u001f\u007f', 'é ü 中文 😀 \u2028\u2029', '</script><b>'];
    for (const reason of [...awkward, null]) {
      const occurredAt = new Date('2026-12-06T07:08:09.123Z');
      const expiresAt = new Date('2027-01-02T03:04:05.006Z');
      const result = (await database.db.execute(
        sql`select log_entry_bytes(${'OS-ABCD-EFGH'}, ${'suspended'}, ${'suspended'}, ${reason}, ${occurredAt.toISOString()}::timestamptz, ${expiresAt.toISOString()}::timestamptz, ${12}) as bytes`,
      )) as unknown as { rows: Array<{ bytes: Uint8Array }> };
      const fromSql = decoder.decode(result.rows[0]!.bytes);
      expect(fromSql, String(reason)).toBe(decoder.decode(encodeLogEntry({ sealId: 'OS-ABCD-EFGH', event: 'suspended', status: 'suspended', reason, occurredAt, expiresAt, criteriaVersion: 12 })));
    }
  });
});

describe(`signing checkpoints (${testDriver})`, () => {
  it('hashes every entry into the tree and signs a checkpoint a verifier accepts, never again for the same tree', async () => {
    await issuedSeal();
    const result = await advanceLog(database.db, signer, new Date(), 7); // small batches: several rounds
    expect(result.signed).toBe(true);
    while ((await advanceLog(database.db, signer, new Date(), 7)).more);
    const rows = await logRows();
    const checkpoint = (await latestCheckpoint(database.db))!;
    expect(checkpoint.size).toBe(rows.length);
    const opened = openNote(checkpoint.note, [parseVerifierKey(signer.verifierKey)]);
    expect(opened.verified.map((signature) => signature.name)).toEqual([signer.origin]);
    const body = parseCheckpoint(opened.text);
    expect(body.origin).toBe(signer.origin);
    expect(body.size).toBe(rows.length);
    expect(Buffer.from(body.rootHash).toString('hex')).toBe(Buffer.from(rootFromLeafHashes(rows.map((row) => leafHash(row.entry)))).toString('hex'));
    expect(await advanceLog(database.db, signer, new Date())).toEqual({ size: rows.length, signed: false, more: false });
  });

  it('gives the status document the seal’s newest entry, and the first tree size that includes it once signed', async () => {
    const { seal } = await issuedSeal();
    await suspend(seal.id);
    const index = (await logRows()).filter((row) => row.sealId === seal.id).at(-1)!.index;
    expect((await loadSealStatusRecord(database.db, seal.publicId))!.log).toEqual({ index, treeSize: null });
    await advanceLog(database.db, signer, new Date());
    expect((await loadSealStatusRecord(database.db, seal.publicId))!.log).toEqual({ index, treeSize: index + 1 });
  });

  it('keeps the log append-only: no hash, checkpoint or entry changes, no smaller checkpoint, no shrinking counter', async () => {
    await issuedSeal();
    await advanceLog(database.db, signer, new Date());
    const refused = async (statement: Promise<unknown>) => expect((await statement.then(() => null, (error: unknown) => error)) as Error).toBeInstanceOf(Error);
    await refused(database.db.update(logHashes).set({ hash: new Uint8Array(32) }).where(eq(logHashes.level, 0)));
    await refused(database.db.delete(logHashes));
    await refused(database.db.delete(logCheckpoints));
    await refused(database.db.update(logCheckpoints).set({ note: 'forged' }));
    await refused(database.db.insert(logCheckpoints).values({ size: 1, rootHash: new Uint8Array(32), note: 'smaller', signedAt: new Date() }));
    await refused(database.db.update(logHead).set({ size: 0 }));
    await refused(database.db.delete(logHead));
    await refused(database.db.update(sealEvents).set({ logEntry: new Uint8Array([123, 125]) }));
    const checkpoint = (await latestCheckpoint(database.db))!;
    expect(checkpoint.size).toBe((await logRows()).length);
  });
});
