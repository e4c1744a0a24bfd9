import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { applications, auditEvents, cases, changeOfControlChecks, changeOfControlDeclarations, changeOfControlItems, conflictDeclarations } from '@/db/schema';
import { createTestClock } from '@/lib/clock';
import { getCurrentCriteriaVersion } from '@/lib/programs/queries';
import type { ServiceContext } from '@/lib/services/context';
import { ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from '@/lib/services/errors';
import { declareChangeOfControl } from '@/lib/services/cases/declare-change-of-control';
import { readChangeOfControlForReviewer } from '@/lib/services/cases/read-change-of-control';
import { readCaseForSite } from '@/lib/services/cases/read-case-for-site';
import { recordChecklistFinding } from '@/lib/services/cases/record-checklist-finding';
import { issueSeal } from '@/lib/services/seals/issue-seal';
import { testDriver, type TestDatabase } from '../helpers/database';
import { rejectionOf } from '../helpers/errors';
import { actorOf, contextFor, seedUser } from '../helpers/factories';
import { freshDatabaseWithProgram } from '../helpers/program-database';
import { seedOrganization, seedSite } from '../helpers/portal-factories';
import { seedIssuedSeal } from '../helpers/seal-factories';
import { notificationsOf } from './complaints-fixtures';
import { seedComplaintCase } from './cases-site-fixtures';

type User = Awaited<ReturnType<typeof seedUser>>;
let database: TestDatabase;
let programId: string;
let reviewer: User;
let conflictedReviewer: User;
let outsider: User;

beforeAll(async () => {
  ({ database, programId, reviewer } = await freshDatabaseWithProgram());
  conflictedReviewer = await seedUser(database.db, { role: 'reviewer' });
  outsider = await seedUser(database.db);
  await seedOrganization(database.db, outsider, [], 'Unrelated Ltd');
});
afterAll(async () => {
  await database?.close();
});

const as = (user: User | null, clock = createTestClock()): ServiceContext => contextFor(database.db, user ? actorOf(user) : null, clock);

/** A seal holder whose data a conflicted reviewer must not see. */
async function holderWithConflict() {
  const holder = await seedIssuedSeal(database.db, { programId, reviewerId: reviewer.id });
  await database.db.insert(conflictDeclarations).values({ reviewerId: conflictedReviewer.id, organizationId: holder.organization.id, reason: 'I advise their buyer', declaredAt: new Date() });
  return holder;
}

/** A second seal for another site of the same organization. */
async function secondSeal(organizationId: string, ownerId: string) {
  const site = await seedSite(database.db, organizationId);
  const version = await getCurrentCriteriaVersion(database.db, programId);
  const [application] = await database.db
    .insert(applications)
    .values({ organizationId, siteId: site.id, programId, criteriaVersionId: version!.id, status: 'approved', createdById: ownerId, decidedAt: new Date() })
    .returning();
  const seal = await database.db.transaction((tx) => issueSeal(tx, { application: application!, actorId: reviewer.id, now: new Date() }));
  return { site, seal };
}

const bankruptcy = (organizationId: string, overrides: Record<string, unknown> = {}) => ({
  organizationId,
  kind: 'bankruptcy',
  effectiveOn: '2026-06-09',
  counterparty: 'Trustee in bankruptcy, Massachusetts',
  description: 'The company filed for bankruptcy; the trustee advertises the customer list with the other assets.',
  ...overrides,
});

describe(`declaring a change of control (${testDriver})`, () => {
  it('lets a member who is not an owner declare: a fast-track case on the active seal, six checklist items pending, reviewers and colleagues told', async () => {
    const holder = await holderWithConflict();
    const { caseRow, declaration } = await declareChangeOfControl({ ctx: as(holder.member), input: bankruptcy(holder.organization.id) });
    expect(caseRow).toMatchObject({ kind: 'change_of_control', status: 'open', fastTrack: true, organizationId: holder.organization.id, sealId: holder.seal.id, domain: holder.site.domain, openedById: holder.member.id });
    expect(caseRow.reference).toMatch(/^K-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
    expect(declaration).toMatchObject({ kind: 'bankruptcy', effectiveOn: '2026-06-09', counterparty: 'Trustee in bankruptcy, Massachusetts', declaredById: holder.member.id });
    const checks = await database.db.select().from(changeOfControlChecks).where(eq(changeOfControlChecks.caseId, caseRow.id));
    expect(checks.map((check) => check.item).sort()).toEqual(['customers_notified', 'destroyed_if_no_qualified_buyer', 'no_standalone_sale', 'opt_in_for_material_changes', 'same_line_of_business', 'successor_bound_by_policy']);
    expect(checks.every((check) => check.finding === 'pending' && check.evidence === '')).toBe(true);
    const [audit] = await database.db.select().from(auditEvents).where(and(eq(auditEvents.entityId, caseRow.id), eq(auditEvents.action, 'case.open')));
    expect(audit).toMatchObject({ actorId: holder.member.id, entityType: 'case', after: expect.objectContaining({ kind: 'change_of_control', source: 'change_of_control_declaration' }) });

    const subject = `Fast track: ${holder.organization.legalName} declared a change of control (case ${caseRow.reference})`;
    expect((await notificationsOf(database.db, reviewer.id)).map((row) => row.subject)).toContain(subject);
    expect((await notificationsOf(database.db, conflictedReviewer.id)).map((row) => row.subject)).not.toContain(subject);
    expect((await notificationsOf(database.db, holder.owner.id)).map((row) => row.link)).toContain(`/portal/cases/${caseRow.reference}`);
    expect(await notificationsOf(database.db, holder.member.id)).toEqual([]);

    // The site reads its declaration on the case page.
    const view = await readCaseForSite({ ctx: as(holder.owner), input: { caseRef: caseRow.reference } });
    expect(view.declaration).toMatchObject({ kind: 'bankruptcy', counterparty: 'Trustee in bankruptcy, Massachusetts', declaredByName: holder.member.name });
  });

  it('names no seal when the organization holds several, and lists them all', async () => {
    const holder = await seedIssuedSeal(database.db, { programId, reviewerId: reviewer.id });
    const other = await secondSeal(holder.organization.id, holder.owner.id);
    const { caseRow, activeSeals } = await declareChangeOfControl({ ctx: as(holder.owner), input: bankruptcy(holder.organization.id, { kind: 'asset_sale', counterparty: 'Buena Vista Holdings' }) });
    expect(caseRow).toMatchObject({ sealId: null, domain: null });
    expect(activeSeals.map((seal) => seal.publicId).sort()).toEqual([holder.seal.publicId, other.seal.publicId].sort());
    expect(caseRow.title).toContain(holder.seal.publicId);
    expect(caseRow.title).toContain(other.seal.publicId);
    const reviewed = await readChangeOfControlForReviewer({ ctx: as(reviewer), input: { caseRef: caseRow.reference } });
    expect(reviewed!.activeSeals).toHaveLength(2);
  });

  it('opens one case at a time: a second declaration while the first is undecided is refused', async () => {
    const holder = await seedIssuedSeal(database.db, { programId, reviewerId: reviewer.id });
    const { caseRow } = await declareChangeOfControl({ ctx: as(holder.owner), input: bankruptcy(holder.organization.id) });
    const again = await rejectionOf(declareChangeOfControl({ ctx: as(holder.member), input: bankruptcy(holder.organization.id, { kind: 'dissolution', counterparty: '' }) }), ConflictError);
    expect(again.message).toContain(`already has a change-of-control case in progress, ${caseRow.reference}`);
    expect(await database.db.select().from(changeOfControlDeclarations).where(eq(changeOfControlDeclarations.organizationId, holder.organization.id))).toHaveLength(1);
  });

  it('asks for what is missing or mistyped, field by field', async () => {
    const holder = await seedIssuedSeal(database.db, { programId, reviewerId: reviewer.id });
    const clock = createTestClock(new Date('2026-05-01T12:00:00Z'));
    const refusal = (overrides: Record<string, unknown>) => rejectionOf(declareChangeOfControl({ ctx: as(holder.owner, clock), input: bankruptcy(holder.organization.id, overrides) }), ValidationError);
    expect((await refusal({ kind: 'asset_sale', counterparty: '  ' })).fieldErrors).toEqual({ counterparty: ['Name the buyer of the assets.'] });
    expect((await refusal({ kind: 'takeover' })).fieldErrors.kind).toHaveLength(1);
    expect((await refusal({ effectiveOn: '2026-02-30' })).fieldErrors.effectiveOn).toEqual(['This date does not exist; give it as a day, like 2026-03-14.']);
    expect((await refusal({ effectiveOn: '2029-01-01' })).message).toMatch(/more than 2 years ahead/);
    expect((await refusal({ description: 'Bankrupt.' })).fieldErrors.description?.[0]).toMatch(/at least 20 characters/);
    // Dissolution without anyone winding it up is a complete declaration.
    const { declaration } = await declareChangeOfControl({ ctx: as(holder.owner, clock), input: bankruptcy(holder.organization.id, { kind: 'dissolution', counterparty: '' }) });
    expect(declaration.counterparty).toBe('');
  });

  it('tells a member of another organization that the organization does not exist, and asks a visitor to sign in', async () => {
    const holder = await seedIssuedSeal(database.db, { programId, reviewerId: reviewer.id });
    const refused = await rejectionOf(declareChangeOfControl({ ctx: as(outsider), input: bankruptcy(holder.organization.id) }), NotFoundError);
    expect(refused.message).toBe('This organization does not exist, or you are not a member of it.');
    await rejectionOf(declareChangeOfControl({ ctx: as(null), input: bankruptcy(holder.organization.id) }), UnauthenticatedError);
    expect(await database.db.select().from(cases).where(eq(cases.organizationId, holder.organization.id))).toEqual([]);
  });
});

describe(`the Toysmart checklist (${testDriver})`, () => {
  it('records a failed item with its evidence and who found it; the case must then go to a decision', async () => {
    const holder = await holderWithConflict();
    const { caseRow } = await declareChangeOfControl({ ctx: as(holder.owner), input: bankruptcy(holder.organization.id) });
    const evidence = 'The trustee’s advertisement of 9 June offers the customer list as a separate lot.';
    const { check, mustGoToDecision } = await recordChecklistFinding({ ctx: as(reviewer), input: { caseRef: caseRow.reference, item: 'no_standalone_sale', finding: 'failed', evidence } });
    expect(check).toMatchObject({ finding: 'failed', evidence, recordedById: reviewer.id });
    expect(mustGoToDecision).toBe(true);
    const [audit] = await database.db.select().from(auditEvents).where(and(eq(auditEvents.entityId, caseRow.id), eq(auditEvents.action, 'case.checklist-finding')));
    expect(audit).toMatchObject({ actorId: reviewer.id, before: expect.objectContaining({ finding: 'pending' }), after: expect.objectContaining({ item: 'no_standalone_sale', finding: 'failed', evidence }) });
    const view = await readChangeOfControlForReviewer({ ctx: as(reviewer), input: { caseRef: caseRow.reference } });
    expect(view!.failed.map((entry) => entry.title)).toEqual(['Not sold as a stand-alone asset']);
    // Every item of the schema has its text, in the checklist's own order.
    expect(view!.items.map((entry) => entry.item)[0]).toBe('no_standalone_sale');
    expect(view!.items.map((entry) => entry.item).sort()).toEqual([...changeOfControlItems].sort());
    expect(view!.items.every((entry) => entry.check !== null && entry.title.length > 0 && entry.question.length > 40)).toBe(true);

    // Satisfied elsewhere, the failed item still decides.
    const next = await recordChecklistFinding({ ctx: as(reviewer), input: { caseRef: caseRow.reference, item: 'customers_notified', finding: 'satisfied', evidence: 'Mail to all customers of 1 June, copy in the file.' } });
    expect(next.mustGoToDecision).toBe(true);
  });

  it('needs evidence for a finding, and refuses a complaint case or a closed one', async () => {
    const holder = await seedIssuedSeal(database.db, { programId, reviewerId: reviewer.id });
    const { caseRow } = await declareChangeOfControl({ ctx: as(holder.owner), input: bankruptcy(holder.organization.id) });
    const bare = await rejectionOf(recordChecklistFinding({ ctx: as(reviewer), input: { caseRef: caseRow.reference, item: 'same_line_of_business', finding: 'satisfied', evidence: ' ' } }), ValidationError);
    expect(bare.fieldErrors.evidence?.[0]).toMatch(/^Write the evidence for “satisfied”/);
    const complaintCase = await seedComplaintCase(database.db, { organizationId: holder.organization.id });
    const noChecklist = await rejectionOf(recordChecklistFinding({ ctx: as(reviewer), input: { caseRef: complaintCase.reference, item: 'same_line_of_business', finding: 'pending' } }), NotFoundError);
    expect(noChecklist.message).toBe(`Case ${complaintCase.reference} is about a complaint, not a change of control: it has no checklist.`);
    expect(await readChangeOfControlForReviewer({ ctx: as(reviewer), input: { caseRef: complaintCase.reference } })).toBeNull();
    await database.db.update(cases).set({ status: 'closed' }).where(eq(cases.id, caseRow.id));
    await rejectionOf(recordChecklistFinding({ ctx: as(reviewer), input: { caseRef: caseRow.reference, item: 'same_line_of_business', finding: 'failed', evidence: 'The buyer sells insurance.' } }), ConflictError);
  });

  it('refuses a conflicted reviewer, inside the transaction, and an applicant, changing nothing; the conflicted reviewer cannot read it either', async () => {
    const holder = await holderWithConflict();
    const { caseRow } = await declareChangeOfControl({ ctx: as(holder.owner), input: bankruptcy(holder.organization.id) });
    const input = { caseRef: caseRow.reference, item: 'successor_bound_by_policy', finding: 'satisfied', evidence: 'Signed undertaking of the buyer, clause 4.' };
    const conflicted = await rejectionOf(recordChecklistFinding({ ctx: as(conflictedReviewer), input }), ForbiddenError);
    expect(conflicted.message).toBe(`You declared a conflict of interest with ${holder.organization.legalName}, so you cannot act on cases about it.`);
    await rejectionOf(recordChecklistFinding({ ctx: as(holder.owner), input }), ForbiddenError);
    await rejectionOf(recordChecklistFinding({ ctx: as(null), input }), UnauthenticatedError);
    const [check] = await database.db.select().from(changeOfControlChecks).where(and(eq(changeOfControlChecks.caseId, caseRow.id), eq(changeOfControlChecks.item, 'successor_bound_by_policy')));
    expect(check).toMatchObject({ finding: 'pending', recordedById: null });
    await rejectionOf(readChangeOfControlForReviewer({ ctx: as(conflictedReviewer), input: { caseRef: caseRow.reference } }), ForbiddenError);
  });
});
