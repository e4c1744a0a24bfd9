import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignCase } from '@/lib/services/cases/assign-case';
import { and, eq } from 'drizzle-orm';
import { conflictDeclarations, sealEvents } from '@/db/schema';
import { nowDate } from '@/lib/clock';
import { loadSealStatusRecord, toStatusDocument } from '@/lib/public-status/status-record';
import { decideCase } from '@/lib/services/cases/decide-case';
import { confirmRevocation, proposeRevocation, withdrawRevocationProposal } from '@/lib/services/cases/revocation-proposals';
import { ConflictError, ForbiddenError, ValidationError } from '@/lib/services/errors';
import { testDriver, type TestDatabase } from '../helpers/database';
import { rejectionOf } from '../helpers/errors';
import { seedUser } from '../helpers/factories';
import { caseAudit, caseOf, caseSuiteDatabase, decision, decisionsOf, messagesOf, openedCase, sealOf, type User } from './cases-decisions-fixtures';
import { mailsTo, notificationsOf } from './complaints-fixtures';

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

const story = () => openedCase(database.db, { programId, issuer, opener: rita });

const proposal = (caseRef: string, overrides: Record<string, unknown> = {}) => ({
  caseRef,
  revocationReason: 'privacy_violation',
  reasonForSite: 'Your shop sold its customer list, contrary to its privacy policy.',
  summaryForComplainant: 'The seal is revoked.',
  ...overrides,
});

