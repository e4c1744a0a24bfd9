import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { auditEvents, caseMessages, cases, complaints, conflictDeclarations, memberships, programs } from '@/db/schema';
import { createTestClock } from '@/lib/clock';
import { addInternalNote } from '@/lib/services/cases/add-internal-note';
import { assignCase } from '@/lib/services/cases/assign-case';
import { mergeComplaintIntoCase, openCaseFromComplaint } from '@/lib/services/cases/open-case';
import { readCaseAttachment, readCaseForReview } from '@/lib/services/cases/read-case';
import { requestComplainantInfo } from '@/lib/services/cases/request-complainant-info';
import { respondToCase } from '@/lib/services/cases/respond-to-case';
import { sendNotice } from '@/lib/services/cases/send-notice';
import { ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from '@/lib/services/errors';
import { testDriver, type TestDatabase } from '../helpers/database';
import { rejectionOf } from '../helpers/errors';
import { seedUser } from '../helpers/factories';
import { freshDatabaseWithProgram } from '../helpers/program-database';
import { seedOrganization, seedSite } from '../helpers/portal-factories';
import { seedIssuedSeal } from '../helpers/seal-factories';
import { actingAs, DAY, type User } from './cases-decisions-fixtures';
import { file, mailsTo, notificationsOf, publicContext, SAMPLE_FILES } from './complaints-fixtures';

let database: TestDatabase;
let programId: string;
let reviewer: User;
let other: User;
let admin: User;
let applicant: User;
beforeAll(async () => {
  ({ database, programId, reviewer } = await freshDatabaseWithProgram({ reviewerName: 'Rita Reviewer' }));
  other = await seedUser(database.db, { role: 'reviewer', name: 'Otto Other' });
  admin = await seedUser(database.db, { role: 'admin', name: 'Ada Admin' });
  applicant = await seedUser(database.db);
});
afterAll(async () => {
  await database?.close();
});

/** A seal holder with a member-reviewer and a reviewer who declared a conflict; a visitor's complaint about its seal. */
async function complaintAboutSeal(overrides: Record<string, unknown> = {}) {
  const clock = createTestClock();
  const issued = await seedIssuedSeal(database.db, { programId, reviewerId: reviewer.id });
  const memberReviewer = await seedUser(database.db, { role: 'reviewer' });
  await database.db.insert(memberships).values({ organizationId: issued.organization.id, userId: memberReviewer.id, role: 'member' });
  const declared = await seedUser(database.db, { role: 'reviewer' });
  await database.db.insert(conflictDeclarations).values({ reviewerId: declared.id, organizationId: issued.organization.id, reason: 'former employer', declaredAt: new Date() });
  const filed = await file(publicContext(database.db, clock), { sealId: issued.seal.publicId }, overrides);
  return { ...issued, ...filed, clock, as: actingAs(database.db, clock), memberReviewer, declared };
}

const caseRow = async (id: string) => (await database.db.select().from(cases).where(eq(cases.id, id)))[0]!;
const complaintRow = async (id: string) => (await database.db.select().from(complaints).where(eq(complaints.id, id)))[0]!;
const caseAudit = (id: string) =>
  database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entityType, 'case'), eq(auditEvents.entityId, id)))
    .orderBy(asc(auditEvents.occurredAt));

