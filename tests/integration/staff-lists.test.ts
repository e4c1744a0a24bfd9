import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import { applications, caseDecisions, cases, complaints, conflictDeclarations, seals } from '@/db/schema';
import { createTestClock } from '@/lib/clock';
import { LIST_PAGE_SIZE } from '@/lib/lists/keyset';
import { getCurrentCriteriaVersion } from '@/lib/programs/queries';
import { listCasesForReview } from '@/lib/services/cases/list-cases';
import { listComplaintsForReview } from '@/lib/services/complaints/list-complaints';
import { listReviewQueue } from '@/lib/services/reviews/list-review-queue';
import { listSeals } from '@/lib/services/seals/list-seals';
import { testDriver, type TestDatabase } from '../helpers/database';
import { actorOf, contextFor, seedUser } from '../helpers/factories';
import { freshDatabaseWithProgram } from '../helpers/program-database';
import { seedOrganization, seedSite } from '../helpers/portal-factories';

/**
 * The staff lists page by key (ADR 0013): each list is read page by page, as the "Next" and
 * "Previous" links do, on the rows of one fresh organization (found by its name in the list's text
 * filter), with rows inserted between two reads, with filters, with broken cursors, and by a
 * reviewer tied to the organization.
 */

let database: TestDatabase;
let programId: string;
let reviewer: Awaited<ReturnType<typeof seedUser>>;
const clock = createTestClock(new Date('2026-06-15T12:00:00Z'));

beforeAll(async () => {
  ({ database, programId, reviewer } = await freshDatabaseWithProgram());
});
afterAll(async () => {
  await database?.close();
});

const DAY = 24 * 60 * 60 * 1000;
const token = () => crypto.randomBytes(6).toString('hex').toUpperCase();
const as = (user: Parameters<typeof actorOf>[0]) => contextFor(database.db, actorOf(user), clock);

type Cursor = { after?: string; before?: string };
type Page = { ids: string[]; previous: string | null; next: string | null };
type Read = (cursor: Cursor) => Promise<Page>;

/** Every page from the first, following "Next". */
async function forward(read: Read): Promise<Page[]> {
  const pages = [await read({})];
  while (pages.at(-1)!.next && pages.length < 20) pages.push(await read({ after: pages.at(-1)!.next! }));
  return pages;
}

/** From the last page back to the first, following "Previous". */
async function backward(read: Read, last: Page): Promise<Page[]> {
  const pages = [last];
  while (pages[0]!.previous && pages.length < 20) pages.unshift(await read({ before: pages[0]!.previous! }));
  return pages;
}

/** A fresh organization whose name the lists' text filters find. */
async function freshOrganization() {
  const owner = await seedUser(database.db);
  const organization = await seedOrganization(database.db, owner, [], `Paging Shop ${token()} Ltd`);
  const site = await seedSite(database.db, organization.id);
  return { owner, organization, site };
}

function complaintRow(organizationId: string, values: Omit<Partial<typeof complaints.$inferInsert>, 'createdAt'> & { createdAt: Date | SQL }) {
  return {
    reference: `C-${token()}`,
    trackingTokenHash: crypto.randomBytes(32).toString('hex'),
    source: 'public' as const,
    category: 'other' as const,
    organizationId,
    domain: 'paging.example',
    description: 'A complaint for the paging test.',
    updatedAt: new Date(),
    ...values,
  };
}

function caseRow(organizationId: string, values: Partial<typeof cases.$inferInsert> & { openedAt: Date }) {
  return { reference: `K-${token()}`, kind: 'complaint' as const, organizationId, title: 'A case for the paging test', updatedAt: new Date(), ...values };
}

/** A page as the links see it: the rows' ids, and the cursors of "Previous" and "Next". */
const pageOf = (result: { previous: string | null; next: string | null }, rows: Array<{ id: string }>): Page => ({ ids: rows.map((row) => row.id), previous: result.previous, next: result.next });

/** Ids in the order of their keys, part by part, the id last. */
function sortBy(rows: Array<{ id: string; key: readonly (number | string)[] }>): string[] {
  const compare = (a: readonly (number | string)[], b: readonly (number | string)[]) => {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
    return 0;
  };
  return [...rows].sort((a, b) => compare(a.key, b.key)).map((row) => row.id);
}

type World = { expected: string[]; read: Read; insertFirst: () => Promise<string> };

