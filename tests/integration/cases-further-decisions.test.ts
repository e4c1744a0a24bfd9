import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorOf } from '../helpers/factories';
import { nowDate, type TestClock } from '@/lib/clock';
import { loadCaseDecisionView } from '@/lib/cases/decision-queries';
import { decideCase } from '@/lib/services/cases/decide-case';
import { proposeRevocation } from '@/lib/services/cases/revocation-proposals';
import { respondToCase } from '@/lib/services/cases/respond-to-case';
import { sendNotice } from '@/lib/services/cases/send-notice';
import { ConflictError } from '@/lib/services/errors';
import { testDriver, type TestDatabase } from '../helpers/database';
import { rejectionOf } from '../helpers/errors';
import { caseOf, caseSuiteDatabase, DAY, decision, decisionsOf, openedCase, sealOf, type User } from './cases-decisions-fixtures';

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

/** Each decision a minute after the one before, as in life: decisions count in the order they were taken. */
async function decideLater(clock: TestClock, call: Parameters<typeof decideCase>[0]) {
  await clock.setTime(clock.now() + 60_000);
  return decideCase(call);
}
const story = () => openedCase(database.db, { programId, issuer, opener: rita });
const suspension = (caseRef: string, overrides: Record<string, unknown> = {}) => decision(caseRef, 'suspension', { reinstatementRequirements: 'Withdraw the customer list from the sale.', ...overrides });
/** What the case page's decision form offers Rita now. */
async function offered(caseId: string, clock: { now(): number }) {
  const view = await loadCaseDecisionView(database.db, await caseOf(database.db, caseId), actorOf(rita), new Date(clock.now()));
  return { outcomes: view.further.outcomes, revocation: view.may.proposeRevocation, why: view.further.why };
}

