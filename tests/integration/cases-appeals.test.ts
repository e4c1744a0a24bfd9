import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { caseAppeals, cases } from '@/db/schema';
import { nowDate } from '@/lib/clock';
import { caseParticipantIds } from '@/lib/cases/participants';
import { loadSealStatusRecord, toStatusDocument } from '@/lib/public-status/status-record';
import { addInternalNote } from '@/lib/services/cases/add-internal-note';
import { closeCase } from '@/lib/services/cases/close-case';
import { decideAppeal } from '@/lib/services/cases/decide-appeal';
import { decideCase } from '@/lib/services/cases/decide-case';
import { confirmRevocation, proposeRevocation } from '@/lib/services/cases/revocation-proposals';
import { ConflictError, ForbiddenError, ValidationError } from '@/lib/services/errors';
import { testDriver, type TestDatabase } from '../helpers/database';
import { rejectionOf } from '../helpers/errors';
import { seedUser } from '../helpers/factories';
import { appealAs, caseAudit, caseOf, caseSuiteDatabase, DAY, decision, decisionsOf, messagesOf, openedCase, sealOf, type User } from './cases-decisions-fixtures';
import { mailsTo, notificationsOf } from './complaints-fixtures';

let database: TestDatabase;
let programId: string;
let rita: User;
let sam: User;
let olga: User;
let issuer: User;
beforeAll(async () => {
  ({ database, programId, rita, issuer } = await caseSuiteDatabase());
  sam = await seedUser(database.db, { role: 'reviewer', name: 'Sam Second' });
  olga = await seedUser(database.db, { role: 'reviewer', name: 'Olga Outsider' });
});
afterAll(async () => {
  await database?.close();
});

const story = () => openedCase(database.db, { programId, issuer, opener: rita });

const suspension = (caseRef: string) => decision(caseRef, 'suspension', { reinstatementRequirements: 'Withdraw the customer list from the sale.' });
const ruling = (appealId: string, outcome: string, overrides: Record<string, unknown> = {}) => ({ appealId, outcome, note: 'The logs the site sent show the list was never transferred.', ...overrides });

