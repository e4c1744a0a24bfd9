import { and, asc, eq } from 'drizzle-orm';
import { auditEvents, caseDecisions, caseMessages, cases, seals } from '@/db/schema';
import type { Database } from '@/db/client';
import { createTestClock, type TestClock } from '@/lib/clock';
import type { ServiceContext } from '@/lib/services/context';
import { openCaseFromComplaint } from '@/lib/services/cases/open-case';
import { fileAppeal } from '@/lib/services/cases/file-appeal';
import { actorOf, contextFor, seedUser } from '../helpers/factories';
import { freshDatabaseWithProgram } from '../helpers/program-database';
import { seedIssuedSeal } from '../helpers/seal-factories';
import { file, publicContext } from './complaints-fixtures';

export type User = Awaited<ReturnType<typeof seedUser>>;

export const DAY = 24 * 60 * 60 * 1000;

/** A context for `user` on `clock`: every step of one story shares a clock, moved by the test. */
export const actingAs = (db: Database, clock: TestClock) => (user: User) => contextFor(db, actorOf(user), clock);

/**
 * The start of most stories: an issued seal, a visitor's complaint about it (with an email, so mails
 * can be asserted), and a case opened from it by `opener` through the triage verb; `as` acts on its clock.
 */
export async function openedCase(db: Database, { programId, issuer, opener, clock = createTestClock() }: { programId: string; issuer: User; opener: User; clock?: TestClock }) {
  const issued = await seedIssuedSeal(db, { programId, reviewerId: issuer.id });
  const filed = await file(publicContext(db, clock), { sealId: issued.seal.publicId }, { category: 'data_sale' });
  const caseRow = await openCaseFromComplaint({ ctx: contextFor(db, actorOf(opener), clock), input: { complaintRef: filed.complaint.reference } });
  return { ...issued, complaint: filed.complaint, trackingToken: filed.trackingToken, caseRow, clock, as: actingAs(db, clock) };
}

/**
 * The start of the decision suites: a fresh database with the default program, Rita who opens and
 * decides the cases, and the reviewer who issued the seals (kept apart, so that Rita's verbs are hers).
 */
export async function caseSuiteDatabase() {
  const { database, programId, reviewer: rita } = await freshDatabaseWithProgram({ reviewerName: 'Rita Reviewer' });
  const issuer = await seedUser(database.db, { role: 'reviewer' });
  return { database, programId, rita, issuer };
}

/** The site appeals through its own verb (the portal's). */
export async function appealAs(ctx: ServiceContext, caseRef: string, decisionId: string, grounds = 'The decision ignores the deletion logs we sent with our response.') {
  return fileAppeal({ ctx, input: { caseRef, decisionId, grounds } });
}

export const decision = (caseRef: string, outcome: string, overrides: Record<string, unknown> = {}) => ({
  caseRef,
  outcome,
  reasonForSite: 'Your shop offered its customer list for sale, contrary to its privacy policy.',
  summaryForComplainant: 'We upheld your complaint and acted against the site.',
  ...overrides,
});

export async function caseOf(db: Database, caseId: string) {
  const [row] = await db.select().from(cases).where(eq(cases.id, caseId));
  return row!;
}

export async function sealOf(db: Database, sealId: string) {
  const [row] = await db.select().from(seals).where(eq(seals.id, sealId));
  return row!;
}

export async function decisionsOf(db: Database, caseId: string) {
  return db.select().from(caseDecisions).where(eq(caseDecisions.caseId, caseId)).orderBy(asc(caseDecisions.decidedAt));
}

export async function caseAudit(db: Database, caseId: string) {
  return db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entityType, 'case'), eq(auditEvents.entityId, caseId)))
    .orderBy(asc(auditEvents.occurredAt));
}

export async function messagesOf(db: Database, caseId: string) {
  return db.select().from(caseMessages).where(eq(caseMessages.caseId, caseId)).orderBy(asc(caseMessages.createdAt));
}