describe(`further decisions on a decided case (${testDriver})`, () => {
  it('[REVIEWER] before any decision every outcome is offered; after a warning only what changes something', async () => {
    const { caseRow, as, clock } = await story();
    expect((await offered(caseRow.id, clock)).outcomes).toEqual(['no_violation', 'remedied', 'warning', 'corrective_action', 'suspension', 'referral']);
    await decideLater(clock, { ctx: as(rita), input: decision(caseRow.reference, 'warning') });
    const after = await offered(caseRow.id, clock);
    expect(after.outcomes).toEqual(['remedied', 'corrective_action', 'suspension', 'referral']);
    expect(after.revocation).toBe(true);

    const again = await rejectionOf(decideLater(clock, { ctx: as(rita), input: decision(caseRow.reference, 'warning') }), ConflictError);
    expect(again.message).toBe(`“Warning” is not possible on case ${caseRow.reference} now. ${after.why} Still possible: “Remedied”, “Corrective action with a due date”, “Suspension of the seal”, “Referral to a regulator”.`);
    await rejectionOf(decideLater(clock, { ctx: as(rita), input: decision(caseRow.reference, 'no_violation') }), ConflictError);
    expect(await decisionsOf(database.db, caseRow.id)).toHaveLength(1);
  });

  it('[REVIEWER] a suspension is followed by a remedy that lifts it; then the case stands in the site’s favour and only a referral is left', async () => {
    const { caseRow, seal, as, clock } = await story();
    await decideLater(clock, { ctx: as(rita), input: suspension(caseRow.reference) });
    expect((await offered(caseRow.id, clock)).outcomes).toEqual(['no_violation', 'remedied', 'referral']);
    await rejectionOf(decideLater(clock, { ctx: as(rita), input: decision(caseRow.reference, 'corrective_action', { correctiveDueAt: new Date(nowDate(clock).getTime() + 30 * DAY).toISOString().slice(0, 10) }) }), ConflictError);

    await decideLater(clock, { ctx: as(rita), input: decision(caseRow.reference, 'remedied') });
    expect((await sealOf(database.db, seal.id)).status).toBe('active');
    const after = await offered(caseRow.id, clock);
    expect(after).toMatchObject({ outcomes: ['referral'], revocation: false });
    expect(after.why).toContain('decided in the site’s favour');
    const suspendAgain = await rejectionOf(decideLater(clock, { ctx: as(rita), input: suspension(caseRow.reference) }), ConflictError);
    expect(suspendAgain.message).toContain('Still possible: “Referral to a regulator”.');
    const revoke = await rejectionOf(proposeRevocation({ ctx: as(rita), input: { caseRef: caseRow.reference, revocationReason: 'fraud', reasonForSite: 'Your shop sold its customer list.', summaryForComplainant: 'The seal is revoked.' } }), ConflictError);
    expect(revoke.message).toContain('decided in the site’s favour');

    await decideLater(clock, { ctx: as(rita), input: decision(caseRow.reference, 'referral', { referredTo: 'Federal Trade Commission' }) });
    expect(await offered(caseRow.id, clock)).toMatchObject({ outcomes: [], revocation: false });
    await rejectionOf(decideLater(clock, { ctx: as(rita), input: decision(caseRow.reference, 'referral', { referredTo: 'Federal Trade Commission' }) }), ConflictError);
  });

  it('[REVIEWER] an interim warning before the site’s deadline may end in “no violation” once the site has answered', async () => {
    const { caseRow, owner, as, clock } = await story();
    await sendNotice({ ctx: as(rita), input: { caseRef: caseRow.reference, body: 'Explain the sale of your customer list, with the contract.' } });
    await decideLater(clock, { ctx: as(rita), input: decision(caseRow.reference, 'warning', { actBeforeDeadline: true, earlyActionReason: 'The auction of the customer list closes tomorrow.' }) });
    await respondToCase({ ctx: as(owner), input: { caseRef: caseRow.reference, body: 'There is no auction: the listing was a fake posted by someone else.' } });
    expect((await offered(caseRow.id, clock)).outcomes).toContain('no_violation');
    await decideLater(clock, { ctx: as(rita), input: decision(caseRow.reference, 'no_violation') });
    expect((await decisionsOf(database.db, caseRow.id)).map((row) => row.outcome)).toEqual(['warning', 'no_violation']);
  });

  it('[REVIEWER] a corrective action may be followed by a new due date or a suspension, not by a warning', async () => {
    const { caseRow, as, clock } = await story();
    const due = (days: number) => new Date(nowDate(clock).getTime() + days * DAY).toISOString().slice(0, 10);
    await decideLater(clock, { ctx: as(rita), input: decision(caseRow.reference, 'corrective_action', { correctiveDueAt: due(30) }) });
    expect((await offered(caseRow.id, clock)).outcomes).toEqual(['remedied', 'corrective_action', 'suspension', 'referral']);
    // The site's window runs until the due date: a decision against it before then says why (early-action.ts).
    const early = { actBeforeDeadline: true, earlyActionReason: 'The site keeps selling the list meanwhile.' };
    await rejectionOf(decideLater(clock, { ctx: as(rita), input: decision(caseRow.reference, 'warning', early) }), ConflictError);
    await decideLater(clock, { ctx: as(rita), input: decision(caseRow.reference, 'corrective_action', { correctiveDueAt: due(45), ...early }) });
    await decideLater(clock, { ctx: as(rita), input: suspension(caseRow.reference, early) });
    expect((await offered(caseRow.id, clock)).outcomes).toEqual(['no_violation', 'remedied', 'referral']);
  });

  it('[REVIEWER] decisions taken in the same millisecond are listed, and counted, in the order they were taken', async () => {
    const { caseRow, as, clock } = await story();
    // No clock move between them: all three share their decidedAt.
    await decideCase({ ctx: as(rita), input: decision(caseRow.reference, 'warning') });
    await decideCase({ ctx: as(rita), input: suspension(caseRow.reference) });
    await decideCase({ ctx: as(rita), input: decision(caseRow.reference, 'remedied') });
    const view = await loadCaseDecisionView(database.db, await caseOf(database.db, caseRow.id), actorOf(rita), new Date(clock.now()));
    expect(new Set(view.decisions.map((entry) => entry.decidedAt.getTime())).size).toBe(1);
    expect(view.decisions.map((entry) => entry.outcome)).toEqual(['warning', 'suspension', 'remedied']);
    expect(view.further.outcomes).toEqual(['referral']);
  });
});
