import { and, count, eq, like, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import crypto from 'node:crypto';
import { cases, complaints, logHead, sealDomains, sealEvents, seals, users } from '@/db/schema';
import { createLogSigner } from '@/lib/log/log-signer';
import { advanceLog, latestCheckpoint } from '@/lib/log/log-store';
import { leafHash, rootFromLeafHashes } from '@/lib/log/merkle';
import { createTestClock } from '@/lib/clock';
import { isCaseReference } from '@/lib/cases/reference';
import { isComplaintReference } from '@/lib/complaints/reference';
import { seedDemoData } from '@/lib/demo/seed-demo';
import { seedScale } from '@/lib/demo/seed-scale';
import { ensureDefaultProgram } from '@/lib/programs/ensure-default-program';
import { loadSealStatusRecord, toStatusDocument } from '@/lib/public-status/status-record';
import { isSealPublicId } from '@/lib/seals/public-id';
import { authenticate } from '@/lib/services/users/authenticate';
import { listCasesForReview } from '@/lib/services/cases/list-cases';
import { listComplaintsForReview } from '@/lib/services/complaints/list-complaints';
import { listReviewQueue } from '@/lib/services/reviews/list-review-queue';
import { loadActor } from '@/lib/auth/actor';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';

/**
 * The scale world (`npm run seed:scale`, issue #12) must be one the application can read as its
 * own: the page benchmarks measure nothing if the rows break what the pages assume.
 */
let database: TestDatabase;
let tag: string;
const PASSWORD = 'correct horse battery staple 42';
const clock = createTestClock();
const SIZE = { seals: 400, complaints: 4_000, cases: 80, audit: 2_000, notifications: 2_000, pending: 40, batch: 1_000 };

beforeAll(async () => {
  database = await freshDatabase();
  await ensureDefaultProgram(database.db, clock);
  await seedDemoData(database.db, clock, PASSWORD);
  ({ tag } = await seedScale(database.db, SIZE));
}, 120_000);
afterAll(async () => {
  await database?.close();
});

const reviewerId = async () => (await database.db.select({ id: users.id }).from(users).where(eq(users.email, 'reviewer@openseal.example')))[0]!.id;
const sealOfSite = async (n: number) =>
  (await database.db.select({ publicId: seals.publicId }).from(seals).innerJoin(sealDomains, eq(sealDomains.sealId, seals.id)).where(eq(sealDomains.domain, `site-${tag}-${n}.example`)))[0]!.publicId;

describe(`the scale world (${testDriver})`, () => {
  it('has the sizes asked for, with public references in their published forms', async () => {
    const sealRows = await database.db.select({ publicId: seals.publicId }).from(seals).innerJoin(sealDomains, eq(sealDomains.sealId, seals.id)).where(like(sealDomains.domain, `site-${tag}-%`));
    expect(sealRows).toHaveLength(SIZE.seals);
    expect(sealRows.every((row) => isSealPublicId(row.publicId))).toBe(true);
    const complaintRows = await database.db.select({ reference: complaints.reference, status: complaints.status }).from(complaints).where(like(complaints.domain, `site-${tag}-%`));
    expect(complaintRows).toHaveLength(SIZE.complaints);
    expect(complaintRows.every((row) => isComplaintReference(row.reference))).toBe(true);
    expect(complaintRows.filter((row) => row.status === 'new')).toHaveLength(SIZE.complaints / 200);
    const caseRows = await database.db.select({ reference: cases.reference }).from(cases).where(like(cases.domain, `site-${tag}-%`));
    expect(caseRows).toHaveLength(SIZE.cases);
    expect(caseRows.every((row) => isCaseReference(row.reference))).toBe(true);
  });

  it('gives every row an id the services accept as a UUID (a notice to a seeded holder is written like any other)', async () => {
    const rows = await database.db.select({ id: seals.id, organizationId: seals.organizationId, siteId: seals.siteId, applicationId: seals.applicationId }).from(seals).innerJoin(sealDomains, eq(sealDomains.sealId, seals.id)).where(like(sealDomains.domain, `site-${tag}-%`));
    const ids = rows.flatMap((row) => Object.values(row));
    expect(ids.filter((id) => !z.uuid().safeParse(id).success)).toEqual([]);
  });

  it('answers each seal with its status on the public API: active, suspended, revoked or expired as seeded', async () => {
    const now = new Date(clock.now());
    // The document a relying party reads: the stored status, with expiry applied at read time.
    const statusOf = async (n: number) => toStatusDocument((await loadSealStatusRecord(database.db, await sealOfSite(n)))!, now, 'https://seals.example');
    expect((await statusOf(10)).status).toBe('active');
    expect((await statusOf(101)).status).toBe('suspended');
    expect((await statusOf(104)).status).toBe('revoked');
    const expired = await statusOf(107);
    expect(expired.status).toBe('expired');
    expect(new Date(expired.expiresAt).getTime()).toBeLessThan(now.getTime());
    const active = await statusOf(10);
    expect(new Date(active.expiresAt).getTime()).toBeGreaterThan(now.getTime());
  });

  it('enters every seeded seal event in the public log, numbered on after the demo’s, and the checkpointer signs the whole tree', async () => {
    const [events] = await database.db.select({ n: count(), last: sql<string>`max(${sealEvents.logIndex})` }).from(sealEvents);
    const [head] = await database.db.select().from(logHead);
    expect(head!.size).toBe(events!.n);
    expect(Number(events!.last)).toBe(events!.n - 1);
    const signer = createLogSigner('scale.example.test/openseal-log', crypto.generateKeyPairSync('ed25519').privateKey);
    while ((await advanceLog(database.db, signer, new Date(), 50_000)).more);
    const entries = await database.db.select({ entry: sealEvents.logEntry }).from(sealEvents).orderBy(sealEvents.logIndex);
    const checkpoint = (await latestCheckpoint(database.db))!;
    expect(checkpoint.size).toBe(events!.n);
    expect(Buffer.from(checkpoint.rootHash)).toEqual(Buffer.from(rootFromLeafHashes(entries.map(({ entry }) => leafHash(entry)))));
  });

  it('keeps every complaint in a case about that case’s organization and seal, and every decided case with its decision', async () => {
    const [mismatched] = await database.db
      .select({ n: count() })
      .from(complaints)
      .innerJoin(cases, eq(cases.id, complaints.caseId))
      .where(sql`${complaints.organizationId} <> ${cases.organizationId} or ${complaints.sealId} <> ${cases.sealId}`);
    expect(mismatched!.n).toBe(0);
    const [inCase] = await database.db.select({ n: count() }).from(complaints).where(and(eq(complaints.status, 'in_case'), like(complaints.domain, `site-${tag}-%`)));
    expect(inCase!.n).toBeGreaterThan(SIZE.complaints / 5);
    const undecided = await database.db.execute(sql`select count(*)::int as n from cases c where c.status in ('decided', 'closed') and not exists (select 1 from case_decisions d where d.case_id = c.id)`);
    expect((undecided as unknown as { rows: Array<{ n: number }> }).rows[0]!.n).toBe(0);
  });

  it('fills the reviewer’s queues: applications waiting, complaints to triage, open cases', async () => {
    const ctx = { db: database.db, clock, actor: await loadActor(database.db, await reviewerId()) };
    // Every page of a list, followed by its "Next" links.
    const everyPage = async <T,>(list: (after: string | undefined) => Promise<{ rows: T[]; next: string | null }>) => {
      const rows: T[] = [];
      for (let after: string | undefined, pages = 0; pages < 100; pages++) {
        const page = await list(after);
        rows.push(...page.rows);
        if (!page.next) break;
        after = page.next;
      }
      return rows;
    };
    const ours = `site-${tag}-`;
    const queue = await everyPage(async (after) => {
      const page = await listReviewQueue({ ctx, input: { after } });
      return { rows: page.applications, next: page.next };
    });
    expect(queue.filter((item) => item.domain.startsWith(ours)).length).toBe(SIZE.pending);
    const triage = await everyPage(async (after) => {
      const page = await listComplaintsForReview({ ctx, input: { after } });
      return { rows: page.complaints, next: page.next };
    });
    expect(triage.filter((item) => item.domain?.startsWith(ours)).length).toBe(SIZE.complaints / 200);
    const caseQueue = await everyPage(async (after) => {
      const page = await listCasesForReview({ ctx, input: { after } });
      return { rows: page.cases, next: page.next };
    });
    expect(caseQueue.filter((item) => item.domain?.startsWith(ours)).length).toBeGreaterThanOrEqual(SIZE.cases / 10);
  });

  it('lets an owner sign in with the demo reviewer’s password', async () => {
    const actor = await authenticate({
      ctx: { db: database.db, clock, actor: null },
      input: { email: `owner-${tag}-7@scale.example`, password: PASSWORD, ipAddress: '203.0.113.7' },
    });
    expect(actor.role).toBe('applicant');
  });
});
