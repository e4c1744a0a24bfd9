import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, caseAttachments, caseMessages, cases, conflictDeclarations } from '@/db/schema';
import { createTestClock } from '@/lib/clock';
import type { ServiceContext } from '@/lib/services/context';
import { ConflictError, NotFoundError, UnauthenticatedError, ValidationError } from '@/lib/services/errors';
import { fileAppeal } from '@/lib/services/cases/file-appeal';
import { listCasesForMember, readCaseAttachmentForSite, readCaseForSite } from '@/lib/services/cases/read-case-for-site';
import { respondToCase } from '@/lib/services/cases/respond-to-case';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { rejectionOf } from '../helpers/errors';
import { actorOf, contextFor, seedUser } from '../helpers/factories';
import { seedDefaultProgram, seedOrganization } from '../helpers/portal-factories';
import { seedIssuedSeal } from '../helpers/seal-factories';
import { file, notificationsOf, publicContext, SAMPLE_FILES, uniqueEmail } from './complaints-fixtures';
import { MESSAGES, seedComplaintCase, seedConversation, seedDecision, SUMMARY_FOR_COMPLAINANT } from './cases-site-fixtures';

type User = Awaited<ReturnType<typeof seedUser>>;
let database: TestDatabase;
let reviewer: User;
let otherReviewer: User;
let conflictedReviewer: User;
let outsider: User;
let holder: Awaited<ReturnType<typeof seedIssuedSeal>>;

beforeAll(async () => {
  database = await freshDatabase();
  const program = await seedDefaultProgram(database.db);
  reviewer = await seedUser(database.db, { role: 'reviewer' });
  otherReviewer = await seedUser(database.db, { role: 'reviewer' });
  conflictedReviewer = await seedUser(database.db, { role: 'reviewer' });
  holder = await seedIssuedSeal(database.db, { programId: program.id, reviewerId: reviewer.id });
  await database.db.insert(conflictDeclarations).values({ reviewerId: conflictedReviewer.id, organizationId: holder.organization.id, reason: 'former employer', declaredAt: new Date() });
  outsider = await seedUser(database.db);
  await seedOrganization(database.db, outsider, [], 'Another Shop Ltd');
});
afterAll(async () => {
  await database?.close();
});

const as = (user: User | null, clock = createTestClock()): ServiceContext => contextFor(database.db, user ? actorOf(user) : null, clock);

/** A visitor's data-sale complaint about the holder's seal, triaged into a case with a notice, a note and a question to the complainant. */
async function caseWithConversation(options: { shareIdentity?: boolean; assigned?: boolean; status?: 'awaiting_site_response' | 'in_review' | 'open' } = {}) {
  const email = uniqueEmail();
  const { complaint } = await file(publicContext(database.db, createTestClock()), { sealId: holder.seal.publicId }, { category: 'data_sale', complainantName: 'Carla Complainant', complainantEmail: email, shareIdentity: options.shareIdentity ? 'yes' : 'no' });
  const caseRow = await seedComplaintCase(
    database.db,
    { organizationId: holder.organization.id, sealId: holder.seal.id, domain: holder.site.domain, complaintId: complaint.id },
    { assignedReviewerId: options.assigned === false ? null : reviewer.id, status: options.status },
  );
  await seedConversation(database.db, caseRow, reviewer.id, complaint.id);
  return { caseRow, complaint, email };
}

const auditCount = async () => (await database.db.select().from(auditEvents)).length;

