import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { applications, cases, conflictDeclarations, memberships, notifications, sealEvents, type Application } from '@/db/schema';
import { loadSealStatusRecord, toStatusDocument } from '@/lib/public-status/status-record';
import { loadRenewalStanding } from '@/lib/review/renewal-standing';
import { closeCase } from '@/lib/services/cases/close-case';
import { assignApplication } from '@/lib/services/reviews/claim';
import { decideCase } from '@/lib/services/cases/decide-case';
import { proposeSealRevocation } from '@/lib/services/cases/propose-seal-revocation';
import { confirmRevocation, proposeRevocation } from '@/lib/services/cases/revocation-proposals';
import { ConflictError, ForbiddenError } from '@/lib/services/errors';
import { expireSeal } from '@/lib/services/seals/expire-seal';
import { issueSeal } from '@/lib/services/seals/issue-seal';
import { reinstateSeal } from '@/lib/services/seals/reinstate-seal';
import { revokeSeal, strengthenRevocationReason } from '@/lib/services/seals/revoke-seal';
import { startRenewal } from '@/lib/services/seals/start-renewal';
import { suspendSeal } from '@/lib/services/seals/suspend-seal';
import { testDriver, type TestDatabase } from '../helpers/database';
import { rejectionOf } from '../helpers/errors';
import { seedUser } from '../helpers/factories';
import { seedIssuedSeal } from '../helpers/seal-factories';
import { caseAudit, caseOf, caseSuiteDatabase, DAY, decision, decisionsOf, openedCase, sealOf, type User } from './cases-decisions-fixtures';
import { createTestClock, nowDate } from '@/lib/clock';
import { actorOf, contextFor } from '../helpers/factories';

// Issue #10, findings 1, 2, 6 and 9(a): the seal authority's own rules hold at every door.

let database: TestDatabase;
let programId: string;
let rita: User;
let sam: User;
let ada: User;
let issuer: User;
beforeAll(async () => {
  ({ database, programId, rita, issuer } = await caseSuiteDatabase());
  sam = await seedUser(database.db, { role: 'reviewer', name: 'Sam Second' });
  ada = await seedUser(database.db, { role: 'admin', name: 'Ada Admin' });
});
afterAll(async () => {
  await database?.close();
});

const as = (user: User, clock = createTestClock()) => contextFor(database.db, actorOf(user), clock);
const issued = () => seedIssuedSeal(database.db, { programId, reviewerId: issuer.id });
const suspension = { reason: 'Customer list offered for sale.', reinstatementRequirements: 'Withdraw the sale and confirm it in writing.' };
const declare = (reviewer: User, organizationId: string) => database.db.insert(conflictDeclarations).values({ reviewerId: reviewer.id, organizationId, reason: 'former employer', declaredAt: new Date() });
const eventCount = async (sealId: string) => (await database.db.select().from(sealEvents).where(eq(sealEvents.sealId, sealId))).length;

