import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, caseAttachments, caseDecisions, caseMessages, cases, conflictDeclarations } from '@/db/schema';
import { addInternalNote } from '@/lib/services/cases/add-internal-note';
import { mergeComplaintIntoCase } from '@/lib/services/cases/open-case';
import { COMPLAINANT_REPLY_LIMITS, replyAsComplainant } from '@/lib/services/cases/reply-as-complainant';
import { requestComplainantInfo } from '@/lib/services/cases/request-complainant-info';
import { sendNotice } from '@/lib/services/cases/send-notice';
import { logComplaint } from '@/lib/services/complaints/log-complaint';
import { trackComplaint, TRACKING_NOT_FOUND } from '@/lib/services/complaints/track-complaint';
import { ConflictError, ForbiddenError, NotFoundError, TooManyAttemptsError, ValidationError } from '@/lib/services/errors';
import { UPLOAD_GONE_MESSAGE } from '@/lib/services/uploads/attach-staged';
import { stageUpload } from '@/lib/services/uploads/stage-upload';
import { newUploadSecret } from '@/lib/uploads/upload-secrets';
import { testDriver, type TestDatabase } from '../helpers/database';
import { rejectionOf } from '../helpers/errors';
import { seedUser } from '../helpers/factories';
import { freshDatabaseWithProgram } from '../helpers/program-database';
import { openedCase, type User } from './cases-decisions-fixtures';
import { file, mailsTo, notificationsOf, publicContext } from './complaints-fixtures';

let database: TestDatabase;
let programId: string;
let reviewer: User;
let declared: User;
beforeAll(async () => {
  ({ database, programId, reviewer } = await freshDatabaseWithProgram({ reviewerName: 'Rita Reviewer' }));
  declared = await seedUser(database.db, { role: 'reviewer' });
});
afterAll(async () => {
  await database?.close();
});

const QUESTION = 'On which day did the shop send you the mail about the sale of its customer list?';

async function story() {
  const opened = await openedCase(database.db, { programId, issuer: reviewer, opener: reviewer });
  await database.db.insert(conflictDeclarations).values({ reviewerId: declared.id, organizationId: opened.organization.id, reason: 'shareholder', declaredAt: new Date() });
  const { as } = opened;
  const visitor = publicContext(database.db, opened.clock);
  return { ...opened, as, visitor, track: (token = opened.trackingToken) => trackComplaint({ ctx: visitor, input: { token } }) };
}

describe(`asking the complainant (${testDriver})`, () => {
  it('[REVIEWER] asks a question: on the tracking page with a reply form, and a mail that points to the link kept', async () => {
    const s = await story();
    const before = await s.track();
    expect(before).toMatchObject({ status: 'in_case', investigation: { stage: 'under_investigation', mayReply: false, messages: [], outcomes: [] } });
    const { message, mailed } = await requestComplainantInfo({ ctx: s.as(reviewer), input: { caseRef: s.caseRow.reference, body: QUESTION } });
    expect(mailed).toBe(true);
    expect(message).toMatchObject({ audience: 'complainant', kind: 'complainant_request', complaintId: s.complaint.id });
    const tracked = await s.track();
    expect(tracked.investigation).toMatchObject({ mayReply: true, messages: [{ from: 'reviewer', body: QUESTION }] });
    const mail = (await mailsTo(database.db, s.complaint.complainantEmail!)).find((row) => row.subject === `Your complaint ${s.complaint.reference}: the reviewer has a question`);
    expect(mail?.body).toContain(QUESTION);
    expect(mail?.body).toContain('open it with the private link from our first mail');
    expect(mail?.body).not.toContain(s.trackingToken);
    const [audit] = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, s.caseRow.id), eq(auditEvents.action, 'case.request-complainant-info')));
    expect(audit?.after).toMatchObject({ complaint: s.complaint.reference, mailed: true });
  });

  it('asks the right complainant of a case with several complaints, and posts without a mail when there is no email', async () => {
    const s = await story();
    // Logged by a reviewer from a phone call: no email address.
    const anonymous = await logComplaint({
      ctx: s.as(reviewer),
      input: { source: 'reviewer', category: 'data_sale', sealId: s.seal.publicId, description: 'A caller reports the customer list offered for sale in a newspaper.', contactedCompany: 'no', evidence: [] },
    });
    await mergeComplaintIntoCase({ ctx: s.as(reviewer), input: { complaintRef: anonymous.complaint.reference, caseRef: s.caseRow.reference } });
    const unclear = await rejectionOf(requestComplainantInfo({ ctx: s.as(reviewer), input: { caseRef: s.caseRow.reference, body: QUESTION } }), ValidationError);
    expect(unclear.message).toBe('This case has several complaints: choose whose complainant to ask.');
    const { mailed, message } = await requestComplainantInfo({ ctx: s.as(reviewer), input: { caseRef: s.caseRow.reference, complaintRef: anonymous.complaint.reference.toLowerCase(), body: QUESTION } });
    expect(mailed).toBe(false);
    expect(message.complaintId).toBe(anonymous.complaint.id);
    // Each complainant sees only what is addressed to their own complaint.
    expect((await s.track()).investigation).toMatchObject({ messages: [], mayReply: false });
    const stranger = await file(s.visitor, { sealId: s.seal.publicId });
    await rejectionOf(requestComplainantInfo({ ctx: s.as(reviewer), input: { caseRef: s.caseRow.reference, complaintRef: stranger.complaint.reference, body: QUESTION } }), NotFoundError);
  });

  it('refuses a closed case, tied reviewers and non-reviewers', async () => {
    const s = await story();
    const input = { caseRef: s.caseRow.reference, body: QUESTION };
    await rejectionOf(requestComplainantInfo({ ctx: s.as(declared), input }), ForbiddenError);
    await rejectionOf(requestComplainantInfo({ ctx: s.as(s.owner), input }), ForbiddenError);
    await database.db.update(cases).set({ status: 'closed' }).where(eq(cases.id, s.caseRow.id));
    expect((await rejectionOf(requestComplainantInfo({ ctx: s.as(reviewer), input }), ConflictError)).message).toBe(
      `Case ${s.caseRow.reference} is closed: the complainant can no longer be asked anything through it.`,
    );
    expect(await database.db.select().from(caseMessages).where(eq(caseMessages.caseId, s.caseRow.id))).toHaveLength(0);
  });
});