describe(`the site’s view of a case (${testDriver})`, () => {
  it('shows the notice and the decision’s reason, never internal notes, messages to the complainant, the reviewers’ title or who complained', async () => {
    const { caseRow, complaint, email } = await caseWithConversation();
    await seedDecision(database.db, caseRow.id, reviewer.id);
    await seedDecision(database.db, caseRow.id, reviewer.id, { outcome: 'revocation', state: 'proposed' });
    const view = await readCaseForSite({ ctx: as(holder.owner), input: { caseRef: caseRow.reference } });

    expect(view.messages.map((message) => [message.kind, message.body, message.from])).toEqual([['notice', MESSAGES.notice, 'The seal program']]);
    expect(view.decisions.map((decision) => [decision.outcome, decision.state, decision.appealable])).toEqual([['warning', 'in_effect', true]]);
    expect(view.complaints).toEqual([expect.objectContaining({ reference: complaint.reference, category: 'data_sale', complainant: null })]);
    const everything = JSON.stringify(view);
    expect(everything).toContain('REASON FOR THE SITE');
    for (const secret of [MESSAGES.internal, MESSAGES.complainant, 'Carla Complainant', email, SUMMARY_FOR_COMPLAINANT, caseRow.title, complaint.description]) {
      expect(everything).not.toContain(secret);
    }
  });

  it('names the complainant to the site when they agreed to share who they are', async () => {
    const { caseRow, email } = await caseWithConversation({ shareIdentity: true });
    const view = await readCaseForSite({ ctx: as(holder.member), input: { caseRef: caseRow.reference } });
    expect(view.complaints[0]!.complainant).toEqual({ name: 'Carla Complainant', email });
  });

  it('lists the organization’s cases to its members, overdue ones first and marked, and none to anyone else', async () => {
    const clock = createTestClock();
    const due = await seedComplaintCase(database.db, { organizationId: holder.organization.id, domain: holder.site.domain }, { responseDueAt: new Date(clock.now() + 3 * 86_400_000) });
    const overdue = await seedComplaintCase(database.db, { organizationId: holder.organization.id, domain: holder.site.domain }, { responseDueAt: new Date(clock.now() - 86_400_000) });
    const listed = await listCasesForMember({ ctx: as(holder.owner, clock) });
    expect(listed[0]).toMatchObject({ reference: overdue.reference, expectation: { overdue: true } });
    expect(listed[0]!.expectation.text).toMatch(/^Overdue: your response was due on \d{1,2} \w+ \d{4}, \d\d:\d\d UTC\. Respond now\.$/);
    expect(listed.find((row) => row.reference === due.reference)).toMatchObject({ status: 'awaiting_site_response', expectation: { overdue: false, dueAt: due.responseDueAt } });
    expect(JSON.stringify(listed)).not.toContain('internal title');
    expect(await listCasesForMember({ ctx: as(outsider) })).toEqual([]);
  });
});

describe(`a member of another organization, or nobody signed in (${testDriver})`, () => {
  const verbs: Array<[string, (ctx: ServiceContext, caseRef: string, decisionId: string, attachmentId: string) => Promise<unknown>]> = [
    ['readCaseForSite', (ctx, caseRef) => readCaseForSite({ ctx, input: { caseRef } })],
    ['respondToCase', (ctx, caseRef) => respondToCase({ ctx, input: { caseRef, body: 'We never sold anything, this is a mistake.' } })],
    ['fileAppeal', (ctx, caseRef, decisionId) => fileAppeal({ ctx, input: { caseRef, decisionId, grounds: 'The decision is wrong because nothing was sold.' } })],
    ['readCaseAttachmentForSite', (ctx, caseRef, _decisionId, attachmentId) => readCaseAttachmentForSite({ ctx, input: { caseRef, attachmentId } })],
  ];
  let target: { caseRef: string; decisionId: string; attachmentId: string };
  beforeAll(async () => {
    const { caseRow } = await caseWithConversation();
    const { message } = await respondToCase({ ctx: as(holder.owner), input: { caseRef: caseRow.reference, body: 'Our answer, with the contract attached.', files: [{ name: 'contract.pdf', bytes: SAMPLE_FILES.pdf }] } });
    const [attachment] = await database.db.select().from(caseAttachments).where(eq(caseAttachments.messageId, message.id));
    const decision = await seedDecision(database.db, caseRow.id, reviewer.id);
    target = { caseRef: caseRow.reference, decisionId: decision.id, attachmentId: attachment!.id };
  });

  it.each(verbs)('%s: is told the case does not exist, and nothing changes', async (_name, call) => {
    const before = await auditCount();
    const refused = await rejectionOf(call(as(outsider), target.caseRef, target.decisionId, target.attachmentId), NotFoundError);
    expect(refused.message).toBe('There is no case with this reference.');
    expect(await auditCount()).toBe(before);
  });

  it.each(verbs)('%s: a reviewer is no member either', async (_name, call) => {
    await rejectionOf(call(as(otherReviewer), target.caseRef, target.decisionId, target.attachmentId), NotFoundError);
  });

  it.each(verbs)('%s: asks a visitor to sign in', async (_name, call) => {
    await rejectionOf(call(as(null), target.caseRef, target.decisionId, target.attachmentId), UnauthenticatedError);
  });

  it('lets the members download their own response’s file, as it was recognised', async () => {
    const downloaded = await readCaseAttachmentForSite({ ctx: as(holder.member), input: { caseRef: target.caseRef, attachmentId: target.attachmentId } });
    expect(downloaded).toMatchObject({ fileName: 'contract.pdf', contentType: 'application/pdf' });
    expect(Buffer.from(downloaded.content).equals(Buffer.from(SAMPLE_FILES.pdf))).toBe(true);
  });
});