/**
 * Each list over a fresh organization: 120 rows (three pages) in the order the list must show
 * them, with runs of rows that share their time (the id decides between them); and a row that,
 * inserted later, comes before all of them.
 */
const WORLDS: Record<string, () => Promise<World>> = {
  async complaints() {
    const { organization } = await freshOrganization();
    // Ten on the fast track; the others in runs of four sharing a time, ten of them a few
    // microseconds apart across the second page's end (a cursor cut to milliseconds would skip or repeat them).
    const specs = [
      ...Array.from({ length: 10 }, (_, i) => ({ fastTrack: true, ms: new Date('2026-06-01T00:00:00Z').getTime() + i * 1000 })),
      ...Array.from({ length: 100 }, (_, i) => ({ fastTrack: false, ms: new Date(i < 85 ? '2026-05-01T00:00:00Z' : '2026-05-03T00:00:00Z').getTime() + Math.floor(i / 4) * 60_000 })),
      ...Array.from({ length: 10 }, (_, i) => ({ fastTrack: false, ms: new Date('2026-05-02T00:00:00Z').getTime() + i / 1000, micro: i })),
    ];
    const rows = await database.db
      .insert(complaints)
      .values(specs.map((spec) => complaintRow(organization.id, { fastTrack: spec.fastTrack, createdAt: 'micro' in spec ? sql`${`2026-05-02T00:00:00.00000${spec.micro}Z`}::timestamptz` : new Date(spec.ms) })))
      .returning();
    const expected = sortBy(rows.map((row, i) => ({ id: row.id, key: [specs[i]!.fastTrack ? 0 : 1, specs[i]!.ms, row.id] })));
    const read: Read = async (cursor) => {
      const result = await listComplaintsForReview({ ctx: as(reviewer), input: { q: organization.legalName, ...cursor } });
      return pageOf(result, result.complaints);
    };
    // A data sale on the fast track, older than every other: first in the triage order.
    const insertFirst = async () => (await database.db.insert(complaints).values(complaintRow(organization.id, { fastTrack: true, createdAt: new Date('2026-01-01T00:00:00Z') })).returning())[0]!.id;
    return { expected, read, insertFirst };
  },
  async cases() {
    const { organization } = await freshOrganization();
    const rows = await database.db
      .insert(cases)
      .values(
        Array.from({ length: 120 }, (_, i) =>
          caseRow(organization.id, {
            fastTrack: i % 10 === 0,
            escalationLevel: i % 7 === 0 ? 1 : 0,
            status: i % 3 === 0 ? 'awaiting_site_response' : 'open',
            responseDueAt: i % 3 === 0 ? new Date(new Date('2026-06-20T00:00:00Z').getTime() + (i % 5) * DAY) : null,
            openedAt: new Date(new Date('2026-04-01T00:00:00Z').getTime() + Math.floor(i / 3) * DAY),
          }),
        ),
      )
      .returning();
    const expected = sortBy(rows.map((row) => ({ id: row.id, key: [row.fastTrack ? 0 : 1, -row.escalationLevel, row.responseDueAt?.getTime() ?? Infinity, row.openedAt.getTime(), row.id] })));
    const read: Read = async (cursor) => {
      const result = await listCasesForReview({ ctx: as(reviewer), input: { q: organization.legalName, ...cursor } });
      return pageOf(result, result.cases);
    };
    const insertFirst = async () =>
      (await database.db.insert(cases).values(caseRow(organization.id, { fastTrack: true, escalationLevel: 2, status: 'awaiting_site_response', responseDueAt: new Date('2026-06-01T00:00:00Z'), openedAt: new Date('2026-01-01T00:00:00Z') })).returning())[0]!.id;
    return { expected, read, insertFirst };
  },
  async queue() {
    const { organization, site, owner } = await freshOrganization();
    const version = await getCurrentCriteriaVersion(database.db, programId);
    const base = { organizationId: organization.id, siteId: site.id, programId, criteriaVersionId: version!.id, createdById: owner.id };
    const rows = await database.db
      .insert(applications)
      .values(Array.from({ length: 120 }, (_, i) => ({ ...base, status: i % 2 ? ('submitted' as const) : ('in_review' as const), submittedAt: new Date(new Date('2026-05-01T00:00:00Z').getTime() + Math.floor(i / 5) * 3_600_000) })))
      .returning();
    const expected = sortBy(rows.map((row) => ({ id: row.id, key: [row.submittedAt!.getTime(), row.id] })));
    const read: Read = async (cursor) => {
      const result = await listReviewQueue({ ctx: as(reviewer), input: { q: organization.legalName, ...cursor } });
      return pageOf(result, result.applications);
    };
    const insertFirst = async () => (await database.db.insert(applications).values({ ...base, status: 'submitted', submittedAt: new Date('2026-01-01T00:00:00Z') }).returning())[0]!.id;
    return { expected, read, insertFirst };
  },
  async seals() {
    const { organization, site, owner } = await freshOrganization();
    const version = await getCurrentCriteriaVersion(database.db, programId);
    const [application] = await database.db.insert(applications).values({ organizationId: organization.id, siteId: site.id, programId, criteriaVersionId: version!.id, createdById: owner.id, status: 'approved' }).returning();
    const seal = (issuedAt: Date) => ({ publicId: `OS-${token()}`, organizationId: organization.id, siteId: site.id, programId, criteriaVersionId: version!.id, applicationId: application!.id, issuedAt, expiresAt: new Date('2027-06-01T00:00:00Z'), statusChangedAt: issuedAt });
    const rows = await database.db
      .insert(seals)
      .values(Array.from({ length: 120 }, (_, i) => seal(new Date(new Date('2026-01-01T00:00:00Z').getTime() + Math.floor(i / 6) * DAY))))
      .returning();
    // Newest issued first, the greater id first among seals issued together.
    const expected = sortBy(rows.map((row) => ({ id: row.id, key: [row.issuedAt.getTime(), row.id] }))).reverse();
    const read: Read = async (cursor) => {
      const result = await listSeals({ ctx: as(reviewer), input: { q: organization.legalName, ...cursor } });
      return pageOf(result, result.seals.map((row) => row.seal));
    };
    const insertFirst = async () => (await database.db.insert(seals).values(seal(new Date('2026-06-10T00:00:00Z'))).returning())[0]!.id;
    return { expected, read, insertFirst };
  },
  async 'seals expiring within 30 days'() {
    const { organization, site, owner } = await freshOrganization();
    const version = await getCurrentCriteriaVersion(database.db, programId);
    const [application] = await database.db.insert(applications).values({ organizationId: organization.id, siteId: site.id, programId, criteriaVersionId: version!.id, createdById: owner.id, status: 'approved' }).returning();
    const issuedAt = new Date('2025-07-01T00:00:00Z');
    const seal = (expiresAt: Date) => ({ publicId: `OS-${token()}`, organizationId: organization.id, siteId: site.id, programId, criteriaVersionId: version!.id, applicationId: application!.id, issuedAt, expiresAt, statusChangedAt: issuedAt });
    const now = Number(clock.now());
    // Runs of four expiring together, over 24 days; and seals the view leaves out: later, past, suspended.
    const rows = await database.db
      .insert(seals)
      .values(Array.from({ length: 120 }, (_, i) => seal(new Date(now + DAY + Math.floor(i / 4) * 19 * 3_600_000))))
      .returning();
    await database.db.insert(seals).values([seal(new Date(now + 31 * DAY)), seal(new Date(now - DAY)), { ...seal(new Date(now + 2 * DAY)), status: 'suspended' as const }]);
    // Soonest first, the smaller id first among seals expiring together.
    const expected = sortBy(rows.map((row) => ({ id: row.id, key: [row.expiresAt.getTime(), row.id] })));
    const read: Read = async (cursor) => {
      const result = await listSeals({ ctx: as(reviewer), input: { q: organization.legalName, expiresWithin: '30', ...cursor } });
      return pageOf(result, result.seals.map((row) => row.seal));
    };
    const insertFirst = async () => (await database.db.insert(seals).values(seal(new Date(now + 3_600_000))).returning())[0]!.id;
    return { expected, read, insertFirst };
  },
};