describe(`conflicts of interest at the seal verbs (${testDriver})`, () => {
  it('[REVIEWER] a reviewer who declared a conflict cannot suspend, reinstate, propose a revocation or strengthen its reason; nothing changes', async () => {
    const { seal, organization } = await issued();
    const conflicted = await seedUser(database.db, { role: 'reviewer' });
    await declare(conflicted, organization.id);
    const refusal = `You declared a conflict of interest with ${organization.legalName}, so you cannot act on its seals.`;
    expect((await rejectionOf(suspendSeal({ ctx: as(conflicted), input: { sealId: seal.id, ...suspension } }), ForbiddenError)).message).toBe(refusal);
    await suspendSeal({ ctx: as(rita), input: { sealId: seal.id, ...suspension } });
    const events = await eventCount(seal.id);
    expect((await rejectionOf(reinstateSeal({ ctx: as(conflicted), input: { sealId: seal.id } }), ForbiddenError)).message).toBe(refusal);
    expect((await rejectionOf(proposeSealRevocation({ ctx: as(conflicted), input: { sealId: seal.id, revocationReason: 'fraud', statement: 'Sold its customer list.' } }), ForbiddenError)).message).toBe(refusal);
    expect(await sealOf(database.db, seal.id)).toMatchObject({ status: 'suspended' });
    expect(await eventCount(seal.id)).toBe(events);
    expect(await database.db.select().from(cases).where(eq(cases.sealId, seal.id))).toHaveLength(0);
  });

  it('[ADMIN] an administrator who is a member of the holder is refused too; strengthening a reason as well', async () => {
    const { seal, owner, organization } = await issued();
    const memberAdmin = await seedUser(database.db, { role: 'admin' });
    await database.db.insert(memberships).values({ organizationId: organization.id, userId: memberAdmin.id, role: 'member' });
    const refusal = `You are a member of ${organization.legalName}, so you cannot act on its seals.`;
    expect((await rejectionOf(suspendSeal({ ctx: as(memberAdmin), input: { sealId: seal.id, ...suspension } }), ForbiddenError)).message).toBe(refusal);
    await revokeSeal({ ctx: as(owner), input: { sealId: seal.id, reason: 'no_longer_wanted', statement: 'We give it up.' } });
    expect((await rejectionOf(strengthenRevocationReason({ ctx: as(memberAdmin), input: { sealId: seal.id, reason: 'fraud', statement: 'Gave it up to escape a case.' } }), ForbiddenError)).message).toBe(refusal);
    expect(await sealOf(database.db, seal.id)).toMatchObject({ status: 'revoked', revocationReason: 'no_longer_wanted' });
  });
});

describe(`conflicts of interest at the other doors (${testDriver})`, () => {
  it('[ADMIN] an administrator who declared a conflict cannot choose the reviewer of the organization’s application', async () => {
    const { application, organization } = await issued();
    const conflictedAdmin = await seedUser(database.db, { role: 'admin' });
    await declare(conflictedAdmin, organization.id);
    const refused = await rejectionOf(assignApplication({ ctx: as(conflictedAdmin), input: { applicationId: application.id, reviewerId: sam.id } }), ForbiddenError);
    expect(refused.message).toBe(`You declared a conflict of interest with ${organization.legalName}, so you cannot act on its applications.`);
  });
});

describe(`four eyes on every authority revocation (${testDriver})`, () => {
  it('[REVIEWER] cannot revoke a seal in one step; proposing opens an authority case that another reviewer confirms', async () => {
    const { seal } = await issued();
    const oneStep = await rejectionOf(revokeSeal({ ctx: as(ada), input: { sealId: seal.id, reason: 'fraud', statement: 'Fraud.' } }), ForbiddenError);
    expect(oneStep.message).toContain('A revocation by the seal authority takes two people');
    expect(await sealOf(database.db, seal.id)).toMatchObject({ status: 'active' });

    const { caseRow, decision: proposed, opened } = await proposeSealRevocation({ ctx: as(rita), input: { sealId: seal.publicId, revocationReason: 'fraud', statement: 'The shop sold its customer list.' } });
    expect(opened).toBe(true);
    expect(caseRow).toMatchObject({ kind: 'authority', sealId: seal.id, assignedReviewerId: rita.id, openedById: rita.id, status: 'open' });
    expect(proposed).toMatchObject({ outcome: 'revocation', state: 'proposed', decidedById: rita.id, revocationReason: 'fraud' });
    expect((await caseAudit(database.db, caseRow.id)).map((row) => row.action)).toEqual(['case.open', 'case.propose-revocation']);
    expect(await sealOf(database.db, seal.id)).toMatchObject({ status: 'active' });

    expect((await rejectionOf(confirmRevocation({ ctx: as(rita), input: { decisionId: proposed.id } }), ForbiddenError)).message).toContain('You proposed this revocation');
    await confirmRevocation({ ctx: as(sam), input: { decisionId: proposed.id } });
    expect(await sealOf(database.db, seal.id)).toMatchObject({ status: 'revoked', revocationReason: 'fraud', statusReason: 'The shop sold its customer list.' });
  });

  it('[REVIEWER] a proposal from the seal page joins the seal’s open case instead of opening a second one', async () => {
    const story = await openedCase(database.db, { programId, issuer, opener: rita });
    const { caseRow, opened } = await proposeSealRevocation({ ctx: as(rita), input: { sealId: story.seal.id, revocationReason: 'privacy_violation', statement: 'Sold the customer list.' } });
    expect(opened).toBe(false);
    expect(caseRow.id).toBe(story.caseRow.id);
    expect(await database.db.select().from(cases).where(eq(cases.sealId, story.seal.id))).toHaveLength(1);
    const again = await rejectionOf(proposeSealRevocation({ ctx: as(rita), input: { sealId: story.seal.id, revocationReason: 'fraud', statement: 'Sold the customer list.' } }), ConflictError);
    expect(again.message).toContain('has proposed to revoke the seal on case');
  });
});