describe(`deciding appeals (${testDriver})`, () => {
  it('knows who took part: the opener, a note’s author, the decider — not an outsider', async () => {
    const { caseRow, as } = await story();
    await addInternalNote({ ctx: as(sam), input: { caseRef: caseRow.reference, body: 'The shop’s sale listing is archived in the evidence.' } });
    await decideCase({ ctx: as(rita), input: decision(caseRow.reference, 'warning') });
    const participants = await caseParticipantIds(database.db, caseRow.id);
    expect(participants.has(rita.id)).toBe(true);
    expect(participants.has(sam.id)).toBe(true);
    expect(participants.has(olga.id)).toBe(false);
    expect(participants.has(issuer.id)).toBe(false);
  });

  it('[REVIEWER] a participant may not decide the appeal; an outsider decides it stands, and the site and complainant learn it', async () => {
    const { caseRow, owner, complaint, as } = await story();
    const { decision: warning } = await decideCase({ ctx: as(rita), input: decision(caseRow.reference, 'warning') });
    const { appeal } = await appealAs(as(owner), caseRow.reference, warning.id);
    const refused = await rejectionOf(decideAppeal({ ctx: as(rita), input: ruling(appeal.id, 'stands') }), ForbiddenError);
    expect(refused.message).toBe(`You took part in case ${caseRow.reference}, so you cannot decide its appeal: a reviewer who took no part in the case must.`);
    expect((await caseOf(database.db, caseRow.id)).status).toBe('appealed');

    const { appeal: decided, caseRow: after } = await decideAppeal({ ctx: as(olga), input: ruling(appeal.id, 'stands') });
    expect(decided).toMatchObject({ outcome: 'stands', decidedById: olga.id, outcomeNote: ruling('', '').note });
    expect(after.status).toBe('decided');
    expect((await decisionsOf(database.db, caseRow.id))[0]!.state).toBe('in_effect');
    expect((await messagesOf(database.db, caseRow.id)).at(-1)!.body).toContain('Your appeal against the decision “Warning” was decided: the decision stands.');
    expect((await notificationsOf(database.db, owner.id)).some((row) => row.kind === 'case.appeal-decided')).toBe(true);
    expect((await mailsTo(database.db, complaint.complainantEmail!)).some((mail) => mail.body.includes('the appeal was rejected and the decision stands'))).toBe(true);
    expect((await caseAudit(database.db, caseRow.id)).at(-1)).toMatchObject({ action: 'case.decide-appeal', actorId: olga.id, after: expect.objectContaining({ appealOutcome: 'stands', status: 'decided' }) });

    const twice = await rejectionOf(decideAppeal({ ctx: as(sam), input: ruling(appeal.id, 'reversed') }), ConflictError);
    expect(twice.message).toBe('This appeal was already decided; reload to see the outcome.');
  });

  it('[REVIEWER] a reversed suspension reinstates the seal: the public status is active again', async () => {
    const { caseRow, seal, owner, as, clock } = await story();
    const { decision: suspended } = await decideCase({ ctx: as(rita), input: suspension(caseRow.reference) });
    expect((await sealOf(database.db, seal.id)).status).toBe('suspended');
    const { appeal } = await appealAs(as(owner), caseRow.reference, suspended.id);
    await clock.setTime(nowDate(clock).getTime() + DAY);
    await decideAppeal({ ctx: as(olga), input: ruling(appeal.id, 'reversed') });
    expect((await decisionsOf(database.db, caseRow.id))[0]!.state).toBe('overturned');
    expect(await sealOf(database.db, seal.id)).toMatchObject({ status: 'active', statusReason: null, reinstatementRequirements: null });
    const document = toStatusDocument((await loadSealStatusRecord(database.db, seal.publicId))!, nowDate(clock), 'https://seal.example');
    expect(document).toMatchObject({ status: 'active', statusChangedAt: nowDate(clock).toISOString(), reason: null });
    expect((await caseOf(database.db, caseRow.id)).status).toBe('decided');
    expect((await messagesOf(database.db, caseRow.id)).at(-1)!.body).toContain('The suspension of your seal is lifted.');
  });

  it('[APPLICANT] a confirmed revocation cannot be appealed: it is final, and the site is told to apply for a new seal', async () => {
    const { caseRow, seal, owner, as } = await story();
    const { decision: proposed } = await proposeRevocation({ ctx: as(rita), input: { caseRef: caseRow.reference, revocationReason: 'fraud', reasonForSite: 'Your shop sold its customer list.', summaryForComplainant: 'The seal is revoked.' } });
    await confirmRevocation({ ctx: as(sam), input: { decisionId: proposed.id } });
    const refused = await rejectionOf(appealAs(as(owner), caseRow.reference, proposed.id), ConflictError);
    expect(refused.message).toBe('A revocation is final: it cannot be appealed. To hold a seal again, apply for a new one in the portal.');
    expect((await caseOf(database.db, caseRow.id)).status).toBe('decided');
    expect((await sealOf(database.db, seal.id)).status).toBe('revoked');
  });

  it('[REVIEWER] an appeal of a revocation filed before revocations became unappealable can only stand', async () => {
    const { caseRow, seal, owner, as, clock } = await story();
    const { decision: proposed } = await proposeRevocation({ ctx: as(rita), input: { caseRef: caseRow.reference, revocationReason: 'fraud', reasonForSite: 'Your shop sold its customer list.', summaryForComplainant: 'The seal is revoked.' } });
    await confirmRevocation({ ctx: as(sam), input: { decisionId: proposed.id } });
    // Written as the appeal verb wrote it before the amendment of 2026-12-05.
    const [appeal] = (await database.db.insert(caseAppeals).values({ caseId: caseRow.id, decisionId: proposed.id, filedById: owner.id, grounds: 'The decision ignores the deletion logs we sent with our response.', filedAt: nowDate(clock) }).returning()) as [typeof caseAppeals.$inferSelect];
    await database.db.update(cases).set({ status: 'appealed' }).where(eq(cases.id, caseRow.id));
    const reversed = await rejectionOf(decideAppeal({ ctx: as(olga), input: ruling(appeal.id, 'reversed') }), ConflictError);
    expect(reversed.message).toBe('A revocation cannot be reversed or changed on appeal: revocation is final. The appeal can only be decided as standing.');
    await rejectionOf(decideAppeal({ ctx: as(olga), input: ruling(appeal.id, 'changed', { newOutcome: 'warning', reasonForSite: 'A warning would be enough.', summaryForComplainant: 'The site was warned.' }) }), ConflictError);
    // The confirmer took part too.
    await rejectionOf(decideAppeal({ ctx: as(sam), input: ruling(appeal.id, 'stands') }), ForbiddenError);
    await decideAppeal({ ctx: as(olga), input: ruling(appeal.id, 'stands') });
    expect((await sealOf(database.db, seal.id)).status).toBe('revoked');
    expect((await decisionsOf(database.db, caseRow.id))[0]!.state).toBe('in_effect');
  });

  it('[REVIEWER] a changed decision is replaced by a new one that cannot be appealed again; a changed suspension lifts it', async () => {
    const { caseRow, seal, owner, as } = await story();
    const { decision: suspended } = await decideCase({ ctx: as(rita), input: suspension(caseRow.reference) });
    const { appeal } = await appealAs(as(owner), caseRow.reference, suspended.id);
    const incomplete = await rejectionOf(decideAppeal({ ctx: as(olga), input: ruling(appeal.id, 'changed') }), ValidationError);
    expect(Object.keys(incomplete.fieldErrors).sort()).toEqual(['newOutcome', 'reasonForSite', 'summaryForComplainant']);
    const harsher = await rejectionOf(decideAppeal({ ctx: as(olga), input: ruling(appeal.id, 'changed', { newOutcome: 'suspension', reasonForSite: 'x'.repeat(20), summaryForComplainant: 'y'.repeat(20) }) }), ValidationError);
    expect(harsher.fieldErrors.newOutcome).toEqual(['Choose the decision that replaces it: a change on appeal never imposes a sanction.']);

    const { decision: replacement, caseRow: after } = await decideAppeal({
      ctx: as(olga),
      input: ruling(appeal.id, 'changed', { newOutcome: 'warning', reasonForSite: 'A warning is enough: the sale was stopped in time.', summaryForComplainant: 'On appeal, the site was warned.' }),
    });
    expect(replacement).toMatchObject({ outcome: 'warning', state: 'in_effect', decidedById: olga.id, appealableUntil: null });
    expect((await decisionsOf(database.db, caseRow.id)).map((row) => [row.outcome, row.state])).toEqual([
      ['suspension', 'overturned'],
      ['warning', 'in_effect'],
    ]);
    expect(after.status).toBe('decided');
    expect((await sealOf(database.db, seal.id)).status).toBe('active');
    const again = await rejectionOf(appealAs(as(owner), caseRow.reference, replacement.id), ConflictError);
    expect(again.message).toContain('cannot be appealed');
  });

  it('[REVIEWER] closes a decided case only once no appeal is possible', async () => {
    const { caseRow, owner, as, clock } = await story();
    const open = await rejectionOf(closeCase({ ctx: as(rita), input: { caseRef: caseRow.reference } }), ConflictError);
    expect(open.message).toBe(`Case ${caseRow.reference} is open, not decided; only a decided case can be closed.`);
    const { decision: warning } = await decideCase({ ctx: as(rita), input: decision(caseRow.reference, 'warning') });
    const early = await rejectionOf(closeCase({ ctx: as(rita), input: { caseRef: caseRow.reference } }), ConflictError);
    expect(early.message).toMatch(new RegExp(`^The site may still appeal a decision on case ${caseRow.reference} until \\d+ \\w+ \\d{4}, \\d\\d:\\d\\d UTC; the case can be closed after that\\.$`));

    const { appeal } = await appealAs(as(owner), caseRow.reference, warning.id);
    const pending = await rejectionOf(closeCase({ ctx: as(rita), input: { caseRef: caseRow.reference } }), ConflictError);
    expect(pending.message).toBe(`Case ${caseRow.reference} has an appeal pending: decide the appeal first; only a decided case can be closed.`);
    await decideAppeal({ ctx: as(olga), input: ruling(appeal.id, 'stands') });
    // The only decision in effect was appealed already: nothing is left to appeal, so it closes before the window ends.
    const closed = await closeCase({ ctx: as(rita), input: { caseRef: caseRow.reference } });
    expect(closed).toMatchObject({ status: 'closed', closedAt: nowDate(clock) });
    expect((await caseAudit(database.db, caseRow.id)).at(-1)).toMatchObject({ action: 'case.close', actorId: rita.id });

    const other = await story();
    await decideCase({ ctx: other.as(rita), input: decision(other.caseRow.reference, 'no_violation') });
    await other.clock.setTime(nowDate(other.clock).getTime() + 14 * DAY + 1);
    expect((await closeCase({ ctx: other.as(rita), input: { caseRef: other.caseRow.reference } })).status).toBe('closed');
  });
});
