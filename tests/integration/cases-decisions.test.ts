import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { conflictDeclarations, sealEvents } from '@/db/schema';
import { createTestClock, nowDate } from '@/lib/clock';
import { loadSealStatusRecord, toStatusDocument } from '@/lib/public-status/status-record';
import { closeCase } from '@/lib/services/cases/close-case';
import { decideCase } from '@/lib/services/cases/decide-case';
import { escalateOverdueCases } from '@/lib/services/cases/escalate-cases';
import { openCaseFromComplaint } from '@/lib/services/cases/open-case';
import { ConflictError, ForbiddenError, UnauthenticatedError, ValidationError } from '@/lib/services/errors';
import { testDriver, type TestDatabase } from '../helpers/database';
import { rejectionOf } from '../helpers/errors';
import { actorOf, contextFor, seedUser } from '../helpers/factories';
import { seedOrganization, seedSite } from '../helpers/portal-factories';
import { appealAs, caseAudit, caseOf, caseSuiteDatabase, DAY, decision, decisionsOf, messagesOf, openedCase, sealOf, type User } from './cases-decisions-fixtures';
import { file, mailsTo, notificationsOf, publicContext } from './complaints-fixtures';

let database: TestDatabase;
let programId: string;
let rita: User;
let issuer: User;
beforeAll(async () => {
  ({ database, programId, rita, issuer } = await caseSuiteDatabase());
});
afterAll(async () => {
  await database?.close();
});

const story = () => openedCase(database.db, { programId, issuer, opener: rita });