describe(`opening a case from a complaint (${testDriver})`, () => {
  it('[REVIEWER] opens a case for the seal’s holder, fast-tracked for a data sale, assigned to the opener; the complainant is mailed', async () => {
    const story = await complaintAboutSeal({ category: 'data_sale' });
    const opened = await openCaseFromComplaint({ ctx: story.as(reviewer), input: { complaintRef: story.complaint.reference.toLowerCase() } });
    expect(opened).toMatchObject({ kind: 'complaint', status: 'open', organizationId: story.organization.id, sealId: story.seal.id, fastTrack: true, assignedReviewerId: reviewer.id, openedById: reviewer.id });
    expect(opened.reference).toMatch(/^K-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(opened.title).toContain('Sale or transfer of personal data');
    expect(await complaintRow(story.complaint.id)).toMatchObject({ status: 'in_case', caseId: opened.id });
    expect((await caseAudit(opened.id)).map((event) => event.action)).toEqual(['case.open']);
    const mails = await mailsTo(database.db, story.complaint.complainantEmail!);
    const mail = mails.find((row) => row.subject === `Your complaint ${story.complaint.reference}: an investigation is open`);
    expect(mail?.body).toContain('Open it with the private link from our first mail');
    // The raw token is stored nowhere, so no mail can carry it.
    expect(mail?.body).not.toContain(story.trackingToken);
  });

  it('puts a data-sale complaint on the fast track when the organization holds a seal, even filed by domain only', async () => {
    const story = await complaintAboutSeal();
    const byDomain = await file(publicContext(database.db, story.clock), { domain: story.site.domain }, { category: 'data_sale' });
    const opened = await openCaseFromComplaint({ ctx: story.as(reviewer), input: { complaintRef: byDomain.complaint.reference, title: '  Customer list for sale  ' } });
    expect(opened).toMatchObject({ fastTrack: true, sealId: story.seal.id, domain: story.site.domain, title: 'Customer list for sale' });
    // A complaint in another category is not fast-tracked.
    const plain = await openCaseFromComplaint({ ctx: story.as(reviewer), input: { complaintRef: story.complaint.reference } });
    expect(plain.fastTrack).toBe(false);
  });

  it('refuses a complaint without a known organization, one already triaged, unknown references, non-reviewers and tied reviewers', async () => {
    const story = await complaintAboutSeal();
    const nowhere = await file(publicContext(database.db, story.clock), { domain: 'unregistered-shop.example' });
    const noOrg = await rejectionOf(openCaseFromComplaint({ ctx: story.as(reviewer), input: { complaintRef: nowhere.complaint.reference } }), ValidationError);
    expect(noOrg.message).toContain('names no organization we know');
    await rejectionOf(openCaseFromComplaint({ ctx: { ...story.as(reviewer), actor: null }, input: { complaintRef: story.complaint.reference } }), UnauthenticatedError);
    expect((await rejectionOf(openCaseFromComplaint({ ctx: story.as(applicant), input: { complaintRef: story.complaint.reference } }), ForbiddenError)).message).toBe('Only a reviewer can do this.');
    expect((await rejectionOf(openCaseFromComplaint({ ctx: story.as(story.memberReviewer), input: { complaintRef: story.complaint.reference } }), ForbiddenError)).message).toBe(
      `You are a member of ${story.organization.legalName}, so you cannot act on complaints about it.`,
    );
    await rejectionOf(openCaseFromComplaint({ ctx: story.as(story.declared), input: { complaintRef: story.complaint.reference } }), ForbiddenError);
    await rejectionOf(openCaseFromComplaint({ ctx: story.as(reviewer), input: { complaintRef: 'C-0000-0000' } }), NotFoundError);
    expect(await complaintRow(story.complaint.id)).toMatchObject({ status: 'new', caseId: null });

    await openCaseFromComplaint({ ctx: story.as(reviewer), input: { complaintRef: story.complaint.reference } });
    const again = await rejectionOf(openCaseFromComplaint({ ctx: story.as(other), input: { complaintRef: story.complaint.reference } }), ConflictError);
    expect(again.message).toBe(`Complaint ${story.complaint.reference} is in a case, not new, so it cannot be triaged again; reload to see where it went.`);
  });

  it('of two reviewers opening a case from one complaint at once, exactly one succeeds and no orphan case remains', async () => {
    const story = await complaintAboutSeal();
    const results = await Promise.allSettled([reviewer, other].map((who) => openCaseFromComplaint({ ctx: story.as(who), input: { complaintRef: story.complaint.reference } })));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect((results.find((result) => result.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    expect(await database.db.select().from(cases).where(eq(cases.organizationId, story.organization.id))).toHaveLength(1);
  });
});

describe(`merging a complaint into a case (${testDriver})`, () => {
  it('[REVIEWER] adds a second complaint to the open case of the same organization, which then goes on the fast track', async () => {
    const story = await complaintAboutSeal();
    const opened = await openCaseFromComplaint({ ctx: story.as(reviewer), input: { complaintRef: story.complaint.reference } });
    expect(opened.fastTrack).toBe(false);
    const second = await file(publicContext(database.db, story.clock), { sealId: story.seal.publicId }, { category: 'data_sale' });
    const { caseRow: merged } = await mergeComplaintIntoCase({ ctx: story.as(other), input: { complaintRef: second.complaint.reference, caseRef: opened.reference } });
    expect(merged).toMatchObject({ id: opened.id, fastTrack: true });
    expect(await complaintRow(second.complaint.id)).toMatchObject({ status: 'in_case', caseId: opened.id });
    expect((await caseAudit(opened.id)).map((event) => event.action)).toEqual(['case.open', 'case.merge-complaint']);
    // The assigned reviewer hears of it; the complainant learns an investigation is open.
    expect((await notificationsOf(database.db, reviewer.id)).map((row) => row.subject)).toContain(`Complaint ${second.complaint.reference} was added to case ${opened.reference}`);
    expect((await mailsTo(database.db, second.complaint.complainantEmail!)).map((row) => row.subject)).toContain(`Your complaint ${second.complaint.reference}: an investigation is open`);
  });

  it('refuses a case of another organization, a closed case, a complaint already in a case, and tied reviewers', async () => {
    const story = await complaintAboutSeal();
    const elsewhere = await complaintAboutSeal();
    const theirs = await openCaseFromComplaint({ ctx: elsewhere.as(reviewer), input: { complaintRef: elsewhere.complaint.reference } });
    const otherOrg = await rejectionOf(mergeComplaintIntoCase({ ctx: story.as(reviewer), input: { complaintRef: story.complaint.reference, caseRef: theirs.reference } }), ConflictError);
    expect(otherOrg.message).toBe(
      `Complaint ${story.complaint.reference} is about ${story.organization.legalName}, but case ${theirs.reference} is about ${elsewhere.organization.legalName}: a complaint can only join a case about the same organization. Open a new case for it instead.`,
    );
    const ours = await openCaseFromComplaint({
      ctx: story.as(reviewer),
      input: { complaintRef: (await file(publicContext(database.db, story.clock), { sealId: story.seal.publicId })).complaint.reference },
    });
    expect((await rejectionOf(mergeComplaintIntoCase({ ctx: story.as(story.memberReviewer), input: { complaintRef: story.complaint.reference, caseRef: ours.reference } }), ForbiddenError)).message).toBe(
      `You are a member of ${story.organization.legalName}, so you cannot act on cases about it.`,
    );
    await rejectionOf(mergeComplaintIntoCase({ ctx: story.as(story.declared), input: { complaintRef: story.complaint.reference, caseRef: ours.reference } }), ForbiddenError);
    await rejectionOf(mergeComplaintIntoCase({ ctx: story.as(applicant), input: { complaintRef: story.complaint.reference, caseRef: ours.reference } }), ForbiddenError);

    await database.db.update(cases).set({ status: 'closed', closedAt: new Date() }).where(eq(cases.id, ours.id));
    const closed = await rejectionOf(mergeComplaintIntoCase({ ctx: story.as(reviewer), input: { complaintRef: story.complaint.reference, caseRef: ours.reference } }), ConflictError);
    expect(closed.message).toContain('a complaint cannot join a closed case');
    expect(await complaintRow(story.complaint.id)).toMatchObject({ status: 'new' });

    const open = await openCaseFromComplaint({ ctx: story.as(reviewer), input: { complaintRef: story.complaint.reference } });
    const twice = await rejectionOf(mergeComplaintIntoCase({ ctx: story.as(reviewer), input: { complaintRef: story.complaint.reference, caseRef: open.reference } }), ConflictError);
    expect(twice.message).toContain('not new, so it cannot be triaged again');
  });
});

describe(`assignment (${testDriver})`, () => {
  it('[ADMIN] reassigns a case, telling the new and the former assignee; [REVIEWER] takes only an unassigned case', async () => {
    const story = await complaintAboutSeal();
    const opened = await openCaseFromComplaint({ ctx: story.as(reviewer), input: { complaintRef: story.complaint.reference } });
    const taken = await rejectionOf(assignCase({ ctx: story.as(other), input: { caseRef: opened.reference } }), ConflictError);
    expect(taken.message).toBe(`Case ${opened.reference} is already assigned to Rita Reviewer; only an administrator can reassign it.`);
    expect((await rejectionOf(assignCase({ ctx: story.as(other), input: { caseRef: opened.reference, assigneeId: other.id } }), ConflictError)).message).toContain('already assigned to Rita Reviewer');
    expect((await rejectionOf(assignCase({ ctx: story.as(reviewer), input: { caseRef: opened.reference, assigneeId: other.id } }), ForbiddenError)).message).toBe(
      'Only an administrator can assign a case to someone else; you can take an unassigned case for yourself.',
    );

    const reassigned = await assignCase({ ctx: story.as(admin), input: { caseRef: opened.reference, assigneeId: other.id } });
    expect(reassigned.assignedReviewerId).toBe(other.id);
    expect((await notificationsOf(database.db, other.id)).map((row) => row.subject)).toContain(`Case ${opened.reference} was assigned to you`);
    expect((await notificationsOf(database.db, reviewer.id)).map((row) => row.subject)).toContain(`Case ${opened.reference} was reassigned`);
    await rejectionOf(assignCase({ ctx: story.as(admin), input: { caseRef: opened.reference, assigneeId: other.id } }), ConflictError);

    // Unassigned (as a change-of-control case starts): a reviewer takes it; a second one cannot.
    await database.db.update(cases).set({ assignedReviewerId: null }).where(eq(cases.id, opened.id));
    expect((await assignCase({ ctx: story.as(reviewer), input: { caseRef: opened.reference } })).assignedReviewerId).toBe(reviewer.id);
    await rejectionOf(assignCase({ ctx: story.as(other), input: { caseRef: opened.reference } }), ConflictError);
    expect((await caseAudit(opened.id)).filter((event) => event.action === 'case.assign')).toHaveLength(2);
  });

  it('refuses an assignee tied to the organization, an applicant as assignee, tied actors, and a closed case', async () => {
    const story = await complaintAboutSeal();
    const opened = await openCaseFromComplaint({ ctx: story.as(reviewer), input: { complaintRef: story.complaint.reference } });
    expect((await rejectionOf(assignCase({ ctx: story.as(admin), input: { caseRef: opened.reference, assigneeId: story.declared.id } }), ForbiddenError)).message).toBe(
      `${story.declared.name} has a conflict of interest with ${story.organization.legalName}, so they cannot handle this case. Choose another reviewer.`,
    );
    await rejectionOf(assignCase({ ctx: story.as(admin), input: { caseRef: opened.reference, assigneeId: applicant.id } }), ValidationError);
    await rejectionOf(assignCase({ ctx: story.as(story.memberReviewer), input: { caseRef: opened.reference } }), ForbiddenError);
    await rejectionOf(assignCase({ ctx: story.as(applicant), input: { caseRef: opened.reference } }), ForbiddenError);
    await database.db.update(cases).set({ status: 'closed' }).where(eq(cases.id, opened.id));
    expect((await rejectionOf(assignCase({ ctx: story.as(admin), input: { caseRef: opened.reference, assigneeId: other.id } }), ConflictError)).message).toBe(`Case ${opened.reference} is closed; it is no longer assigned.`);
    expect((await caseRow(opened.id)).assignedReviewerId).toBe(reviewer.id);
  });
});

describe(`notices to the site (${testDriver})`, () => {
  it('[REVIEWER] sends a notice: awaiting the site, due after the program’s response days, every member notified and mailed', async () => {
    const story = await complaintAboutSeal();
    const opened = await openCaseFromComplaint({ ctx: story.as(reviewer), input: { complaintRef: story.complaint.reference } });
    await database.db.update(programs).set({ caseResponseDays: 10 }).where(eq(programs.id, programId));
    try {
      const { caseRow: sent, message } = await sendNotice({ ctx: story.as(reviewer), input: { caseRef: opened.reference, body: 'Your shop is reported to offer its customer list for sale. Explain by the deadline.' } });
      const now = story.clock.now();
      expect(sent).toMatchObject({ status: 'awaiting_site_response', escalationLevel: 0 });
      expect(sent.responseDueAt!.getTime()).toBe(now + 10 * DAY);
      expect(message).toMatchObject({ audience: 'site', kind: 'notice', authorId: reviewer.id });
      expect(message.responseDueAt!.getTime()).toBe(now + 10 * DAY);
    } finally {
      await database.db.update(programs).set({ caseResponseDays: 14 }).where(eq(programs.id, programId));
    }
    for (const user of [story.owner, story.member]) {
      const [notice] = (await notificationsOf(database.db, user.id)).filter((row) => row.kind === 'case.notice');
      expect(notice?.subject).toMatch(new RegExp(`^Notice from the seal authority: case ${opened.reference} — please respond by \\d{1,2} \\w+ \\d{4}$`));
      expect(notice?.link).toBe(`/portal/cases/${opened.reference}`);
      expect((await mailsTo(database.db, user.email)).map((mail) => mail.subject)).toContain(notice!.subject);
    }
    // The complainant's identity is not in what the site receives.
    const [notice] = (await notificationsOf(database.db, story.owner.id)).filter((row) => row.kind === 'case.notice');
    expect(notice!.body).not.toContain(story.complaint.complainantEmail!);
    expect((await caseAudit(opened.id)).map((event) => event.action)).toEqual(['case.open', 'case.notice']);
  });

  it('refuses a second notice while one awaits, a notice on a closed or decided case, short text, and tied or non-reviewers', async () => {
    const story = await complaintAboutSeal();
    const opened = await openCaseFromComplaint({ ctx: story.as(reviewer), input: { complaintRef: story.complaint.reference } });
    const body = 'Explain the offer of your customer list, with the sale documents.';
    await rejectionOf(sendNotice({ ctx: story.as(reviewer), input: { caseRef: opened.reference, body: 'Explain.' } }), ValidationError);
    expect((await rejectionOf(sendNotice({ ctx: story.as(story.memberReviewer), input: { caseRef: opened.reference, body } }), ForbiddenError)).message).toBe(
      `You are a member of ${story.organization.legalName}, so you cannot act on cases about it.`,
    );
    expect((await rejectionOf(sendNotice({ ctx: story.as(story.declared), input: { caseRef: opened.reference, body } }), ForbiddenError)).message).toBe(
      `You declared a conflict of interest with ${story.organization.legalName}, so you cannot act on cases about it.`,
    );
    await rejectionOf(sendNotice({ ctx: story.as(story.owner), input: { caseRef: opened.reference, body } }), ForbiddenError);
    await rejectionOf(sendNotice({ ctx: story.as(reviewer), input: { caseRef: 'K-0000-0000', body } }), NotFoundError);

    await sendNotice({ ctx: story.as(reviewer), input: { caseRef: opened.reference, body } });
    expect((await rejectionOf(sendNotice({ ctx: story.as(reviewer), input: { caseRef: opened.reference, body } }), ConflictError)).message).toMatch(
      new RegExp(`^Case ${opened.reference} is already awaiting the site’s response to a notice, due by \\d{1,2} \\w+ \\d{4}, \\d\\d:\\d\\d UTC\\.`),
    );
    await database.db.update(cases).set({ status: 'decided' }).where(eq(cases.id, opened.id));
    expect((await rejectionOf(sendNotice({ ctx: story.as(reviewer), input: { caseRef: opened.reference, body } }), ConflictError)).message).toBe(
      `Case ${opened.reference} is decided; a further notice can only follow a corrective action.`,
    );
    await database.db.update(cases).set({ status: 'closed' }).where(eq(cases.id, opened.id));
    expect((await rejectionOf(sendNotice({ ctx: story.as(reviewer), input: { caseRef: opened.reference, body } }), ConflictError)).message).toBe(`Case ${opened.reference} is closed, so no notice can be sent.`);
    expect(await database.db.select().from(caseMessages).where(eq(caseMessages.caseId, opened.id))).toHaveLength(1);
  });
});

describe(`internal notes and the reviewer’s read (${testDriver})`, () => {
  it('[REVIEWER] writes a note only reviewers read, even on a closed case; the note’s text stays out of the audit trail', async () => {
    const story = await complaintAboutSeal();
    const opened = await openCaseFromComplaint({ ctx: story.as(reviewer), input: { complaintRef: story.complaint.reference } });
    const note = await addInternalNote({ ctx: story.as(other), input: { caseRef: opened.reference, body: 'The buyer is a competitor in the same business.' } });
    expect(note).toMatchObject({ audience: 'internal', kind: 'internal_note', authorId: other.id });
    expect((await notificationsOf(database.db, reviewer.id)).map((row) => row.subject)).toContain(`Otto Other wrote an internal note on case ${opened.reference}`);
    const [audit] = (await caseAudit(opened.id)).filter((event) => event.action === 'case.note');
    expect(JSON.stringify(audit)).not.toContain('competitor');
    await database.db.update(cases).set({ status: 'closed' }).where(eq(cases.id, opened.id));
    await addInternalNote({ ctx: story.as(reviewer), input: { caseRef: opened.reference, body: 'Closed; the seal was revoked.' } });

    const read = await readCaseForReview({ ctx: story.as(reviewer), input: { caseRef: opened.reference } });
    expect(read.messages.map((message) => [message.kind, message.audience])).toEqual([
      ['internal_note', 'internal'],
      ['internal_note', 'internal'],
    ]);
    expect(read.complaints.map((complaint) => complaint.complainantEmail)).toEqual([story.complaint.complainantEmail]);
    expect(read.seal).toMatchObject({ publicId: story.seal.publicId, status: 'active' });
  });

  it('offers an admin every untied reviewer to assign the case to, and no one tied to the organization', async () => {
    const story = await complaintAboutSeal();
    const opened = await openCaseFromComplaint({ ctx: story.as(reviewer), input: { complaintRef: story.complaint.reference } });
    const offered = (await readCaseForReview({ ctx: story.as(admin), input: { caseRef: opened.reference } })).assignableReviewers.map((person) => person.id);
    expect(offered).toEqual(expect.arrayContaining([reviewer.id, other.id, admin.id]));
    expect(offered).not.toContain(story.memberReviewer.id);
    expect(offered).not.toContain(story.declared.id);
    // Once withdrawn, a declaration no longer stands in the way.
    await database.db.update(conflictDeclarations).set({ withdrawnAt: new Date() }).where(eq(conflictDeclarations.reviewerId, story.declared.id));
    expect((await readCaseForReview({ ctx: story.as(admin), input: { caseRef: opened.reference } })).assignableReviewers.map((person) => person.id)).toContain(story.declared.id);
    expect((await readCaseForReview({ ctx: story.as(reviewer), input: { caseRef: opened.reference } })).assignableReviewers).toEqual([]);
  });

  it('refuses notes and the read to tied reviewers and to anyone who is not a reviewer', async () => {
    const story = await complaintAboutSeal();
    const opened = await openCaseFromComplaint({ ctx: story.as(reviewer), input: { complaintRef: story.complaint.reference } });
    const input = { caseRef: opened.reference, body: 'A note.' };
    for (const tied of [story.memberReviewer, story.declared]) {
      await rejectionOf(addInternalNote({ ctx: story.as(tied), input }), ForbiddenError);
      expect((await rejectionOf(readCaseForReview({ ctx: story.as(tied), input: { caseRef: opened.reference } }), ForbiddenError)).message).toBe(
        `You have a conflict of interest with ${story.organization.legalName} (you are a member, or you declared one), so another reviewer handles cases about it.`,
      );
    }
    for (const outsider of [story.owner, applicant]) {
      await rejectionOf(addInternalNote({ ctx: story.as(outsider), input }), ForbiddenError);
      await rejectionOf(readCaseForReview({ ctx: story.as(outsider), input: { caseRef: opened.reference } }), ForbiddenError);
    }
    await rejectionOf(readCaseForReview({ ctx: { ...story.as(reviewer), actor: null }, input: { caseRef: opened.reference } }), UnauthenticatedError);
    expect(await database.db.select().from(caseMessages).where(eq(caseMessages.caseId, opened.id))).toHaveLength(0);
  });
});

describe(`a tied reviewer learns nothing from triage (${testDriver})`, () => {
  it('refuses them for the conflict before saying where a complaint already went', async () => {
    const story = await complaintAboutSeal();
    await openCaseFromComplaint({ ctx: story.as(reviewer), input: { complaintRef: story.complaint.reference } });
    for (const tied of [story.memberReviewer, story.declared]) {
      const refused = await rejectionOf(openCaseFromComplaint({ ctx: story.as(tied), input: { complaintRef: story.complaint.reference } }), ForbiddenError);
      expect(refused.message).not.toContain('not new');
    }
  });
});

describe(`who may call the reviewer's case verbs (${testDriver})`, () => {
  it('refuses a visitor and an applicant before reading what they sent, even when it is not valid', async () => {
    const as = actingAs(database.db, createTestClock());
    const verbs = { sendNotice, addInternalNote, requestComplainantInfo, readCaseForReview, readCaseAttachment };
    for (const [name, verb] of Object.entries(verbs)) {
      const anonymous = await rejectionOf(verb({ ctx: { ...as(applicant), actor: null }, input: {} }), UnauthenticatedError);
      expect(anonymous.message, name).toBe('Please sign in to continue.');
      const notReviewer = await rejectionOf(verb({ ctx: as(applicant), input: {} }), ForbiddenError);
      expect(notReviewer.message, name).toBe('Only a reviewer can do this.');
    }
  });
});

describe(`organizations without a seal (${testDriver})`, () => {
  it('opens a case about a registered site without a seal, using the default program’s deadlines', async () => {
    const clock = createTestClock();
    const owner = await seedUser(database.db);
    const organization = await seedOrganization(database.db, owner);
    const site = await seedSite(database.db, organization.id);
    const filed = await file(publicContext(database.db, clock), { domain: site.domain });
    const as = actingAs(database.db, clock);
    const opened = await openCaseFromComplaint({ ctx: as(reviewer), input: { complaintRef: filed.complaint.reference } });
    expect(opened).toMatchObject({ sealId: null, domain: site.domain, fastTrack: false });
    const { caseRow: sent } = await sendNotice({ ctx: as(reviewer), input: { caseRef: opened.reference, body: 'Please explain what you did with the complainant’s address.' } });
    expect(sent.responseDueAt!.getTime()).toBe(clock.now() + 14 * DAY);
  });
});

describe(`attachments of a case (${testDriver})`, () => {
  it('[REVIEWER] lists the site’s files on the case and downloads one; tied reviewers and other cases’ references are refused', async () => {
    const story = await complaintAboutSeal();
    const opened = await openCaseFromComplaint({ ctx: story.as(reviewer), input: { complaintRef: story.complaint.reference } });
    await sendNotice({ ctx: story.as(reviewer), input: { caseRef: opened.reference, body: 'Send us the sale contract and your customer notice.' } });
    await respondToCase({ ctx: story.as(story.owner), input: { caseRef: opened.reference, body: 'The contract excludes the customer list; see the attached PDF.', files: [{ name: 'contract.pdf', bytes: SAMPLE_FILES.pdf }] } });

    const read = await readCaseForReview({ ctx: story.as(reviewer), input: { caseRef: opened.reference } });
    const response = read.messages.find((message) => message.kind === 'site_response')!;
    expect(response.attachments).toEqual([expect.objectContaining({ fileName: 'contract.pdf', contentType: 'application/pdf', sizeBytes: SAMPLE_FILES.pdf.length })]);
    const attachmentId = response.attachments[0]!.id;
    const { file: downloaded } = await readCaseAttachment({ ctx: story.as(other), input: { caseRef: opened.reference, attachmentId } });
    expect(Buffer.from(downloaded.content).equals(Buffer.from(SAMPLE_FILES.pdf))).toBe(true);

    for (const tied of [story.memberReviewer, story.declared]) await rejectionOf(readCaseAttachment({ ctx: story.as(tied), input: { caseRef: opened.reference, attachmentId } }), ForbiddenError);
    await rejectionOf(readCaseAttachment({ ctx: story.as(story.owner), input: { caseRef: opened.reference, attachmentId } }), ForbiddenError);
    // The file is found only under its own case.
    const elsewhere = await complaintAboutSeal();
    const otherCase = await openCaseFromComplaint({ ctx: elsewhere.as(reviewer), input: { complaintRef: elsewhere.complaint.reference } });
    expect((await rejectionOf(readCaseAttachment({ ctx: story.as(reviewer), input: { caseRef: otherCase.reference, attachmentId } }), NotFoundError)).message).toBe('This case has no such attachment.');
  });
});