describe(`the staff lists page by key (${testDriver})`, () => {
  it.each(Object.keys(WORLDS))('%s: forward shows every row once, in order; back from the last page shows the same pages', async (name) => {
    const { expected, read } = await WORLDS[name]!();
    const pages = await forward(read);
    expect(pages.map((p) => p.ids.length)).toEqual([LIST_PAGE_SIZE, LIST_PAGE_SIZE, 20]);
    expect(pages.flatMap((p) => p.ids)).toEqual(expected);
    expect(pages[0]!.previous).toBeNull();
    expect(pages.at(-1)!.next).toBeNull();
    const back = await backward(read, pages.at(-1)!);
    expect(back.map((p) => p.ids)).toEqual(pages.map((p) => p.ids));
  });

  it.each(Object.keys(WORLDS))('%s: a row added between two reads neither repeats a row nor pushes one off the next page', async (name) => {
    const { expected, read, insertFirst } = await WORLDS[name]!();
    const first = await read({});
    expect(first.ids).toEqual(expected.slice(0, LIST_PAGE_SIZE));
    const added = await insertFirst();
    const second = await read({ after: first.next! });
    expect(second.ids).toEqual(expected.slice(LIST_PAGE_SIZE, 2 * LIST_PAGE_SIZE));
    const third = await read({ after: second.next! });
    expect(third.ids).toEqual(expected.slice(2 * LIST_PAGE_SIZE));
    // Going back, the new row is where it belongs: first.
    const back = await backward(read, third);
    expect(back.flatMap((p) => p.ids)).toEqual([added, ...expected]);
    expect((await read({})).ids[0]).toBe(added);
  });

  it('complaints: a search that matches rows in different ways (a name, a domain) pages through all of them once', async () => {
    const word = `Zephyr${token()}`;
    const named = await seedOrganization(database.db, await seedUser(database.db), [], `${word} Trading Ltd`);
    const { organization: other } = await freshOrganization();
    const rows = await database.db
      .insert(complaints)
      .values(
        Array.from({ length: 120 }, (_, i) =>
          i % 2 ? complaintRow(named.id, { createdAt: new Date(new Date('2026-05-01T00:00:00Z').getTime() + Math.floor(i / 3) * DAY) }) : complaintRow(other.id, { domain: `shop.${word.toLowerCase()}.example`, createdAt: new Date(new Date('2026-05-01T00:00:00Z').getTime() + Math.floor(i / 3) * DAY) }),
        ),
      )
      .returning();
    // Newest first, the greater id first among equal times: the reverse of ascending (time, id).
    const newestFirst = sortBy(rows.map((row) => ({ id: row.id, key: [row.createdAt.getTime(), row.id] }))).reverse();
    const read: Read = async (cursor) => {
      const result = await listComplaintsForReview({ ctx: as(reviewer), input: { state: 'all', q: word.toLowerCase(), ...cursor } });
      return pageOf(result, result.complaints);
    };
    const pages = await forward(read);
    expect(pages.flatMap((p) => p.ids)).toEqual(newestFirst);
    expect((await backward(read, pages.at(-1)!)).map((p) => p.ids)).toEqual(pages.map((p) => p.ids));
  });

  it.each(Object.keys(WORLDS))('%s: a cursor that is not one of the list’s shows the first page, never an error', async (name) => {
    const { expected, read } = await WORLDS[name]!();
    const firstPage = expected.slice(0, LIST_PAGE_SIZE);
    const wellFormed = (await read({})).next!;
    for (const broken of ['garbage', `${wellFormed}x`, wellFormed.replace(/\d{4}-\d\d-\d\d/, '2026-13-45'), `t~${crypto.randomUUID()}`, 'x'.repeat(5000), wellFormed.replace(/[0-9a-f-]{36}$/, 'not-a-uuid')]) {
      expect((await read({ after: broken })).ids, broken).toEqual(firstPage);
      expect((await read({ before: broken })).ids, broken).toEqual(firstPage);
    }
  });
});

