import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestClock, nowDate } from '@/lib/clock';
import { decideCase } from '@/lib/services/cases/decide-case';
import { declareChangeOfControl } from '@/lib/services/cases/declare-change-of-control';
import { escalateOverdueCases } from '@/lib/services/cases/escalate-cases';
import { readCaseAttachmentForSite, readCaseForSite } from '@/lib/services/cases/read-case-for-site';
import { sendSiteMessage } from '@/lib/services/cases/send-site-message';
import { respondToCase } from '@/lib/services/cases/respond-to-case';
import { confirmRevocation, proposeRevocation, withdrawRevocationProposal } from '@/lib/services/cases/revocation-proposals';
import { sendNotice } from '@/lib/services/cases/send-notice';
import { trackComplaint } from '@/lib/services/complaints/track-complaint';
import { ConflictError, ValidationError } from '@/lib/services/errors';
import { testDriver, type TestDatabase } from '../helpers/database';
import { rejectionOf } from '../helpers/errors';
import { seedUser } from '../helpers/factories';
import { seedIssuedSeal } from '../helpers/seal-factories';
import { actingAs, appealAs, caseAudit, caseOf, caseSuiteDatabase, DAY, decision, decisionsOf, messagesOf, openedCase, sealOf, type User } from './cases-decisions-fixtures';
import { mailsTo, notificationsOf, publicContext, SAMPLE_FILES } from './complaints-fixtures';
import { formatCalendarDay, formatDateTime } from '@/lib/format/dates';

/**
 * Due process in cases (issue 13, items 1–4; ADR 0008 amendment "the site is heard first"): no
 * decision against the site while its response window is open without a stated reason, and the
 * window stays open; a change-of-control notice ends before the sale; a revocation is final and not
 * appealable, so it waits for the site; the confirmer of a revocation revises what is sent.
 */

let database: TestDatabase;
let programId: string;
let rita: User;
let sam: User;
let issuer: User;
beforeAll(async () => {
  ({ database, programId, rita, issuer } = await caseSuiteDatabase());
  sam = await seedUser(database.db, { role: 'reviewer', name: 'Sam Second' });
});
afterAll(async () => {
  await database?.close();
});

const story = () => openedCase(database.db, { programId, issuer, opener: rita });
const NOTICE = 'Your shop is said to have offered its customer list for sale. Answer the allegation and send the contract.';
const URGENT = 'The customer list is advertised for auction tomorrow; the badge must not vouch for the site meanwhile.';

/** A case whose notice went out: the site's 14-day window is open. */
async function noticed() {
  const opened = await story();
  await sendNotice({ ctx: opened.as(rita), input: { caseRef: opened.caseRow.reference, body: NOTICE } });
  return { ...opened, caseRow: await caseOf(database.db, opened.caseRow.id) };
}

const suspension = (caseRef: string, overrides: Record<string, unknown> = {}) => decision(caseRef, 'suspension', { reinstatementRequirements: 'Withdraw the list from sale and confirm it in writing.', ...overrides });