describe(`responding to a case (${testDriver})`, () => {
  it('takes text and a file, moves the case to review, clears the escalation, and tells the assigned reviewer only', async () => {
    const { caseRow } = await caseWithConversation();
    await database.db.update(cases).set({ escalationLevel: 2, escalatedAt: new Date() }).where(eq(cases.id, caseRow.id));
    const { caseRow: updated, message } = await respondToCase({
      ctx: as(holder.owner),
      input: { caseRef: caseRow.reference.toLowerCase(), body: 'The customer list is not for sale; see the trustee’s letter.', files: [{ name: 'letter.txt', bytes: SAMPLE_FILES.text }] },
    });
    expect(updated).toMatchObject({ status: 'in_review', responseDueAt: null, escalationLevel: 0, escalatedAt: null });
    expect(message).toMatchObject({ audience: 'site', kind: 'site_response', authorId: holder.owner.id });
    const files = await database.db.select().from(caseAttachments).where(eq(caseAttachments.messageId, message.id));
    expect(files.map((row) => [row.fileName, row.contentType, row.sizeBytes])).toEqual([['letter.txt', 'text/plain', SAMPLE_FILES.text.length]]);
    const [audit] = await database.db.select().from(auditEvents).where(and(eq(auditEvents.entityId, caseRow.id), eq(auditEvents.action, 'case.respond')));
    expect(audit).toMatchObject({ actorId: holder.owner.id, entityType: 'case', before: expect.objectContaining({ status: 'awaiting_site_response', escalationLevel: 2 }), after: expect.objectContaining({ status: 'in_review', escalationLevel: 0 }) });
    const subject = `${holder.organization.legalName} responded in case ${caseRow.reference}`;
    expect((await notificationsOf(database.db, reviewer.id)).map((row) => row.subject)).toContain(subject);
    expect((await notificationsOf(database.db, otherReviewer.id)).map((row) => row.subject)).not.toContain(subject);
  });

  it('lets a member who is not an owner respond, and tells every reviewer free to handle an unassigned case, not the conflicted one', async () => {
    const { caseRow } = await caseWithConversation({ assigned: false });
    await respondToCase({ ctx: as(holder.member), input: { caseRef: caseRow.reference, body: 'We stopped the sale on the day your notice arrived.' } });
    const subject = `${holder.organization.legalName} responded in case ${caseRow.reference}`;
    for (const free of [reviewer, otherReviewer]) expect((await notificationsOf(database.db, free.id)).map((row) => row.subject)).toContain(subject);
    expect((await notificationsOf(database.db, conflictedReviewer.id)).map((row) => row.subject)).not.toContain(subject);
    // A second word while the case is in review is welcome too.
    const again = await respondToCase({ ctx: as(holder.owner), input: { caseRef: caseRow.reference, body: 'Adding the trustee’s confirmation we received today.' } });
    expect(again.caseRow.status).toBe('in_review');
  });

  it('refuses when no response is asked for, and says why', async () => {
    const { caseRow } = await caseWithConversation({ status: 'open' });
    const early = await rejectionOf(respondToCase({ ctx: as(holder.owner), input: { caseRef: caseRow.reference, body: 'Is there something we should do?' } }), ConflictError);
    expect(early.message).toBe(`Case ${caseRow.reference} is not waiting for your response yet: a reviewer will send you a notice when they need your answer.`);
    await seedDecision(database.db, caseRow.id, reviewer.id);
    const late = await rejectionOf(respondToCase({ ctx: as(holder.owner), input: { caseRef: caseRow.reference, body: 'We disagree with this decision entirely.' } }), ConflictError);
    expect(late.message).toBe(`Case ${caseRow.reference} is decided, so it takes no response now. To contest a decision, appeal it on the case page.`);
  });

  it('refuses a web page passed off as text and a response too short, writing nothing', async () => {
    const { caseRow } = await caseWithConversation();
    const messagesBefore = (await database.db.select().from(caseMessages).where(eq(caseMessages.caseId, caseRow.id))).length;
    const markup = await rejectionOf(respondToCase({ ctx: as(holder.owner), input: { caseRef: caseRow.reference, body: 'See the attached page for our answer.', files: [{ name: 'answer.txt', bytes: SAMPLE_FILES.html }] } }), ValidationError);
    expect(markup.message).toMatch(/“answer\.txt” is a web page or other markup .* must be chosen again\.$/);
    expect(markup.fieldErrors.files).toHaveLength(1);
    const short = await rejectionOf(respondToCase({ ctx: as(holder.owner), input: { caseRef: caseRow.reference, body: 'No.' } }), ValidationError);
    expect(short.fieldErrors.body?.[0]).toMatch(/at least 10 characters/);
    const [after] = await database.db.select().from(cases).where(eq(cases.id, caseRow.id));
    expect(after!.status).toBe('awaiting_site_response');
    expect((await database.db.select().from(caseMessages).where(eq(caseMessages.caseId, caseRow.id))).length).toBe(messagesBefore);
  });
});