describe(`a case-imposed suspension is lifted through its case (${testDriver})`, () => {
  it('[REVIEWER] reinstating from the seal page is refused, naming the case; a remedied decision lifts it; closing waits for it', async () => {
    const story = await openedCase(database.db, { programId, issuer, opener: rita });
    await decideCase({ ctx: story.as(rita), input: decision(story.caseRow.reference, 'suspension', { reinstatementRequirements: 'Stop the sale.' }) });
    expect(await sealOf(database.db, story.seal.id)).toMatchObject({ status: 'suspended', suspensionCaseId: story.caseRow.id });

    const refused = await rejectionOf(reinstateSeal({ ctx: as(sam), input: { sealId: story.seal.id } }), ConflictError);
    expect(refused.message).toBe(`This suspension was imposed by the decision on case ${story.caseRow.reference}; it can only be lifted through that case (a “remedied” decision, or its appeal), not from the seal page.`);
    expect(await sealOf(database.db, story.seal.id)).toMatchObject({ status: 'suspended' });

    await story.clock.setTime(nowDate(story.clock).getTime() + 20 * DAY); // past the appeal window
    const closing = await rejectionOf(closeCase({ ctx: story.as(rita), input: { caseRef: story.caseRow.reference } }), ConflictError);
    expect(closing.message).toContain(`Seal ${story.seal.publicId} is still suspended by the decision on case ${story.caseRow.reference}`);

    await decideCase({ ctx: story.as(rita), input: decision(story.caseRow.reference, 'remedied') });
    expect(await sealOf(database.db, story.seal.id)).toMatchObject({ status: 'active', statusReason: null, reinstatementRequirements: null, suspensionCaseId: null });
    await story.clock.setTime(nowDate(story.clock).getTime() + 20 * DAY);
    expect(await closeCase({ ctx: story.as(rita), input: { caseRef: story.caseRow.reference } })).toMatchObject({ status: 'closed' });
  });

  it('[REVIEWER] a suspension made on the seal page is still reinstated there', async () => {
    const { seal } = await issued();
    await suspendSeal({ ctx: as(rita), input: { sealId: seal.id, ...suspension } });
    expect(await reinstateSeal({ ctx: as(sam), input: { sealId: seal.id } })).toMatchObject({ status: 'active' });
  });
});