describe(`deciding while the site's response window is open (${testDriver})`, () => {
  it('[REVIEWER] a suspension one minute after the notice is refused without the explicit choice and a reason; nothing changes', async () => {
    const { caseRow, seal, as, clock } = await noticed();
    await clock.setTime(nowDate(clock).getTime() + 60_000);
    const bare = await rejectionOf(decideCase({ ctx: as(rita), input: suspension(caseRow.reference) }), ValidationError);
    expect(bare.fieldErrors.actBeforeDeadline![0]).toMatch(/^The site’s response is due by \d{1,2} \w+ \d{4}, \d{2}:\d{2} UTC\. To decide before then, choose “Act before the deadline”/);
    expect(bare.fieldErrors.earlyActionReason![0]).toContain('Say why this cannot wait for the site’s response');
    const noReason = await rejectionOf(decideCase({ ctx: as(rita), input: suspension(caseRow.reference, { actBeforeDeadline: 'on' }) }), ValidationError);
    expect(Object.keys(noReason.fieldErrors)).toEqual(['earlyActionReason']);
    // A warning is against the site too; no violation is not.
    expect((await rejectionOf(decideCase({ ctx: as(rita), input: decision(caseRow.reference, 'warning') }), ValidationError)).fieldErrors.actBeforeDeadline).toHaveLength(1);
    expect((await sealOf(database.db, seal.id)).status).toBe('active');
    expect(await decisionsOf(database.db, caseRow.id)).toEqual([]);
    expect(await caseOf(database.db, caseRow.id)).toMatchObject({ status: 'awaiting_site_response', responseDueAt: caseRow.responseDueAt });
  });

  it('[REVIEWER] acts before the deadline with a reason: recorded, audited, read by the site; the site can still respond, and the case awaits it', async () => {
    const { caseRow, seal, owner, as, clock } = await noticed();
    await clock.setTime(nowDate(clock).getTime() + 60_000);
    const { decision: suspended, caseRow: after } = await decideCase({ ctx: as(rita), input: suspension(caseRow.reference, { actBeforeDeadline: 'on', earlyActionReason: URGENT }) });
    expect(suspended).toMatchObject({ outcome: 'suspension', actedBeforeDeadline: caseRow.responseDueAt, earlyActionReason: URGENT });
    expect((await sealOf(database.db, seal.id)).status).toBe('suspended');
    // The window stays open: same deadline, still awaiting the site.
    expect(after).toMatchObject({ status: 'awaiting_site_response', responseDueAt: caseRow.responseDueAt });
    expect((await caseAudit(database.db, caseRow.id)).find((row) => row.action === 'case.decide')?.after).toMatchObject({ actedBeforeDeadline: caseRow.responseDueAt!.toISOString(), earlyActionReason: URGENT });
    const message = (await messagesOf(database.db, caseRow.id)).find((row) => row.kind === 'decision')!;
    expect(message.body).toContain(`because it could not wait: ${URGENT}`);
    expect(message.body).toContain('Your response is still due by');

    const view = await readCaseForSite({ ctx: as(owner), input: { caseRef: caseRow.reference } });
    expect(view.canRespond).toBe(true);
    expect(view.decisions[0]).toMatchObject({ actedBeforeDeadline: caseRow.responseDueAt, earlyActionReason: URGENT });
    await respondToCase({ ctx: as(owner), input: { caseRef: caseRow.reference, body: 'We withdrew the list from the auction; the auctioneer’s letter is attached.' } });
    expect((await caseOf(database.db, caseRow.id)).status).toBe('in_review');
    // Having heard the site, the reviewer decides again: remedied lifts the suspension.
    await decideCase({ ctx: as(rita), input: decision(caseRow.reference, 'remedied') });
    expect((await sealOf(database.db, seal.id)).status).toBe('active');
  });

  it('[REVIEWER] the site silent past the deadline: the escalation still runs, and a decision then needs no reason', async () => {
    const { caseRow, as, clock } = await noticed();
    await decideCase({ ctx: as(rita), input: decision(caseRow.reference, 'warning', { actBeforeDeadline: true, earlyActionReason: URGENT }) });
    await clock.setTime(nowDate(clock).getTime() + 15 * DAY);
    await escalateOverdueCases(database.db, nowDate(clock));
    expect((await caseOf(database.db, caseRow.id)).escalationLevel).toBe(1);
    const { decision: later } = await decideCase({ ctx: as(rita), input: suspension(caseRow.reference) });
    expect(later).toMatchObject({ actedBeforeDeadline: null, earlyActionReason: null });
  });

  it('[REVIEWER] a revocation waits for the site: proposing (or confirming) while the window is open is refused, naming the deadline', async () => {
    const { caseRow, seal, as, clock } = await noticed();
    const refused = await rejectionOf(proposeRevocation({ ctx: as(rita), input: { caseRef: caseRow.reference, revocationReason: 'privacy_violation', reasonForSite: 'Your shop sold its customer list.', summaryForComplainant: 'The seal is revoked.' } }), ConflictError);
    expect(refused.message).toMatch(/is due by .*A revocation is final and cannot be appealed, so it waits until the site has responded or the deadline has passed\. If the harm cannot wait, suspend the seal now/);
    expect(await decisionsOf(database.db, caseRow.id)).toEqual([]);
    await clock.setTime(nowDate(clock).getTime() + 15 * DAY);
    await proposeRevocation({ ctx: as(rita), input: { caseRef: caseRow.reference, revocationReason: 'privacy_violation', reasonForSite: 'Your shop sold its customer list.', summaryForComplainant: 'The seal is revoked.' } });
    expect((await sealOf(database.db, seal.id)).status).toBe('active');
  });
});