describe(`appealing a decision (${testDriver})`, () => {
  it('accepts an appeal on the last day of the window, once, and tells the reviewers free to handle it', async () => {
    const clock = createTestClock();
    const { caseRow } = await caseWithConversation();
    const decision = await seedDecision(database.db, caseRow.id, reviewer.id, { at: new Date(clock.now()) });
    await clock.setTime(decision.appealableUntil!.getTime() - 60_000);
    const grounds = 'The customer list was never offered for sale; the advertisement was for the warehouse only.';
    const { caseRow: appealed, appeal } = await fileAppeal({ ctx: as(holder.member, clock), input: { caseRef: caseRow.reference, decisionId: decision.id, grounds } });
    expect(appealed.status).toBe('appealed');
    expect(appeal).toMatchObject({ decisionId: decision.id, filedById: holder.member.id, grounds, outcome: null });
    const [audit] = await database.db.select().from(auditEvents).where(and(eq(auditEvents.entityId, caseRow.id), eq(auditEvents.action, 'case.appeal')));
    expect(audit).toMatchObject({ actorId: holder.member.id, after: expect.objectContaining({ status: 'appealed', decisionId: decision.id, appealId: appeal.id }) });
    const subject = `Appeal in case ${caseRow.reference}: ${holder.organization.legalName}`;
    expect((await notificationsOf(database.db, otherReviewer.id)).map((row) => row.subject)).toContain(subject);
    expect((await notificationsOf(database.db, conflictedReviewer.id)).map((row) => row.subject)).not.toContain(subject);

    // The appeal is decided (lib/services/cases/decide-appeal.ts) and the case is decided again: still one appeal per decision.
    await database.db.update(cases).set({ status: 'decided' }).where(eq(cases.id, caseRow.id));
    const twice = await rejectionOf(fileAppeal({ ctx: as(holder.owner, clock), input: { caseRef: caseRow.reference, decisionId: decision.id, grounds } }), ConflictError);
    expect(twice.message).toMatch(/^You already appealed the decision “Warning” of .+ on \d{1,2} \w+ \d{4}; each decision can be appealed once\.$/);
  });

  it('refuses an appeal after the window, naming the day it closed', async () => {
    const clock = createTestClock(new Date('2026-03-02T09:30:00Z'));
    const { caseRow } = await caseWithConversation();
    const decision = await seedDecision(database.db, caseRow.id, reviewer.id, { at: new Date(clock.now()) });
    await clock.setTime(decision.appealableUntil!.getTime() + 1);
    const refused = await rejectionOf(fileAppeal({ ctx: as(holder.owner, clock), input: { caseRef: caseRow.reference, decisionId: decision.id, grounds: 'We only learnt of the decision today, please reconsider.' } }), ConflictError);
    expect(refused.message).toBe('The time to appeal the decision “Warning” of 2 March 2026 ended on 16 March 2026, 09:30 UTC; an appeal can no longer be filed.');
    const [after] = await database.db.select().from(cases).where(eq(cases.id, caseRow.id));
    expect(after!.status).toBe('decided');
  });

  it('refuses to appeal a decision that is not in effect, or that belongs to another case', async () => {
    const { caseRow } = await caseWithConversation();
    const proposed = await seedDecision(database.db, caseRow.id, reviewer.id, { outcome: 'revocation', state: 'proposed' });
    const notInEffect = await rejectionOf(fileAppeal({ ctx: as(holder.owner), input: { caseRef: caseRow.reference, decisionId: proposed.id, grounds: 'Revoking our seal would be out of all proportion.' } }), ConflictError);
    expect(notInEffect.message).toMatch(/it is only proposed, not in effect\. Only a decision in effect can be appealed\.$/);
    const { caseRow: otherCase } = await caseWithConversation();
    const elsewhere = await seedDecision(database.db, otherCase.id, reviewer.id);
    const mismatch = await rejectionOf(fileAppeal({ ctx: as(holder.owner), input: { caseRef: caseRow.reference, decisionId: elsewhere.id, grounds: 'Trying the other case’s decision through this one.' } }), NotFoundError);
    expect(mismatch.message).toBe('This case has no such decision.');
  });
});
