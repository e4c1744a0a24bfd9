import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { complaints, conflictDeclarations } from '@/db/schema';
import { createTestClock } from '@/lib/clock';
import { complaintsTriageDigestJob } from '@/lib/jobs/definitions/complaints-triage-digest';
import { testDriver, type TestDatabase } from '../helpers/database';
import { seedUser } from '../helpers/factories';
import { freshDatabaseWithProgram } from '../helpers/program-database';
import { seedIssuedSeal } from '../helpers/seal-factories';
import { file, mailsTo, notificationsOf, publicContext } from './complaints-fixtures';

let database: TestDatabase;
let programId: string;
let reviewer: Awaited<ReturnType<typeof seedUser>>;
beforeAll(async () => {
  ({ database, programId, reviewer } = await freshDatabaseWithProgram());
});
afterAll(async () => {
  await database?.close();
});

const HOUR = 60 * 60 * 1000;
const digestsOf = async (userId: string) => (await notificationsOf(database.db, userId)).filter((row) => row.kind === 'complaint.triage-digest');
/** The scheduled job's handler, run as the runner would at `at`. */
const runDigest = (at: Date) => complaintsTriageDigestJob.handler({}, { db: database.db, clock: createTestClock(at) });

describe(`the reviewers' daily triage digest (${testDriver})`, () => {
  it('sends nothing while no complaint waits, then one summary a day to each active reviewer and admin, with counts only', async () => {
    const start = new Date('2026-09-01T07:00:00Z');
    await runDigest(start);
    expect(await digestsOf(reviewer.id)).toEqual([]);

    const admin = await seedUser(database.db, { role: 'admin' });
    const disabled = await seedUser(database.db, { role: 'reviewer', disabled: true });
    const conflicted = await seedUser(database.db, { role: 'reviewer' });
    const applicant = await seedUser(database.db);
    const { seal, organization } = await seedIssuedSeal(database.db, { programId, reviewerId: reviewer.id });
    await database.db.insert(conflictDeclarations).values({ reviewerId: conflicted.id, organizationId: organization.id, reason: 'former employer', declaredAt: start });

    // Two days before the digest, one ordinary complaint; in the last day, another and a fast-track one.
    const filedAt = (at: Date) => publicContext(database.db, createTestClock(at));
    const old = await file(filedAt(new Date(start.getTime() + 2 * HOUR)), { sealId: seal.publicId }, { category: 'other' });
    const recent = await file(filedAt(new Date(start.getTime() + 40 * HOUR)), { sealId: seal.publicId }, { category: 'third_party_sharing' });
    const fast = await file(filedAt(new Date(start.getTime() + 45 * HOUR)), { sealId: seal.publicId }, { category: 'data_sale' });
    expect([old.complaint.fastTrack, recent.complaint.fastTrack, fast.complaint.fastTrack]).toEqual([false, false, true]);

    const digestAt = new Date(start.getTime() + 48 * HOUR);
    await runDigest(digestAt);
    for (const person of [reviewer, admin, conflicted]) {
      const [digest, ...more] = await digestsOf(person.id);
      expect(more).toEqual([]);
      expect(digest).toMatchObject({ subject: 'Triage: 3 complaints waiting (2 new today)', link: '/review/complaints', createdAt: digestAt });
      expect(digest!.body).toContain('3 complaints wait in the triage queue; 2 of them arrived in the last 24 hours.');
      expect(digest!.body).toContain('1 is on the fast track');
      // Numbers, never a reference: a reviewer with a conflict learns nothing the staff menu does not show.
      for (const filed of [old, recent, fast]) expect(digest!.body).not.toContain(filed.complaint.reference);
      expect((await mailsTo(database.db, person.email)).map((mail) => mail.subject)).toContain('Triage: 3 complaints waiting (2 new today)');
    }
    expect(await digestsOf(disabled.id)).toEqual([]);
    expect(await digestsOf(applicant.id)).toEqual([]);

    // The next day nothing new arrived, two were triaged: the one left is still reported.
    await database.db.update(complaints).set({ status: 'dismissed' }).where(eq(complaints.id, old.complaint.id));
    await database.db.update(complaints).set({ status: 'dismissed' }).where(eq(complaints.id, fast.complaint.id));
    await runDigest(new Date(digestAt.getTime() + 24 * HOUR));
    const latest = (await digestsOf(reviewer.id)).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0]!;
    expect(latest.subject).toBe('Triage: 1 complaint waiting (0 new today)');
    expect(latest.body).toContain('1 complaint waits in the triage queue; none of them arrived in the last 24 hours.');
    expect(latest.body).not.toContain('fast track (');

    // Once the queue is empty, no digest at all.
    await database.db.update(complaints).set({ status: 'dismissed' }).where(eq(complaints.id, recent.complaint.id));
    await runDigest(new Date(digestAt.getTime() + 48 * HOUR));
    expect(await digestsOf(reviewer.id)).toHaveLength(2);
  });
});