describe(`the staff lists' filters (${testDriver})`, () => {
  it('complaints: new by default; dismissed ones with their reason, those in a case with its outcome; category, source and text narrow', async () => {
    const { organization } = await freshOrganization();
    const [closedCase] = await database.db.insert(cases).values(caseRow(organization.id, { status: 'closed', openedAt: new Date('2026-03-01T00:00:00Z'), closedAt: new Date('2026-04-01T00:00:00Z') })).returning();
    await database.db.insert(caseDecisions).values({ caseId: closedCase!.id, outcome: 'warning', state: 'in_effect', reasonForSite: 'Upheld.', summaryForComplainant: 'Upheld.', decidedById: reviewer.id, decidedAt: new Date('2026-03-20T00:00:00Z') });
    const [fast, regulator, dismissed, merged] = await database.db
      .insert(complaints)
      .values([
        complaintRow(organization.id, { fastTrack: true, category: 'data_sale', createdAt: new Date('2026-06-03T00:00:00Z') }),
        complaintRow(organization.id, { source: 'regulator', domain: `regulator-${token().toLowerCase()}.example`, createdAt: new Date('2026-06-01T00:00:00Z') }),
        complaintRow(organization.id, { status: 'dismissed', dismissalReason: 'spam', dismissedAt: new Date('2026-06-05T00:00:00Z'), createdAt: new Date('2026-06-04T00:00:00Z') }),
        complaintRow(organization.id, { status: 'in_case', caseId: closedCase!.id, createdAt: new Date('2026-02-20T00:00:00Z') }),
      ])
      .returning();
    const list = async (input: Record<string, string>) => listComplaintsForReview({ ctx: as(reviewer), input: { q: organization.legalName, ...input } });
    const references = async (input: Record<string, string>) => (await list(input)).complaints.map((item) => item.reference);

    expect(await references({})).toEqual([fast!.reference, regulator!.reference]);
    expect(await references({ state: 'all' })).toEqual([dismissed!.reference, fast!.reference, regulator!.reference, merged!.reference]);
    expect((await list({ state: 'dismissed' })).complaints.map((item) => [item.reference, item.dismissalReason])).toEqual([[dismissed!.reference, 'spam']]);
    expect((await list({ state: 'in_case' })).complaints.map((item) => [item.reference, item.caseReference, item.caseStatus, item.caseOutcome])).toEqual([[merged!.reference, closedCase!.reference, 'closed', 'warning']]);
    expect(await references({ category: 'data_sale' })).toEqual([fast!.reference]);
    expect(await references({ source: 'regulator', state: 'all' })).toEqual([regulator!.reference]);
    // The text filter alone: any part of a reference, or of a domain, in any case.
    expect((await listComplaintsForReview({ ctx: as(reviewer), input: { state: 'all', q: dismissed!.reference.slice(2).toLowerCase() } })).complaints.map((item) => item.id)).toEqual([dismissed!.id]);
    expect((await listComplaintsForReview({ ctx: as(reviewer), input: { state: 'all', q: regulator!.domain!.split('.')[0]! } })).complaints.map((item) => item.id)).toEqual([regulator!.id]);
    // Too short to search by: said so, and the list is not narrowed.
    const short = await listComplaintsForReview({ ctx: as(reviewer), input: { q: 'C-' } });
    expect(short.searchTooShort).toBe(true);
    expect(short.complaints.length).toBeGreaterThan(2);
  });

  it('cases: not closed by default; closed ones with their outcome; state, mine, overdue, kind and text narrow', async () => {
    const { organization } = await freshOrganization();
    const opened = (days: number) => new Date(new Date('2026-05-01T00:00:00Z').getTime() + days * DAY);
    const [mine, overdue, closed, takeover] = await database.db
      .insert(cases)
      .values([
        caseRow(organization.id, { status: 'in_review', assignedReviewerId: reviewer.id, openedAt: opened(1) }),
        caseRow(organization.id, { status: 'awaiting_site_response', responseDueAt: new Date('2026-06-10T00:00:00Z'), openedAt: opened(2) }),
        caseRow(organization.id, { status: 'closed', openedAt: opened(3), closedAt: opened(30) }),
        caseRow(organization.id, { kind: 'change_of_control', fastTrack: true, openedAt: opened(4) }),
      ])
      .returning();
    await database.db.insert(caseDecisions).values({ caseId: closed!.id, outcome: 'no_violation', state: 'in_effect', reasonForSite: 'Not found.', summaryForComplainant: 'Not found.', decidedById: reviewer.id, decidedAt: opened(20) });
    const list = async (input: Record<string, string>) => (await listCasesForReview({ ctx: as(reviewer), input: { q: organization.legalName, ...input } })).cases;
    const references = async (input: Record<string, string>) => (await list(input)).map((item) => item.reference);

    // The queue: fast track first, then the overdue (its deadline, unlike the others'), then the oldest.
    expect(await references({})).toEqual([takeover!.reference, overdue!.reference, mine!.reference]);
    expect((await list({ state: 'closed' })).map((item) => [item.reference, item.outcome])).toEqual([[closed!.reference, 'no_violation']]);
    expect(await references({ state: 'all' })).toEqual([takeover!.reference, closed!.reference, overdue!.reference, mine!.reference]);
    expect(await references({ state: 'in_review' })).toEqual([mine!.reference]);
    expect(await references({ view: 'mine' })).toEqual([mine!.reference]);
    expect((await list({ view: 'overdue' })).map((item) => [item.reference, item.overdue])).toEqual([[overdue!.reference, true]]);
    expect(await references({ kind: 'change_of_control' })).toEqual([takeover!.reference]);
    expect((await listCasesForReview({ ctx: as(reviewer), input: { state: 'all', q: closed!.reference.toLowerCase() } })).cases.map((item) => item.id)).toEqual([closed!.id]);
  });

  it('seals: by stored status, and found by any part of the public id or the holder’s name', async () => {
    const { organization, site, owner } = await freshOrganization();
    const version = await getCurrentCriteriaVersion(database.db, programId);
    const [application] = await database.db.insert(applications).values({ organizationId: organization.id, siteId: site.id, programId, criteriaVersionId: version!.id, createdById: owner.id, status: 'approved' }).returning();
    const seal = (status: 'active' | 'suspended', issuedAt: Date) => ({ publicId: `OS-${token()}`, organizationId: organization.id, siteId: site.id, programId, criteriaVersionId: version!.id, applicationId: application!.id, status, issuedAt, expiresAt: new Date('2027-06-01T00:00:00Z'), statusChangedAt: issuedAt });
    const [active, suspended] = await database.db.insert(seals).values([seal('active', new Date('2026-05-01T00:00:00Z')), seal('suspended', new Date('2026-05-02T00:00:00Z'))]).returning();
    const ids = async (input: Record<string, string>) => (await listSeals({ ctx: as(reviewer), input })).seals.map((row) => row.seal.id);
    expect(await ids({ q: organization.legalName })).toEqual([suspended!.id, active!.id]);
    expect(await ids({ q: organization.legalName, status: 'suspended' })).toEqual([suspended!.id]);
    expect(await ids({ q: active!.publicId.slice(3).toLowerCase() })).toEqual([active!.id]);
  });
});

