import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applications, caseDecisions, cases, complaints, conflictDeclarations, seals } from '@/db/schema';
import { createTestClock } from '@/lib/clock';
import { getCurrentCriteriaVersion } from '@/lib/programs/queries';
import type { DashboardKey } from '@/lib/review/workspace-counts';
import { listCasesForReview } from '@/lib/services/cases/list-cases';
import { listComplaintsForReview } from '@/lib/services/complaints/list-complaints';
import { listReviewQueue } from '@/lib/services/reviews/list-review-queue';
import { readStaffDashboard } from '@/lib/services/reviews/read-staff-dashboard';
import { listSeals } from '@/lib/services/seals/list-seals';
import { ForbiddenError } from '@/lib/services/errors';
import { testDriver, type TestDatabase } from '../helpers/database';
import { actorOf, contextFor, seedUser } from '../helpers/factories';
import { freshDatabaseWithProgram } from '../helpers/program-database';
import { seedOrganization, seedSite } from '../helpers/portal-factories';

/**
 * The staff dashboard (issue 12, item 2): every number is the number of rows of the list it links
 * to. Each number's link is followed as the browser would (its path and query string, then "Next"
 * until the end) and the rows counted; records of an organization the reader is tied to are in
 * both, marked in the list (ADR 0013), and nothing a list leaves out is counted.
 */

let database: TestDatabase;
let programId: string;
let reviewer: Awaited<ReturnType<typeof seedUser>>;
const now = new Date('2026-06-15T12:00:00Z');
const clock = createTestClock(now);
const DAY = 24 * 60 * 60 * 1000;
const at = (days: number) => new Date(now.getTime() + days * DAY);
const token = () => crypto.randomBytes(6).toString('hex').toUpperCase();
const as = (user: Parameters<typeof actorOf>[0]) => contextFor(database.db, actorOf(user), clock);

beforeAll(async () => {
  ({ database, programId, reviewer } = await freshDatabaseWithProgram());
});
afterAll(async () => {
  await database?.close();
});

type Row = { id: string; conflicted: boolean };

/** The rows the list at `href` shows, every page of it, as the dashboard's link and then "Next" read it. */
async function rowsOfList(user: Parameters<typeof actorOf>[0], href: string): Promise<Row[]> {
  const url = new URL(href, 'http://openseal.test');
  const query = Object.fromEntries(url.searchParams);
  const ctx = as(user);
  const readers: Record<string, (input: Record<string, string>) => Promise<{ rows: Row[]; next: string | null }>> = {
    '/review': async (input) => {
      const page = await listReviewQueue({ ctx, input });
      return { rows: page.applications, next: page.next };
    },
    '/review/complaints': async (input) => {
      const page = await listComplaintsForReview({ ctx, input });
      return { rows: page.complaints, next: page.next };
    },
    '/review/cases': async (input) => {
      const page = await listCasesForReview({ ctx, input });
      return { rows: page.cases, next: page.next };
    },
    '/review/seals': async (input) => {
      const page = await listSeals({ ctx, input });
      return { rows: page.seals.map((row) => ({ id: row.seal.id, conflicted: false })), next: page.next };
    },
  };
  const read = readers[url.pathname];
  if (!read) throw new Error(`The dashboard links to ${url.pathname}, which is not a list this test reads.`);
  const rows: Row[] = [];
  let cursor: string | null = null;
  do {
    const page = await read(cursor ? { ...query, after: cursor } : query);
    rows.push(...page.rows);
    cursor = page.next;
  } while (cursor);
  return rows;
}

async function organizationWithSite() {
  const owner = await seedUser(database.db);
  const organization = await seedOrganization(database.db, owner, [], `Dashboard Shop ${token()} Ltd`);
  const site = await seedSite(database.db, organization.id);
  return { owner, organization, site };
}