describe(`revocation with four eyes (${testDriver})`, () => {
  it('[REVIEWER] proposes; the proposer cannot confirm; a second reviewer confirms and the seal is revoked at once', async () => {
    const { caseRow, seal, complaint, owner, organization, as, clock } = await story();
    const declared = await seedUser(database.db, { role: 'reviewer' });
    await database.db.insert(conflictDeclarations).values({ reviewerId: declared.id, organizationId: organization.id, reason: 'shareholder', declaredAt: new Date() });
    const { decision: proposed } = await proposeRevocation({ ctx: as(rita), input: proposal(caseRow.reference) });
    expect(proposed).toMatchObject({ outcome: 'revocation', state: 'proposed', revocationReason: 'privacy_violation', decidedById: rita.id, appealableUntil: null });
    expect((await sealOf(database.db, seal.id)).status).toBe('active');
    expect((await caseOf(database.db, caseRow.id)).status).toBe('open');

    // Asked to confirm: the other reviewers free to handle the case and the admins; not the proposer, not the conflicted.
    const asked = async (user: User) => (await notificationsOf(database.db, user.id)).filter((row) => row.kind === 'case.revocation-proposed');
    expect(await asked(sam)).toHaveLength(1);
    expect(await asked(ada)).toHaveLength(1);
    expect(await asked(rita)).toHaveLength(0);
    expect(await asked(declared)).toHaveLength(0);

    const own = await rejectionOf(confirmRevocation({ ctx: as(rita), input: { decisionId: proposed.id } }), ForbiddenError);
    expect(own.message).toBe('You proposed this revocation, so you cannot confirm it: a different reviewer or an administrator must (four eyes).');
    expect((await sealOf(database.db, seal.id)).status).toBe('active');

    await clock.setTime(nowDate(clock).getTime() + 60_000);
    const { decision: confirmed, caseRow: decided } = await confirmRevocation({ ctx: as(sam), input: { decisionId: proposed.id } });
    const now = nowDate(clock);
    // Final (ADR 0008 amendment): a confirmed revocation has no appeal window.
    expect(confirmed).toMatchObject({ state: 'in_effect', confirmedById: sam.id, confirmedAt: now, appealableUntil: null });
    expect(decided.status).toBe('decided');
    expect(await sealOf(database.db, seal.id)).toMatchObject({ status: 'revoked', revocationReason: 'privacy_violation', statusReason: proposal('').reasonForSite });
    const document = toStatusDocument((await loadSealStatusRecord(database.db, seal.publicId))!, now, 'https://seal.example');
    expect(document).toMatchObject({ status: 'revoked', reason: proposal('').reasonForSite, statusChangedAt: now.toISOString() });

    expect((await caseAudit(database.db, caseRow.id)).map((row) => row.action)).toEqual(['case.open', 'case.propose-revocation', 'case.confirm-revocation']);
    expect((await notificationsOf(database.db, rita.id)).some((row) => row.kind === 'case.revocation-confirmed')).toBe(true);
    expect((await notificationsOf(database.db, owner.id)).find((row) => row.kind === 'case.decided')?.subject).toBe(`Case ${caseRow.reference}: your seal is revoked`);
    expect((await messagesOf(database.db, caseRow.id)).at(-1)!.body).toContain('Decision: Seal revoked (The holder violated its privacy commitments).');
    expect((await mailsTo(database.db, complaint.complainantEmail!)).some((mail) => mail.body.includes('The seal is revoked.'))).toBe(true);
  });

  it('[ADMIN] confirms a reviewer’s proposal after a suspension; revocation is final', async () => {
    const { caseRow, seal, as } = await story();
    await decideCase({ ctx: as(rita), input: decision(caseRow.reference, 'suspension', { reinstatementRequirements: 'Stop the sale.' }) });
    const { decision: proposed } = await proposeRevocation({ ctx: as(rita), input: proposal(caseRow.reference, { revocationReason: 'non_response' }) });
    await confirmRevocation({ ctx: as(ada), input: { decisionId: proposed.id } });
    expect((await sealOf(database.db, seal.id)).status).toBe('revoked');
    const events = await database.db.select().from(sealEvents).where(eq(sealEvents.sealId, seal.id));
    expect(events.map((event) => event.type).sort()).toEqual(['issued', 'revoked', 'suspended']);

    const again = await rejectionOf(proposeRevocation({ ctx: as(rita), input: proposal(caseRow.reference) }), ConflictError);
    expect(again.message).toBe('This seal is already revoked; revocation is final.');
  });

  it('allows one open proposal per case, and a reason from the authority’s list only', async () => {
    const { caseRow, as } = await story();
    const unknownReason = await rejectionOf(proposeRevocation({ ctx: as(rita), input: proposal(caseRow.reference, { revocationReason: 'bored' }) }), ValidationError);
    expect(unknownReason.fieldErrors.revocationReason).toEqual(['Choose the reason for the revocation from the list.']);
    await proposeRevocation({ ctx: as(rita), input: proposal(caseRow.reference) });
    const second = await rejectionOf(proposeRevocation({ ctx: as(sam), input: proposal(caseRow.reference) }), ConflictError);
    expect(second.message).toBe(`Rita Reviewer has proposed to revoke the seal on case ${caseRow.reference}: that proposal must be confirmed or withdrawn first.`);
    const other = await rejectionOf(decideCase({ ctx: as(sam), input: decision(caseRow.reference, 'warning') }), ConflictError);
    expect(other.message).toBe(second.message);
    expect(await decisionsOf(database.db, caseRow.id)).toHaveLength(1);
  });

  it('a withdrawn proposal cannot be confirmed; only the proposer or an admin withdraws', async () => {
    const { caseRow, seal, as } = await story();
    const { decision: first } = await proposeRevocation({ ctx: as(rita), input: proposal(caseRow.reference) });
    const notTheirs = await rejectionOf(withdrawRevocationProposal({ ctx: as(sam), input: { decisionId: first.id } }), ForbiddenError);
    expect(notTheirs.message).toBe('Only the reviewer who proposed this revocation, or an administrator, can withdraw it.');
    const { decision: withdrawn } = await withdrawRevocationProposal({ ctx: as(rita), input: { decisionId: first.id } });
    expect(withdrawn.state).toBe('withdrawn');
    const late = await rejectionOf(confirmRevocation({ ctx: as(sam), input: { decisionId: first.id } }), ConflictError);
    expect(late.message).toMatch(/^This revocation proposal was withdrawn on \d{1,2} \w+ \d{4}; it can no longer be confirmed\. Propose it again if it is still needed\.$/);
    expect((await sealOf(database.db, seal.id)).status).toBe('active');

    // Only the case's assignee proposes (ADR 0007 amendment): the admin hands the case to Sam first.
    await assignCase({ ctx: as(ada), input: { caseRef: caseRow.reference, assigneeId: sam.id } });
    const { decision: second } = await proposeRevocation({ ctx: as(sam), input: proposal(caseRow.reference) });
    await withdrawRevocationProposal({ ctx: as(ada), input: { decisionId: second.id } });
    expect((await notificationsOf(database.db, sam.id)).some((row) => row.kind === 'case.revocation-withdrawn')).toBe(true);
    expect((await decisionsOf(database.db, caseRow.id)).map((row) => row.state)).toEqual(['withdrawn', 'withdrawn']);
    expect((await caseAudit(database.db, caseRow.id)).filter((row) => row.action === 'case.withdraw-revocation')).toHaveLength(2);
  });

  it('two reviewers confirming at the same moment: exactly one wins, the other is told', async () => {
    const { caseRow, seal, as } = await story();
    const { decision: proposed } = await proposeRevocation({ ctx: as(rita), input: proposal(caseRow.reference) });
    const outcomes = await Promise.allSettled([confirmRevocation({ ctx: as(sam), input: { decisionId: proposed.id } }), confirmRevocation({ ctx: as(ada), input: { decisionId: proposed.id } })]);
    const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const lost = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toBeInstanceOf(ConflictError);
    expect(lost[0]!.reason.message).toMatch(/^This revocation was already confirmed by (Sam Second|Ada Admin); reload to see the decision\.$/);
    const events = await database.db.select().from(sealEvents).where(and(eq(sealEvents.sealId, seal.id), eq(sealEvents.type, 'revoked')));
    expect(events).toHaveLength(1);
    expect((await caseAudit(database.db, caseRow.id)).filter((row) => row.action === 'case.confirm-revocation')).toHaveLength(1);
  });

  it('refuses conflicted reviewers and applicants, to propose and to confirm', async () => {
    const { caseRow, organization, owner, as } = await story();
    const member = await seedUser(database.db, { role: 'reviewer' });
    await database.db.insert(conflictDeclarations).values({ reviewerId: member.id, organizationId: organization.id, reason: 'advisor', declaredAt: new Date() });
    await rejectionOf(proposeRevocation({ ctx: as(member), input: proposal(caseRow.reference) }), ForbiddenError);
    const { decision: proposed } = await proposeRevocation({ ctx: as(rita), input: proposal(caseRow.reference) });
    expect((await rejectionOf(confirmRevocation({ ctx: as(member), input: { decisionId: proposed.id } }), ForbiddenError)).message).toBe(
      `You declared a conflict of interest with ${organization.legalName}, so you cannot act on cases about it.`,
    );
    expect((await rejectionOf(confirmRevocation({ ctx: as(owner), input: { decisionId: proposed.id } }), ForbiddenError)).message).toBe('Only a reviewer can do this.');
    expect((await decisionsOf(database.db, caseRow.id))[0]!.state).toBe('proposed');
  });
});