describe(`deciding a case (${testDriver})`, () => {
  it('[REVIEWER] warns the site: the case is decided, the site reads the reason and may appeal for 14 days, the complainant is mailed the summary', async () => {
    const { caseRow, complaint, owner, member, as, clock } = await story();
    const { decision: warning, caseRow: decided } = await decideCase({ ctx: as(rita), input: decision(caseRow.reference.toLowerCase(), 'warning') });
    const now = nowDate(clock);
    expect(decided).toMatchObject({ status: 'decided', decidedAt: now, responseDueAt: null });
    expect(warning).toMatchObject({ outcome: 'warning', state: 'in_effect', decidedById: rita.id, reasonForSite: decision('', '').reasonForSite, summaryForComplainant: decision('', '').summaryForComplainant });
    expect(warning.appealableUntil).toEqual(new Date(now.getTime() + 14 * DAY));

    const [message] = (await messagesOf(database.db, caseRow.id)).filter((row) => row.kind === 'decision');
    expect(message).toMatchObject({ audience: 'site', authorId: rita.id });
    expect(message!.body).toContain('Decision: Warning.');
    expect(message!.body).toContain(decision('', '').reasonForSite);
    expect(message!.body).not.toContain(decision('', '').summaryForComplainant);
    for (const person of [owner, member]) {
      const notices = (await notificationsOf(database.db, person.id)).filter((row) => row.kind === 'case.decided');
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatchObject({ subject: `Case ${caseRow.reference}: Warning`, link: `/portal/cases/${caseRow.reference}` });
    }
    const mail = (await mailsTo(database.db, complaint.complainantEmail!)).find((row) => row.subject === `Your complaint ${complaint.reference}: a decision was made`);
    expect(mail?.body).toContain(decision('', '').summaryForComplainant);
    expect(mail?.body).not.toContain(decision('', '').reasonForSite);
    expect((await caseAudit(database.db, caseRow.id)).find((row) => row.action === 'case.decide')).toMatchObject({
      actorId: rita.id,
      before: expect.objectContaining({ status: 'open' }),
      after: expect.objectContaining({ status: 'decided', outcome: 'warning', decisionId: warning.id }),
    });
  });

  it('[REVIEWER] no violation, remedied and referral decide the case; a referral names its regulator', async () => {
    for (const outcome of ['no_violation', 'remedied'] as const) {
      const { caseRow, as } = await story();
      expect((await decideCase({ ctx: as(rita), input: decision(caseRow.reference, outcome) })).caseRow.status).toBe('decided');
    }
    const { caseRow, as } = await story();
    const unnamed = await rejectionOf(decideCase({ ctx: as(rita), input: decision(caseRow.reference, 'referral') }), ValidationError);
    expect(unnamed.fieldErrors.referredTo).toEqual(['Name the regulator the case is referred to.']);
    const { decision: referral, caseRow: decided } = await decideCase({ ctx: as(rita), input: decision(caseRow.reference, 'referral', { referredTo: 'Federal Trade Commission' }) });
    expect(referral).toMatchObject({ outcome: 'referral', referredTo: 'Federal Trade Commission' });
    expect(decided.status).toBe('decided');
    expect((await messagesOf(database.db, caseRow.id)).at(-1)!.body).toContain('Referred to: Federal Trade Commission.');
  });

  it('[REVIEWER] corrective action sends the case back to the site until its due date, then escalation applies', async () => {
    const { caseRow, as, clock } = await story();
    const missing = await rejectionOf(decideCase({ ctx: as(rita), input: decision(caseRow.reference, 'corrective_action') }), ValidationError);
    expect(missing.fieldErrors.correctiveDueAt).toEqual(['Give the date by which the site must have acted.']);
    const yesterday = new Date(nowDate(clock).getTime() - DAY).toISOString().slice(0, 10);
    const past = await rejectionOf(decideCase({ ctx: as(rita), input: decision(caseRow.reference, 'corrective_action', { correctiveDueAt: yesterday }) }), ValidationError);
    expect(past.fieldErrors.correctiveDueAt).toEqual(['The due date must be in the future.']);
    const dueDay = new Date(nowDate(clock).getTime() + 30 * DAY).toISOString().slice(0, 10);
    const { decision: corrective, caseRow: awaiting } = await decideCase({ ctx: as(rita), input: decision(caseRow.reference, 'corrective_action', { correctiveDueAt: dueDay }) });
    expect(corrective.correctiveDueAt).toEqual(new Date(`${dueDay}T23:59:59.999Z`));
    expect(awaiting).toMatchObject({ status: 'awaiting_site_response', responseDueAt: corrective.correctiveDueAt, escalationLevel: 0 });
    expect((await messagesOf(database.db, caseRow.id)).at(-1)!.body).toContain('Due by:');

    expect(await escalateOverdueCases(database.db, nowDate(clock))).not.toContainEqual(expect.objectContaining({ caseId: caseRow.id }));
    await clock.setTime(corrective.correctiveDueAt!.getTime() + 60_000);
    expect(await escalateOverdueCases(database.db, nowDate(clock))).toContainEqual({ caseId: caseRow.id, reference: caseRow.reference, level: 1 });
    expect((await caseOf(database.db, caseRow.id)).escalationLevel).toBe(1);
  });

  it('[REVIEWER] suspends the seal in the same step: the public status says suspended with the reason at once', async () => {
    const { caseRow, seal, as, clock } = await story();
    const missing = await rejectionOf(decideCase({ ctx: as(rita), input: decision(caseRow.reference, 'suspension') }), ValidationError);
    expect(Object.keys(missing.fieldErrors)).toEqual(['reinstatementRequirements']);
    const { decision: suspension } = await decideCase({ ctx: as(rita), input: decision(caseRow.reference, 'suspension', { reinstatementRequirements: 'Withdraw the customer list from the sale.' }) });
    expect(suspension.outcome).toBe('suspension');
    expect(await sealOf(database.db, seal.id)).toMatchObject({ status: 'suspended', statusReason: decision('', '').reasonForSite, reinstatementRequirements: 'Withdraw the customer list from the sale.' });

    const record = await loadSealStatusRecord(database.db, seal.publicId);
    const document = toStatusDocument(record!, nowDate(clock), 'https://seal.example');
    expect(document).toMatchObject({ status: 'suspended', reason: decision('', '').reasonForSite, statusChangedAt: nowDate(clock).toISOString() });
    const events = await database.db.select().from(sealEvents).where(eq(sealEvents.sealId, seal.id));
    expect(events.map((event) => event.type)).toEqual(['issued', 'suspended']);
    const siteMessage = (await messagesOf(database.db, caseRow.id)).at(-1)!;
    expect(siteMessage.body).toContain('To have the seal reinstated: Withdraw the customer list from the sale.');
  });

  it('refuses a suspension when the seal is not active, and writes nothing', async () => {
    const { caseRow, as } = await story();
    const input = decision(caseRow.reference, 'suspension', { reinstatementRequirements: 'Stop the sale.' });
    await decideCase({ ctx: as(rita), input });
    const again = await rejectionOf(decideCase({ ctx: as(rita), input }), ConflictError);
    expect(again.message).toBe('This seal is already suspended.');
    expect(await decisionsOf(database.db, caseRow.id)).toHaveLength(1);
    expect((await caseAudit(database.db, caseRow.id)).filter((row) => row.action === 'case.decide')).toHaveLength(1);
  });

  it('refuses a suspension when the case concerns no seal', async () => {
    const clock = createTestClock();
    const owner = await seedUser(database.db);
    const organization = await seedOrganization(database.db, owner);
    const site = await seedSite(database.db, organization.id);
    const filed = await file(publicContext(database.db, clock), { domain: site.domain });
    const caseRow = await openCaseFromComplaint({ ctx: contextFor(database.db, actorOf(rita), clock), input: { complaintRef: filed.complaint.reference } });
    expect(caseRow.sealId).toBeNull();
    const refused = await rejectionOf(decideCase({ ctx: contextFor(database.db, actorOf(rita), clock), input: decision(caseRow.reference, 'suspension', { reinstatementRequirements: 'x'.repeat(12) }) }), ConflictError);
    expect(refused.message).toBe(`Case ${caseRow.reference} concerns no seal, so there is no seal to suspend.`);
    expect(await decisionsOf(database.db, caseRow.id)).toHaveLength(0);
  });

  it('refuses a revocation through the plain decision: it takes a second reviewer', async () => {
    const { caseRow, as } = await story();
    const refused = await rejectionOf(decideCase({ ctx: as(rita), input: decision(caseRow.reference, 'revocation') }), ValidationError);
    expect(refused.fieldErrors.outcome).toEqual(['A revocation needs a second reviewer: propose it, and another reviewer or an administrator confirms it.']);
  });

  it('refuses to decide an appealed case until the appeal is decided, and a closed case at all', async () => {
    const { caseRow, owner, as } = await story();
    const { decision: warning } = await decideCase({ ctx: as(rita), input: decision(caseRow.reference, 'warning') });
    await appealAs(as(owner), caseRow.reference, warning.id);
    const appealed = await rejectionOf(decideCase({ ctx: as(rita), input: decision(caseRow.reference, 'no_violation') }), ConflictError);
    expect(appealed.message).toBe(`An appeal against a decision on case ${caseRow.reference} is pending: it must be decided before anything else is decided on the case.`);

    const other = await story();
    await decideCase({ ctx: other.as(rita), input: decision(other.caseRow.reference, 'no_violation') });
    await other.clock.setTime(nowDate(other.clock).getTime() + 15 * DAY);
    await closeCase({ ctx: other.as(rita), input: { caseRef: other.caseRow.reference } });
    const closed = await rejectionOf(decideCase({ ctx: other.as(rita), input: decision(other.caseRow.reference, 'warning') }), ConflictError);
    expect(closed.message).toBe(`Case ${other.caseRow.reference} is closed; no further decision can be taken on it.`);
    expect(await decisionsOf(database.db, other.caseRow.id)).toHaveLength(1);
  });

  it('refuses reviewers tied to the organization, applicants and visitors', async () => {
    const { caseRow, organization, owner, as, clock } = await story();
    const declared = await seedUser(database.db, { role: 'reviewer' });
    await database.db.insert(conflictDeclarations).values({ reviewerId: declared.id, organizationId: organization.id, reason: 'former employer', declaredAt: new Date() });
    const input = decision(caseRow.reference, 'warning');
    expect((await rejectionOf(decideCase({ ctx: as(declared), input }), ForbiddenError)).message).toBe(`You declared a conflict of interest with ${organization.legalName}, so you cannot act on cases about it.`);
    expect((await rejectionOf(decideCase({ ctx: as(owner), input }), ForbiddenError)).message).toBe('Only a reviewer can do this.');
    await rejectionOf(decideCase({ ctx: contextFor(database.db, null, clock), input }), UnauthenticatedError);
    expect((await caseOf(database.db, caseRow.id)).status).toBe('open');
    expect(await decisionsOf(database.db, caseRow.id)).toHaveLength(0);
  });

  it('asks for the reason and the summary, each on its field', async () => {
    const { caseRow, as } = await story();
    const refused = await rejectionOf(decideCase({ ctx: as(rita), input: decision(caseRow.reference, 'warning', { reasonForSite: ' ', summaryForComplainant: 'short' }) }), ValidationError);
    expect(refused.fieldErrors.reasonForSite?.[0]).toContain('the site reads it with the decision');
    expect(refused.fieldErrors.summaryForComplainant?.[0]).toContain('they read it on their tracking page');
    expect(await database.db.select().from(sealEvents).where(and(eq(sealEvents.type, 'suspended'), eq(sealEvents.sealId, caseRow.sealId!)))).toHaveLength(0);
  });
});