describe(`a change of control's response deadline (${testDriver})`, () => {
  async function declared(effectiveInDays: number) {
    const clock = createTestClock();
    const holder = await seedIssuedSeal(database.db, { programId, reviewerId: issuer.id });
    const as = actingAs(database.db, clock);
    const effectiveOn = new Date(nowDate(clock).getTime() + effectiveInDays * DAY).toISOString().slice(0, 10);
    const { caseRow } = await declareChangeOfControl({
      ctx: as(holder.member),
      input: { organizationId: holder.organization.id, kind: 'asset_sale', effectiveOn, counterparty: 'Buyer Inc.', description: 'We sell the shop with its customer database to Buyer Inc.' },
    });
    return { ...holder, caseRow, as, clock, effectiveOn };
  }

  it('[REVIEWER] a notice 14 days before a sale effective in 10 days ends the day before the sale', async () => {
    const { caseRow, as, owner, effectiveOn } = await declared(10);
    const { caseRow: noticedCase, message } = await sendNotice({ ctx: as(rita), input: { caseRef: caseRow.reference, body: NOTICE } });
    expect(noticedCase.responseDueAt).toEqual(new Date(new Date(`${effectiveOn}T00:00:00Z`).getTime() - 1));
    expect(message.deadlineReason).toBeNull();
    const view = await readCaseForSite({ ctx: as(owner), input: { caseRef: caseRow.reference } });
    expect(view.messages[0]!.responseDueAt!.getTime()).toBeLessThan(new Date(`${effectiveOn}T00:00:00Z`).getTime());
  });

  it('[REVIEWER] a later deadline needs a reason, which is recorded, audited and read by the site', async () => {
    const { caseRow, as, owner, effectiveOn } = await declared(10);
    const later = new Date(new Date(`${effectiveOn}T00:00:00Z`).getTime() + 6 * DAY).toISOString().slice(0, 10);
    const bare = await rejectionOf(sendNotice({ ctx: as(rita), input: { caseRef: caseRow.reference, body: NOTICE, responseDueOn: later } }), ValidationError);
    expect(bare.fieldErrors.deadlineReason![0]).toBe(`The deadline ends on or after ${formatCalendarDay(effectiveOn)}, the day the declared change takes effect: say why the site may answer after it (at least 10 characters). The site reads it with the notice.`);
    const reason = 'The buyer’s undertaking is only signed at closing; the sale contract defers the data transfer by a month.';
    const { caseRow: noticedCase } = await sendNotice({ ctx: as(rita), input: { caseRef: caseRow.reference, body: NOTICE, responseDueOn: later, deadlineReason: reason } });
    expect(noticedCase.responseDueAt).toEqual(new Date(`${later}T23:59:59.999Z`));
    // A reviewer in Berlin who picks the same day means the end of that day in Berlin (ADR 0022).
    const { caseRow: fromBerlin } = await declared(10);
    const { caseRow: berlinCase } = await sendNotice({ ctx: as({ ...rita, timeZone: 'Europe/Berlin' }), input: { caseRef: fromBerlin.reference, body: NOTICE, responseDueOn: later, deadlineReason: reason } });
    expect(formatDateTime(berlinCase.responseDueAt!, 'Europe/Berlin')).toMatch(new RegExp(`^${formatCalendarDay(later)}, 23:59 CES?T$`));
    expect(berlinCase.responseDueAt!.getTime()).toBeLessThan(noticedCase.responseDueAt!.getTime());
    expect((await caseAudit(database.db, caseRow.id)).find((row) => row.action === 'case.notice')?.after).toMatchObject({ deadlineReason: reason });
    const view = await readCaseForSite({ ctx: as(owner), input: { caseRef: caseRow.reference } });
    expect(view.messages[0]).toMatchObject({ kind: 'notice', deadlineReason: reason });
  });

  it('[REVIEWER] a sale effective tomorrow leaves no day to cut to: the reviewer sets the deadline', async () => {
    const { caseRow, as } = await declared(1);
    const refused = await rejectionOf(sendNotice({ ctx: as(rita), input: { caseRef: caseRow.reference, body: NOTICE } }), ValidationError);
    expect(refused.fieldErrors.responseDueOn![0]).toMatch(/too soon for the program’s period: set the deadline/);
  });
});