describe(`the staff dashboard (${testDriver})`, () => {
  it('counts exactly the rows of the list each number links to, conflicted records as the lists show them', async () => {
    const colleague = await seedUser(database.db, { role: 'reviewer' });
    const free = await organizationWithSite();
    const tied = await organizationWithSite();
    // The reviewer declared a conflict with the second organization: its rows are listed, marked.
    await database.db.insert(conflictDeclarations).values({ reviewerId: reviewer.id, organizationId: tied.organization.id, reason: 'My brother runs it.', declaredAt: at(-100) });
    const version = await getCurrentCriteriaVersion(database.db, programId);

    // Applications: two waiting on the reviewer (one of the tied organization), one decided, one on the colleague.
    const application = (org: typeof free, values: Partial<typeof applications.$inferInsert>) => ({ organizationId: org.organization.id, siteId: org.site.id, programId, criteriaVersionId: version!.id, createdById: org.owner.id, ...values });
    const [approved] = await database.db
      .insert(applications)
      .values([
        application(free, { status: 'approved', assignedReviewerId: reviewer.id, submittedAt: at(-30) }),
        application(free, { status: 'in_review', assignedReviewerId: reviewer.id, submittedAt: at(-20) }),
        application(tied, { status: 'submitted', assignedReviewerId: reviewer.id, submittedAt: at(-10) }),
        application(free, { status: 'submitted', assignedReviewerId: colleague.id, submittedAt: at(-5) }),
      ])
      .returning();

    // Complaints: new on the fast track (one about the tied organization), new and slow, dismissed on the fast track.
    const complaint = (org: typeof free, values: Partial<typeof complaints.$inferInsert>) => ({
      reference: `C-${token()}`,
      trackingTokenHash: crypto.randomBytes(32).toString('hex'),
      source: 'public' as const,
      category: 'data_sale' as const,
      organizationId: org.organization.id,
      domain: org.site.domain,
      description: 'A complaint for the dashboard test.',
      createdAt: at(-1),
      updatedAt: at(-1),
      ...values,
    });
    await database.db.insert(complaints).values([complaint(free, { fastTrack: true }), complaint(tied, { fastTrack: true }), complaint(free, { fastTrack: false }), complaint(free, { fastTrack: true, status: 'dismissed', dismissalReason: 'duplicate', dismissedAt: at(0) })]);

    // Cases: overdue, not yet due, the reviewer's (one closed), in review, appealed, and two with revocation proposals (one withdrawn).
    const caseRow = (org: typeof free, values: Partial<typeof cases.$inferInsert>) => ({ reference: `K-${token()}`, kind: 'complaint' as const, organizationId: org.organization.id, title: 'A case for the dashboard test', openedAt: at(-40), updatedAt: at(-1), ...values });
    const inserted = await database.db
      .insert(cases)
      .values([
        caseRow(free, { status: 'awaiting_site_response', responseDueAt: at(-2) }),
        caseRow(tied, { status: 'awaiting_site_response', responseDueAt: at(-1), assignedReviewerId: colleague.id }),
        caseRow(free, { status: 'awaiting_site_response', responseDueAt: at(3), assignedReviewerId: reviewer.id }),
        caseRow(free, { status: 'closed', assignedReviewerId: reviewer.id, closedAt: at(-3) }),
        caseRow(free, { status: 'in_review', assignedReviewerId: colleague.id }),
        caseRow(tied, { status: 'in_review' }),
        caseRow(free, { status: 'appealed' }),
        caseRow(free, { status: 'in_review', assignedReviewerId: reviewer.id }),
        caseRow(tied, { status: 'decided' }),
      ])
      .returning();
    const proposal = (caseId: string, state: 'proposed' | 'withdrawn') => ({ caseId, outcome: 'revocation' as const, state, revocationReason: 'privacy_violation' as const, reasonForSite: 'Sold its customer list.', summaryForComplainant: 'Revocation proposed.', decidedById: colleague.id, decidedAt: at(-1) });
    await database.db.insert(caseDecisions).values([proposal(inserted[7]!.id, 'proposed'), proposal(inserted[8]!.id, 'proposed'), proposal(inserted[4]!.id, 'withdrawn')]);

    // Seals: active and expiring within 30 days (one of the tied organization), later, already past, suspended.
    const seal = (org: typeof free, status: 'active' | 'suspended', expiresAt: Date) => ({ publicId: `OS-${token()}`, organizationId: org.organization.id, siteId: org.site.id, programId, criteriaVersionId: version!.id, applicationId: approved!.id, status, issuedAt: at(-300), expiresAt, statusChangedAt: at(-300) });
    await database.db.insert(seals).values([seal(free, 'active', at(2)), seal(tied, 'active', at(29)), seal(free, 'active', at(31)), seal(free, 'active', at(-1)), seal(free, 'suspended', at(5))]);

    const dashboard = await readStaffDashboard({ ctx: as(reviewer) });
    const expected: Record<DashboardKey, number> = {
      overdueCases: 2,
      myApplications: 2,
      myCases: 2,
      fastTrackComplaints: 2,
      casesAwaitingDecision: 3,
      appealsAwaitingDecision: 1,
      revocationsToConfirm: 2,
      sealsExpiringSoon: 2,
    };
    expect(Object.fromEntries(Object.entries(dashboard).map(([key, number]) => [key, number.count]))).toEqual(Object.fromEntries(Object.entries(expected).map(([key, n]) => [key, { n, more: false }])));

    // Each link leads to a list of exactly that many rows; the tied organization's are there, marked.
    for (const number of Object.values(dashboard)) {
      const rows = await rowsOfList(reviewer, number.href);
      expect(rows, `${number.key} → ${number.href}`).toHaveLength(number.count.n);
    }
    expect((await rowsOfList(reviewer, dashboard.overdueCases.href)).map((row) => row.conflicted).sort()).toEqual([false, true]);
    expect((await rowsOfList(reviewer, dashboard.revocationsToConfirm.href)).map((row) => row.id).sort()).toEqual([inserted[7]!.id, inserted[8]!.id].sort());

    // Another reader: their own work, the same shared numbers, their lists as long.
    const theirs = await readStaffDashboard({ ctx: as(colleague) });
    expect([theirs.myApplications.count.n, theirs.myCases.count.n, theirs.overdueCases.count.n]).toEqual([1, 2, 2]);
    for (const number of Object.values(theirs)) expect(await rowsOfList(colleague, number.href), number.key).toHaveLength(number.count.n);
  });

  it('is refused to applicants', async () => {
    const applicant = await seedUser(database.db);
    await expect(readStaffDashboard({ ctx: as(applicant) })).rejects.toBeInstanceOf(ForbiddenError);
  });
});