describe(`the staff lists for a reviewer with a conflict of interest (${testDriver})`, () => {
  it('lists the tied organization’s complaints, cases and applications marked, and its seals as for anyone', async () => {
    const { organization, site, owner } = await freshOrganization();
    const tied = await seedUser(database.db, { role: 'reviewer' });
    await database.db.insert(conflictDeclarations).values({ reviewerId: tied.id, organizationId: organization.id, reason: 'My sister owns it.', declaredAt: new Date() });
    const version = await getCurrentCriteriaVersion(database.db, programId);
    const [application] = await database.db.insert(applications).values({ organizationId: organization.id, siteId: site.id, programId, criteriaVersionId: version!.id, createdById: owner.id, status: 'submitted', submittedAt: new Date('2026-06-01T00:00:00Z') }).returning();
    const [complaint] = await database.db.insert(complaints).values(complaintRow(organization.id, { createdAt: new Date('2026-06-02T00:00:00Z') })).returning();
    const [caseOf] = await database.db.insert(cases).values(caseRow(organization.id, { openedAt: new Date('2026-06-03T00:00:00Z') })).returning();
    const input = { q: organization.legalName };

    for (const [user, conflicted] of [[tied, true], [reviewer, false]] as const) {
      expect((await listComplaintsForReview({ ctx: as(user), input })).complaints.map((item) => [item.id, item.conflicted])).toEqual([[complaint!.id, conflicted]]);
      expect((await listCasesForReview({ ctx: as(user), input })).cases.map((item) => [item.id, item.conflicted])).toEqual([[caseOf!.id, conflicted]]);
      expect((await listReviewQueue({ ctx: as(user), input })).applications.map((item) => [item.id, item.conflicted])).toEqual([[application!.id, conflicted]]);
    }
    const [sealed] = await database.db
      .insert(seals)
      .values({ publicId: `OS-${token()}`, organizationId: organization.id, siteId: site.id, programId, criteriaVersionId: version!.id, applicationId: application!.id, issuedAt: new Date(), expiresAt: new Date('2027-06-01T00:00:00Z'), statusChangedAt: new Date() })
      .returning();
    expect((await listSeals({ ctx: as(tied), input })).seals.map((row) => row.seal.id)).toEqual([sealed!.id]);
  });
});