describe(`appealing a revocation, and what the complainant is told (${testDriver})`, () => {
  const proposal = (caseRef: string) => ({ caseRef, revocationReason: 'privacy_violation', reasonForSite: 'Your shop sold its customer list, contrary to its privacy policy.', summaryForComplainant: 'We propose to revoke the seal; a second person confirms it.' });

  it('[REVIEWER] a confirmed revocation is final: no appeal window, the site is told so and an appeal is refused; the complainant reads the same', async () => {
    const { caseRow, owner, trackingToken, as } = await story();
    const { decision: proposed } = await proposeRevocation({ ctx: as(rita), input: proposal(caseRow.reference) });
    const { decision: confirmed } = await confirmRevocation({ ctx: as(sam), input: { decisionId: proposed.id } });
    expect(confirmed.appealableUntil).toBeNull();
    const message = (await messagesOf(database.db, caseRow.id)).find((row) => row.kind === 'decision')!;
    expect(message.body).toContain('A revocation is final: it cannot be appealed. To hold a seal again, apply for a new one in the portal.');
    expect(message.body).not.toMatch(/may appeal/);
    const view = await readCaseForSite({ ctx: as(owner), input: { caseRef: caseRow.reference } });
    expect(view.decisions[0]).toMatchObject({ outcome: 'revocation', appealable: false, appealableUntil: null });
    expect(view.expectation.text).not.toMatch(/appeal/);
    const refused = await rejectionOf(appealAs(as(owner), caseRow.reference, confirmed.id), ConflictError);
    expect(refused.message).toBe('A revocation is final: it cannot be appealed. To hold a seal again, apply for a new one in the portal.');
    const tracked = await trackComplaint({ ctx: publicContext(database.db, createTestClock()), input: { token: trackingToken } });
    expect(tracked.investigation!.outcomes).toEqual([expect.objectContaining({ outcome: 'revocation', appealableUntil: null })]);
  });

  it('[REVIEWER] the confirmer revises the summaries: the complainant is mailed and shown only what was decided; the proposal text stays in the audit', async () => {
    const { caseRow, complaint, trackingToken, as } = await story();
    const { decision: proposed } = await proposeRevocation({ ctx: as(rita), input: proposal(caseRow.reference) });
    expect(await mailsTo(database.db, complaint.complainantEmail!)).not.toContainEqual(expect.objectContaining({ subject: `Your complaint ${complaint.reference}: a decision was made` }));
    const revised = 'We upheld your complaint: the site’s seal is revoked.';
    await confirmRevocation({ ctx: as(sam), input: { decisionId: proposed.id, reasonForSite: proposed.reasonForSite, summaryForComplainant: revised } });
    const mail = (await mailsTo(database.db, complaint.complainantEmail!)).find((row) => row.subject === `Your complaint ${complaint.reference}: a decision was made`);
    expect(mail?.body).toContain(revised);
    expect(mail?.body).not.toContain('We propose');
    const tracked = await trackComplaint({ ctx: publicContext(database.db, createTestClock()), input: { token: trackingToken } });
    expect(tracked.investigation!.outcomes.map((outcome) => outcome.summary)).toEqual([revised]);
    const audit = (await caseAudit(database.db, caseRow.id)).find((row) => row.action === 'case.confirm-revocation')!;
    expect(audit.after).toMatchObject({ revisedByConfirmer: ['summaryForComplainant'] });
    expect(audit.before).toMatchObject({ proposedTexts: { summaryForComplainant: proposal('').summaryForComplainant } });
  });

  it('[REVIEWER] a withdrawn proposal tells the complainant nothing; the decision that follows is what they read', async () => {
    const { caseRow, complaint, trackingToken, as } = await story();
    const { decision: proposed } = await proposeRevocation({ ctx: as(rita), input: proposal(caseRow.reference) });
    await withdrawRevocationProposal({ ctx: as(rita), input: { decisionId: proposed.id } });
    expect((await trackComplaint({ ctx: publicContext(database.db, createTestClock()), input: { token: trackingToken } })).investigation!.outcomes).toEqual([]);
    await decideCase({ ctx: as(rita), input: decision(caseRow.reference, 'warning', { summaryForComplainant: 'The site was warned.' }) });
    const mails = (await mailsTo(database.db, complaint.complainantEmail!)).filter((row) => row.subject === `Your complaint ${complaint.reference}: a decision was made`);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.body).toContain('The site was warned.');
    expect(mails[0]!.body).not.toContain('We propose');
  });
});

