import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { seals } from '@/db/schema';
import { createLogSigner } from '@/lib/log/log-signer';
import { advanceLog } from '@/lib/log/log-store';
import { loadSealStatusRecord, loadSealStatusVersions } from '@/lib/public-status/status-record';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { seedUser } from '../helpers/factories';
import { seedDefaultProgram } from '../helpers/portal-factories';
import { seedIssuedSeal } from '../helpers/seal-factories';

/*
 * A seal's status_version moves with everything its status document shows (migration 0031), so the
 * status cache can check a held record with one light query (ADR 0005, amendment).
 */

let database: TestDatabase;
let programId: string;
let reviewerId: string;
beforeAll(async () => {
  database = await freshDatabase();
  programId = (await seedDefaultProgram(database.db)).id;
  reviewerId = (await seedUser(database.db, { role: 'reviewer' })).id;
});
afterAll(async () => {
  await database?.close();
});

const versionOf = async (id: string) => (await database.db.select({ v: seals.statusVersion }).from(seals).where(eq(seals.id, id)))[0]!.v;
const exec = (query: ReturnType<typeof sql>) => database.db.execute(query);

describe(`a seal's status version (${testDriver})`, () => {
  it('moves with the seal’s row, its holder’s name or country, its program’s name and its domains, and with nothing else', async () => {
    const { seal, organization, site } = await seedIssuedSeal(database.db, { programId, reviewerId });
    const steps: Array<[string, ReturnType<typeof sql>, boolean]> = [
      ['the seal suspended', sql`update seals set status = 'suspended' where id = ${seal.id}`, true],
      ['the holder renamed', sql`update organizations set legal_name = 'New Name Ltd' where id = ${organization.id}`, true],
      ['the holder moved country', sql`update organizations set country = 'FR' where id = ${organization.id}`, true],
      ['the holder’s contact address changed', sql`update organizations set contact_email = 'new@example.test' where id = ${organization.id}`, false],
      ['the holder’s name written again unchanged', sql`update organizations set legal_name = 'New Name Ltd' where id = ${organization.id}`, false],
      ['a domain added', sql`insert into seal_domains (seal_id, domain) values (${seal.id}, ${`extra-${site.domain}`})`, true],
      ['a domain removed', sql`delete from seal_domains where seal_id = ${seal.id} and domain = ${`extra-${site.domain}`}`, true],
      ['the program renamed', sql`update programs set name = 'Privacy Seal Plus' where id = ${programId}`, true],
    ];
    for (const [what, statement, moves] of steps) {
      const before = await versionOf(seal.id);
      await exec(statement);
      const after = await versionOf(seal.id);
      if (moves) expect(after, what).toBeGreaterThan(before);
      else expect(after, what).toBe(before);
    }
    await exec(sql`update programs set name = 'Privacy Seal' where id = ${programId}`);
  });

  it('is what the cache compares: the record’s version, and a light read of the current ones that also sees a checkpoint', async () => {
    const { seal } = await seedIssuedSeal(database.db, { programId, reviewerId });
    const record = (await loadSealStatusRecord(database.db, seal.publicId))!;
    const versions = await loadSealStatusVersions(database.db, [seal.publicId, 'OS-2222-2222', 'not-an-id']);
    expect([...versions.keys()]).toEqual([seal.publicId]);
    expect(versions.get(seal.publicId)).toBe(record.version);
    // A checkpoint that covers the seal's entry fills in log.treeSize without touching the seal.
    await advanceLog(database.db, createLogSigner('v.example.test/openseal-log', crypto.generateKeyPairSync('ed25519').privateKey), new Date());
    const signed = (await loadSealStatusVersions(database.db, [seal.publicId])).get(seal.publicId);
    expect(signed).not.toBe(record.version);
    expect(signed).toBe((await loadSealStatusRecord(database.db, seal.publicId))!.version);
  });
});