describe(`the complainant’s reply through the tracking link (${testDriver})`, () => {
  it('[COMPLAINANT] answers without an account; the assigned reviewer is told; the answer shows on the tracking page', async () => {
    const s = await story();
    await requestComplainantInfo({ ctx: s.as(reviewer), input: { caseRef: s.caseRow.reference, body: QUESTION } });
    await s.clock.setTime(s.clock.now() + 60_000);
    const reply = await replyAsComplainant({ ctx: s.visitor, input: { token: s.trackingToken, body: '  On 2 June, from sales@toysmart.example.  ' } });
    expect(reply).toMatchObject({ audience: 'complainant', kind: 'complainant_reply', complaintId: s.complaint.id, authorId: null, body: 'On 2 June, from sales@toysmart.example.' });
    expect((await notificationsOf(database.db, reviewer.id)).map((row) => row.subject)).toContain(`The complainant answered in case ${s.caseRow.reference}`);
    expect((await s.track()).messages.map((message) => message.from)).toEqual(['reviewer', 'you']);
    const [audit] = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, s.caseRow.id), eq(auditEvents.action, 'case.complainant-reply')));
    expect(audit).toMatchObject({ actorId: null });
  });

  it('[COMPLAINANT] answers with files, sent with the form or before it from this browser: listed on the tracking page, attached for the reviewer', async () => {
    const s = await story();
    await requestComplainantInfo({ ctx: s.as(reviewer), input: { caseRef: s.caseRow.reference, body: QUESTION } });
    const text = (words: string) => new TextEncoder().encode(`${words}\n`);
    const stage = async (uploaderKey: string, name: string, bytes: Uint8Array) =>
      stageUpload({
        ctx: s.visitor,
        input: { declaredBytes: bytes.length + 200, clientAddress: '203.0.113.77', uploaderKey },
        receive: async () => ({ name, chunks: (async function* () { yield bytes; })() }),
      });
    const key = newUploadSecret();
    const staged = await stage(key, 'b-mail-from-the-shop.txt', text('Dear customer, your details were part of the sale of our customer list.'));

    const reply = await replyAsComplainant({
      ctx: s.visitor,
      input: { token: s.trackingToken, body: 'The mail is attached, and my note of the call.', files: [{ name: 'a-note-of-the-call.txt', bytes: text('Called on 3 June; they confirmed the sale.') }], uploads: [staged.token], uploaderKey: key },
    });
    const stored = await database.db.select().from(caseAttachments).where(eq(caseAttachments.messageId, reply.id));
    expect(stored.map((row) => [row.fileName, row.contentType]).sort()).toEqual([['a-note-of-the-call.txt', 'text/plain'], ['b-mail-from-the-shop.txt', 'text/plain']]);
    const answer = (await s.track()).investigation!.timeline.find((entry) => entry.kind === 'message' && entry.from === 'you');
    expect(answer).toMatchObject({ files: [{ name: 'a-note-of-the-call.txt', contentType: 'text/plain' }, { name: 'b-mail-from-the-shop.txt', contentType: 'text/plain' }] });
    const told = (await notificationsOf(database.db, reviewer.id)).find((row) => row.subject === `The complainant answered in case ${s.caseRow.reference}`);
    expect(told?.body).toContain('with 2 attached files');
    const [audit] = await database.db.select().from(auditEvents).where(and(eq(auditEvents.entityId, s.caseRow.id), eq(auditEvents.action, 'case.complainant-reply')));
    expect((audit!.after as { attachments: unknown[] }).attachments).toHaveLength(2);

    // A file staged by another browser (another uploader key) is not this answer's to take.
    const other = await stage(newUploadSecret(), 'someone-elses.txt', text('Not yours.'));
    const refused = await rejectionOf(replyAsComplainant({ ctx: s.visitor, input: { token: s.trackingToken, body: 'Another file.', uploads: [other.token], uploaderKey: key } }), ValidationError);
    expect(refused.message).toBe(UPLOAD_GONE_MESSAGE);
    expect(await database.db.select().from(caseMessages).where(and(eq(caseMessages.caseId, s.caseRow.id), eq(caseMessages.kind, 'complainant_reply')))).toHaveLength(1);
  });

  it('refuses a wrong token, a reply nobody asked for, an empty one, and any reply once the case is closed', async () => {
    const s = await story();
    expect((await rejectionOf(replyAsComplainant({ ctx: s.visitor, input: { token: 'x'.repeat(43), body: 'Hello' } }), NotFoundError)).message).toBe(TRACKING_NOT_FOUND);
    await rejectionOf(replyAsComplainant({ ctx: s.visitor, input: { token: '../../etc', body: 'Hello' } }), NotFoundError);
    expect((await rejectionOf(replyAsComplainant({ ctx: s.visitor, input: { token: s.trackingToken, body: 'Unasked' } }), ConflictError)).message).toBe(
      'No question from the reviewer is waiting for your answer, so there is nothing to reply to here.',
    );
    // A complaint still in triage cannot be answered either.
    const fresh = await file(s.visitor, { sealId: s.seal.publicId });
    await rejectionOf(replyAsComplainant({ ctx: s.visitor, input: { token: fresh.trackingToken, body: 'Hello there' } }), ConflictError);
    await requestComplainantInfo({ ctx: s.as(reviewer), input: { caseRef: s.caseRow.reference, body: QUESTION } });
    await rejectionOf(replyAsComplainant({ ctx: s.visitor, input: { token: s.trackingToken, body: ' ' } }), ValidationError);
    await database.db.update(cases).set({ status: 'closed' }).where(eq(cases.id, s.caseRow.id));
    expect((await rejectionOf(replyAsComplainant({ ctx: s.visitor, input: { token: s.trackingToken, body: 'Late answer' } }), ConflictError)).message).toContain('is closed, so it takes no more answers');
    expect((await s.track()).investigation).toMatchObject({ stage: 'closed', mayReply: false });
  });

  it('limits replies to five an hour, counted in the database, and lets them through again an hour later', async () => {
    const s = await story();
    await requestComplainantInfo({ ctx: s.as(reviewer), input: { caseRef: s.caseRow.reference, body: QUESTION } });
    const hourly = COMPLAINANT_REPLY_LIMITS[0];
    for (let index = 0; index < hourly.max; index++) await replyAsComplainant({ ctx: s.visitor, input: { token: s.trackingToken, body: `Answer part ${index + 1}` } });
    const refused = await rejectionOf(replyAsComplainant({ ctx: s.visitor, input: { token: s.trackingToken, body: 'One more' } }), TooManyAttemptsError);
    expect(refused.message).toBe('You have sent 5 answers in the last hour; please wait an hour before sending another. Your text is still in the form.');
    await s.clock.setTime(s.clock.now() + hourly.windowMs + 1000);
    await replyAsComplainant({ ctx: s.visitor, input: { token: s.trackingToken, body: 'One more' } });
    expect((await s.track()).messages.filter((message) => message.from === 'you')).toHaveLength(hourly.max + 1);
  });
});