describe(`follow-up messages to the site (${testDriver})`, () => {
  const FOLLOW_UP = 'Please also send the auction house’s catalogue page that lists the customer database.';

  it('[REVIEWER] after the notice writes to the site with a file; the members read it and download the file; no deadline moves', async () => {
    const { caseRow, owner, as } = await story();
    const early = await rejectionOf(sendSiteMessage({ ctx: as(rita), input: { caseRef: caseRow.reference, body: FOLLOW_UP } }), ConflictError);
    expect(early.message).toBe(`No notice has been sent on case ${caseRow.reference} yet: the first word to the site is a notice, with its deadline.`);
    await sendNotice({ ctx: as(rita), input: { caseRef: caseRow.reference, body: NOTICE } });
    const before = await caseOf(database.db, caseRow.id);
    const { message } = await sendSiteMessage({ ctx: as(rita), input: { caseRef: caseRow.reference, body: FOLLOW_UP, files: [{ name: 'catalogue-extract.pdf', bytes: SAMPLE_FILES.pdf }] } });
    expect(message).toMatchObject({ audience: 'site', kind: 'site_message', authorId: rita.id });
    expect(await caseOf(database.db, caseRow.id)).toMatchObject({ status: before.status, responseDueAt: before.responseDueAt });

    const view = await readCaseForSite({ ctx: as(owner), input: { caseRef: caseRow.reference } });
    const read = view.messages.find((row) => row.kind === 'site_message')!;
    expect(read).toMatchObject({ body: FOLLOW_UP, from: 'The seal program' });
    expect(read.attachments).toEqual([expect.objectContaining({ fileName: 'catalogue-extract.pdf', contentType: 'application/pdf' })]);
    const file = await readCaseAttachmentForSite({ ctx: as(owner), input: { caseRef: caseRow.reference, attachmentId: read.attachments[0]!.id } });
    expect(Buffer.from(file.content)).toEqual(Buffer.from(SAMPLE_FILES.pdf));
    expect((await notificationsOf(database.db, owner.id)).filter((row) => row.kind === 'case.message')).toHaveLength(1);
    expect((await caseAudit(database.db, caseRow.id)).find((row) => row.action === 'case.message-site')?.after).toMatchObject({ messageId: message.id, attachments: [expect.objectContaining({ fileName: 'catalogue-extract.pdf' })] });
  });

  it('[REVIEWER] a web page passed off as text is refused before anything is stored', async () => {
    const { caseRow, as } = await story();
    await sendNotice({ ctx: as(rita), input: { caseRef: caseRow.reference, body: NOTICE } });
    const refused = await rejectionOf(sendSiteMessage({ ctx: as(rita), input: { caseRef: caseRow.reference, body: FOLLOW_UP, files: [{ name: 'page.txt', bytes: SAMPLE_FILES.html }] } }), ValidationError);
    expect(refused.fieldErrors.files).toHaveLength(1);
    expect((await messagesOf(database.db, caseRow.id)).filter((row) => row.kind === 'site_message')).toEqual([]);
  });
});