describe(`renewing a seal that lapsed while suspended (${testDriver})`, () => {
  async function approve(application: Application, now: Date) {
    return database.db.transaction(async (tx) => {
      const [approved] = await tx.update(applications).set({ status: 'approved', decidedAt: now }).where(eq(applications.id, application.id)).returning();
      return issueSeal(tx, { application: approved!, actorId: rita.id, now });
    });
  }

  it('[REVIEWER] the renewal comes back suspended, its case named to the reviewer, and the public status says suspended', async () => {
    const story = await openedCase(database.db, { programId, issuer, opener: rita });
    await decideCase({ ctx: story.as(rita), input: decision(story.caseRow.reference, 'suspension', { reinstatementRequirements: 'Stop the sale.' }) });
    const lapsed = new Date(story.seal.expiresAt.getTime() + DAY);
    await expireSeal(database.db, story.seal.id, lapsed);
    expect(await sealOf(database.db, story.seal.id)).toMatchObject({ status: 'expired', reinstatementRequirements: 'Stop the sale.', suspensionCaseId: story.caseRow.id });

    const application = await startRenewal({ ctx: as(story.member, createTestClock(lapsed)), input: { sealId: story.seal.id } });
    const standing = await loadRenewalStanding(database.db, story.seal.id);
    expect(standing).toMatchObject({ publicId: story.seal.publicId, suspension: { caseReference: story.caseRow.reference, requirements: 'Stop the sale.' }, openCases: [{ reference: story.caseRow.reference }] });

    const renewed = await approve(application, lapsed);
    expect(renewed).toMatchObject({ status: 'suspended', reinstatementRequirements: 'Stop the sale.', suspensionCaseId: story.caseRow.id });
    const record = await loadSealStatusRecord(database.db, story.seal.publicId);
    expect(toStatusDocument(record!, lapsed, 'http://localhost')).toMatchObject({ status: 'suspended' });
    // Still only through the case.
    expect((await rejectionOf(reinstateSeal({ ctx: as(sam, createTestClock(lapsed)), input: { sealId: story.seal.id } }), ConflictError)).message).toContain(story.caseRow.reference);
  });

  it('[REVIEWER] a seal suspended on the seal page stays suspended through lapse and renewal', async () => {
    const { seal, member } = await issued();
    await suspendSeal({ ctx: as(rita), input: { sealId: seal.id, ...suspension } });
    const lapsed = new Date(seal.expiresAt.getTime() + 2 * DAY);
    const application = await startRenewal({ ctx: as(member, createTestClock(lapsed)), input: { sealId: seal.id } });
    expect(await approve(application, lapsed)).toMatchObject({ status: 'suspended', statusReason: suspension.reason, reinstatementRequirements: suspension.reinstatementRequirements });
  });
});

describe(`the case's assignee decides (${testDriver})`, () => {
  it('[REVIEWER] another reviewer is refused, naming the assignee; nothing is decided', async () => {
    const story = await openedCase(database.db, { programId, issuer, opener: rita });
    const refused = await rejectionOf(decideCase({ ctx: story.as(sam), input: decision(story.caseRow.reference, 'warning') }), ForbiddenError);
    expect(refused.message).toBe(`Case ${story.caseRow.reference} is assigned to Rita Reviewer: only they, or an administrator, may decide it. Ask an administrator to reassign the case to you if you should decide it.`);
    expect((await rejectionOf(proposeRevocation({ ctx: story.as(sam), input: { caseRef: story.caseRow.reference, revocationReason: 'fraud', reasonForSite: 'Sold the customer list.', summaryForComplainant: 'We propose to revoke.' } }), ForbiddenError)).message).toBe(refused.message);
    expect(await decisionsOf(database.db, story.caseRow.id)).toHaveLength(0);
  });

  it('[ADMIN] decides in the assignee’s place: the audit row names the assignee, who is told', async () => {
    const story = await openedCase(database.db, { programId, issuer, opener: rita });
    await decideCase({ ctx: story.as(ada), input: decision(story.caseRow.reference, 'warning') });
    const decided = (await caseAudit(database.db, story.caseRow.id)).find((row) => row.action === 'case.decide');
    expect(decided).toMatchObject({ actorId: ada.id, after: expect.objectContaining({ inPlaceOfAssignee: rita.id, assignee: 'Rita Reviewer' }) });
    const told = await database.db.select().from(notifications).where(and(eq(notifications.recipientId, rita.id), eq(notifications.kind, 'case.decided-in-your-place')));
    expect(told).toHaveLength(1);
  });

  it('[REVIEWER] deciding an unassigned case makes the decider its assignee, audited', async () => {
    const story = await openedCase(database.db, { programId, issuer, opener: rita });
    await database.db.update(cases).set({ assignedReviewerId: null }).where(eq(cases.id, story.caseRow.id));
    await decideCase({ ctx: story.as(sam), input: decision(story.caseRow.reference, 'warning') });
    expect(await caseOf(database.db, story.caseRow.id)).toMatchObject({ assignedReviewerId: sam.id, status: 'decided' });
    expect((await caseAudit(database.db, story.caseRow.id)).filter((row) => row.action === 'case.assign').at(-1)).toMatchObject({ actorId: sam.id, after: expect.objectContaining({ assignedReviewerId: sam.id }) });
  });
});