describe(`what the tracking page shows of the case (${testDriver})`, () => {
  it('shows only messages to this complainant and the decisions in effect by their summary, never notices, notes or reasons for the site', async () => {
    const s = await story();
    await sendNotice({ ctx: s.as(reviewer), input: { caseRef: s.caseRow.reference, body: 'NOTICE-TEXT: explain the sale of your customer list.' } });
    await addInternalNote({ ctx: s.as(reviewer), input: { caseRef: s.caseRow.reference, body: 'INTERNAL-TEXT: the buyer is a competitor.' } });
    const now = new Date(s.clock.now());
    await database.db.insert(caseDecisions).values([
      { caseId: s.caseRow.id, outcome: 'suspension', state: 'in_effect', reasonForSite: 'SITE-REASON', summaryForComplainant: 'We suspended the seal of the site.', decidedById: reviewer.id, decidedAt: now },
      { caseId: s.caseRow.id, outcome: 'revocation', state: 'proposed', reasonForSite: 'SITE-REASON', summaryForComplainant: 'PROPOSED-SUMMARY', decidedById: reviewer.id, decidedAt: now },
    ]);
    await database.db.update(cases).set({ status: 'decided' }).where(eq(cases.id, s.caseRow.id));
    const tracked = await s.track();
    expect(tracked.investigation).toMatchObject({ stage: 'decided', outcomes: [{ outcome: 'suspension', summary: 'We suspended the seal of the site.' }] });
    const everything = JSON.stringify(tracked);
    for (const secret of ['NOTICE-TEXT', 'INTERNAL-TEXT', 'SITE-REASON', 'PROPOSED-SUMMARY']) expect(everything).not.toContain(secret);
  });
});
