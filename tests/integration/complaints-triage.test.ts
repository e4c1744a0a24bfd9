import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, conflictDeclarations } from '@/db/schema';
import { createTestClock } from '@/lib/clock';
import { generateTrackingToken, hashTrackingToken } from '@/lib/complaints/tracking-token';
import { dismissComplaint } from '@/lib/services/complaints/dismiss-complaint';
import { complaintCounts, listComplaintsForReview, type ComplaintListEntry } from '@/lib/services/complaints/list-complaints';
import { logComplaint } from '@/lib/services/complaints/log-complaint';
import { readComplaintForReview } from '@/lib/services/complaints/read-complaint';
import { readEvidence } from '@/lib/services/complaints/read-evidence';
import { trackComplaint, TRACKING_NOT_FOUND } from '@/lib/services/complaints/track-complaint';
import { ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from '@/lib/services/errors';
import { testDriver, type TestDatabase } from '../helpers/database';
import { rejectionOf } from '../helpers/errors';
import { actorOf, contextFor, seedUser } from '../helpers/factories';
import { freshDatabaseWithProgram } from '../helpers/program-database';
import { seedOrganization, seedSite } from '../helpers/portal-factories';
import { seedIssuedSeal } from '../helpers/seal-factories';
import { file, mailsTo, publicContext, SAMPLE_FILES } from './complaints-fixtures';

let database: TestDatabase;
let programId: string;
let reviewer: Awaited<ReturnType<typeof seedUser>>;
let applicant: Awaited<ReturnType<typeof seedUser>>;
beforeAll(async () => {
  ({ database, programId, reviewer } = await freshDatabaseWithProgram({ reviewerName: 'Rita Reviewer' }));
  applicant = await seedUser(database.db);
});
afterAll(async () => {
  await database?.close();
});

const as = (user: Parameters<typeof actorOf>[0] | null) => contextFor(database.db, user ? actorOf(user) : null, createTestClock());
const visitor = () => publicContext(database.db, createTestClock());

/** An organization with a proven site, a reviewer who is its member and one who declared a conflict. */
async function organizationWithTiedReviewers() {
  const member = await seedUser(database.db, { role: 'reviewer' });
  const declared = await seedUser(database.db, { role: 'reviewer' });
  const organization = await seedOrganization(database.db, await seedUser(database.db), [member], `Tied Org ${crypto.randomUUID().slice(0, 6)}`);
  const site = await seedSite(database.db, organization.id);
  await database.db.insert(conflictDeclarations).values({ reviewerId: declared.id, organizationId: organization.id, reason: 'my brother runs it', declaredAt: new Date() });
  return { member, declared, organization, site };
}

const dismissal = (complaint: string, overrides: Record<string, unknown> = {}) => ({ complaint, reason: 'spam', note: 'This message advertises a product and is not a complaint about the site.', ...overrides });

describe(`logging complaints (${testDriver})`, () => {
  it('lets a reviewer log a regulator’s complaint, with the logger recorded and the contact mailed', async () => {
    const { site, organization } = await organizationWithTiedReviewers();
    const { complaint } = await logComplaint({
      ctx: as(reviewer),
      input: { source: 'regulator', category: 'ignored_opt_out', domain: site.domain, description: 'The data protection authority forwards three reports of ignored deletion requests.', contactedCompany: 'no', complainantName: 'Data Protection Authority', complainantEmail: 'cases@dpa.example', evidence: [{ name: 'referral.pdf', bytes: SAMPLE_FILES.pdf }] },
    });
    expect(complaint).toMatchObject({ source: 'regulator', loggedById: reviewer.id, organizationId: organization.id, submittedFrom: null, status: 'new' });
    const [audit] = await database.db.select().from(auditEvents).where(and(eq(auditEvents.entityType, 'complaint'), eq(auditEvents.entityId, complaint.id)));
    expect(audit).toMatchObject({ action: 'complaint.log', actorId: reviewer.id });
    expect((await mailsTo(database.db, 'cases@dpa.example')).map((mail) => mail.subject)).toContain(`Your complaint ${complaint.reference} was received`);
  });

  it('refuses visitors, applicants, the public source, and reviewers tied to the organization', async () => {
    const { site, member, declared, organization } = await organizationWithTiedReviewers();
    const input = { source: 'reviewer', category: 'other', domain: site.domain, description: 'Found during a routine check of the certified sites.', contactedCompany: 'no' };
    await rejectionOf(logComplaint({ ctx: as(null), input }), UnauthenticatedError);
    await rejectionOf(logComplaint({ ctx: as(applicant), input }), ForbiddenError);
    const publicSource = await rejectionOf(logComplaint({ ctx: as(reviewer), input: { ...input, source: 'public' } }), ValidationError);
    expect(publicSource.fieldErrors.source).toBeDefined();
    expect((await rejectionOf(logComplaint({ ctx: as(member), input }), ForbiddenError)).message).toBe(`You are a member of ${organization.legalName}, so you cannot act on complaints about it.`);
    expect((await rejectionOf(logComplaint({ ctx: as(declared), input }), ForbiddenError)).message).toBe(
      `You declared a conflict of interest with ${organization.legalName}, so you cannot act on complaints about it.`,
    );
  });
});

describe(`dismissing complaints (${testDriver})`, () => {
  it('dismisses a new complaint with a reason and a note that the complainant reads on the tracking page and in a mail', async () => {
    const filed = await file(visitor(), { domain: 'spammy.example' });
    const dismissed = await dismissComplaint({ ctx: as(reviewer), input: dismissal(filed.complaint.reference.toLowerCase()) });
    expect(dismissed).toMatchObject({ status: 'dismissed', dismissalReason: 'spam', dismissedById: reviewer.id });

    const tracked = await trackComplaint({ ctx: visitor(), input: { token: filed.trackingToken } });
    expect(tracked).toMatchObject({ reference: filed.complaint.reference, status: 'dismissed', dismissal: { reason: 'spam', note: dismissal('').note }, messages: [] });

    const [audit] = await database.db.select().from(auditEvents).where(and(eq(auditEvents.entityId, filed.complaint.id), eq(auditEvents.action, 'complaint.dismiss')));
    expect(audit).toMatchObject({ actorId: reviewer.id, before: { status: 'new' }, after: { status: 'dismissed', dismissalReason: 'spam' } });
    const mails = await mailsTo(database.db, filed.complaint.complainantEmail!);
    expect(mails.map((mail) => mail.subject)).toEqual([`Your complaint ${filed.complaint.reference} was received`, `Your complaint ${filed.complaint.reference} was closed`]);
    expect(mails[1]!.body).toContain('Reason: Spam or not a genuine complaint.');
  });

  it('refuses to dismiss a complaint twice, naming who dismissed it', async () => {
    const filed = await file(visitor(), { domain: 'twice.example' });
    const other = await seedUser(database.db, { role: 'admin' });
    await dismissComplaint({ ctx: as(reviewer), input: dismissal(filed.complaint.reference) });
    const again = await rejectionOf(dismissComplaint({ ctx: as(other), input: dismissal(filed.complaint.reference, { reason: 'duplicate' }) }), ConflictError);
    expect(again.message).toMatch(/^This complaint was already dismissed by Rita Reviewer on \d{1,2} \w+ \d{4}; reload to see the decision\.$/);
    const tracked = await trackComplaint({ ctx: visitor(), input: { token: filed.trackingToken } });
    expect(tracked.dismissal?.reason).toBe('spam');
  });

  it('refuses reviewers with a conflict of interest, applicants and visitors, and leaves the complaint new', async () => {
    const { site, member, declared, organization } = await organizationWithTiedReviewers();
    const filed = await file(visitor(), { domain: site.domain });
    expect((await rejectionOf(dismissComplaint({ ctx: as(declared), input: dismissal(filed.complaint.reference) }), ForbiddenError)).message).toBe(
      `You declared a conflict of interest with ${organization.legalName}, so you cannot act on complaints about it.`,
    );
    await rejectionOf(dismissComplaint({ ctx: as(member), input: dismissal(filed.complaint.reference) }), ForbiddenError);
    await rejectionOf(dismissComplaint({ ctx: as(applicant), input: dismissal(filed.complaint.reference) }), ForbiddenError);
    await rejectionOf(dismissComplaint({ ctx: as(null), input: dismissal(filed.complaint.reference) }), UnauthenticatedError);
    expect((await trackComplaint({ ctx: visitor(), input: { token: filed.trackingToken } })).status).toBe('new');
  });

  it('asks for a reason and a note, and says when the reference is unknown', async () => {
    const filed = await file(visitor(), { domain: 'unclear.example' });
    const noNote = await rejectionOf(dismissComplaint({ ctx: as(reviewer), input: dismissal(filed.complaint.reference, { note: ' ' }) }), ValidationError);
    expect(noNote.fieldErrors.note?.[0]).toContain('they read it on their tracking page');
    const noReason = await rejectionOf(dismissComplaint({ ctx: as(reviewer), input: dismissal(filed.complaint.reference, { reason: 'boring' }) }), ValidationError);
    expect(noReason.fieldErrors.reason).toBeDefined();
    expect((await rejectionOf(dismissComplaint({ ctx: as(reviewer), input: dismissal('C-2222-2222') }), NotFoundError)).message).toBe('There is no complaint with this reference.');
  });
});

describe(`reading complaints and evidence (${testDriver})`, () => {
  it('shows a reviewer every field and the evidence, and refuses tied reviewers, applicants and visitors', async () => {
    const { site, member, declared } = await organizationWithTiedReviewers();
    const filed = await file(visitor(), { domain: site.domain }, { complainantName: 'Carla Complainant', evidence: [{ name: 'mail.txt', bytes: SAMPLE_FILES.text }] });
    const read = await readComplaintForReview({ ctx: as(reviewer), input: { complaint: filed.complaint.reference } });
    expect(read.complaint.complainantName).toBe('Carla Complainant');
    expect(read.evidence).toEqual([expect.objectContaining({ fileName: 'mail.txt', contentType: 'text/plain', sizeBytes: SAMPLE_FILES.text.length })]);
    expect(read.history.map((event) => event.action)).toEqual(['complaint.file']);

    const download = await readEvidence({ ctx: as(reviewer), input: { complaint: filed.complaint.reference, evidenceId: read.evidence[0]!.id } });
    expect(new TextDecoder().decode(download.file.content)).toBe(new TextDecoder().decode(SAMPLE_FILES.text));

    for (const tied of [member, declared]) {
      await rejectionOf(readComplaintForReview({ ctx: as(tied), input: { complaint: filed.complaint.reference } }), ForbiddenError);
      await rejectionOf(readEvidence({ ctx: as(tied), input: { complaint: filed.complaint.reference, evidenceId: read.evidence[0]!.id } }), ForbiddenError);
    }
    await rejectionOf(readEvidence({ ctx: as(applicant), input: { complaint: filed.complaint.reference, evidenceId: read.evidence[0]!.id } }), ForbiddenError);
    await rejectionOf(readEvidence({ ctx: as(null), input: { complaint: filed.complaint.reference, evidenceId: read.evidence[0]!.id } }), UnauthenticatedError);

    // Evidence is reached only through its own complaint.
    const other = await file(visitor(), { domain: 'other-shop.example' });
    await rejectionOf(readEvidence({ ctx: as(reviewer), input: { complaint: other.complaint.reference, evidenceId: read.evidence[0]!.id } }), NotFoundError);
  });

  it('opens a tracking page only with its own token: never another complaint, never the stored hash', async () => {
    const first = await file(visitor(), { domain: 'first.example' });
    const second = await file(visitor(), { domain: 'second.example' });
    expect((await trackComplaint({ ctx: visitor(), input: { token: first.trackingToken } })).reference).toBe(first.complaint.reference);
    expect((await trackComplaint({ ctx: visitor(), input: { token: second.trackingToken } })).reference).toBe(second.complaint.reference);

    const flipped = first.trackingToken.slice(0, -1) + (first.trackingToken.endsWith('A') ? 'B' : 'A');
    for (const token of [generateTrackingToken(), flipped, hashTrackingToken(first.trackingToken), first.complaint.reference, '', 'x'.repeat(43)]) {
      expect((await rejectionOf(trackComplaint({ ctx: visitor(), input: { token } }), NotFoundError)).message).toBe(TRACKING_NOT_FOUND);
    }
    const tracked = await trackComplaint({ ctx: visitor(), input: { token: first.trackingToken } });
    expect(JSON.stringify(tracked)).not.toContain(first.complaint.complainantEmail!);
  });
});

describe(`the triage queue (${testDriver})`, () => {
  it('lists new complaints fast-track first, then oldest first, filters them, and marks those the viewer is tied to', async () => {
    const holder = await seedIssuedSeal(database.db, { programId, reviewerId: reviewer.id });
    const { site, declared } = await organizationWithTiedReviewers();
    const at = (iso: string) => publicContext(database.db, createTestClock(new Date(iso)));
    const old = await file(at('2026-06-01T08:00:00Z'), { domain: site.domain }, { category: 'security_incident' });
    const fast = await file(at('2026-06-03T08:00:00Z'), { sealId: holder.seal.publicId }, { category: 'data_sale', evidence: [{ name: 'a.png', bytes: SAMPLE_FILES.png }] });
    const recent = await file(at('2026-06-02T08:00:00Z'), { domain: 'recent.example' }, { category: 'other' });
    const gone = await file(at('2026-05-01T08:00:00Z'), { domain: 'gone.example' });
    await dismissComplaint({ ctx: as(reviewer), input: dismissal(gone.complaint.reference) });

    const at4th = createTestClock(new Date('2026-06-04T09:00:00Z'));
    const list = async (user: Parameters<typeof actorOf>[0], input: Record<string, string> = {}) => (await listComplaintsForReview({ ctx: contextFor(database.db, actorOf(user), at4th), input })).complaints;
    const mine = (items: ComplaintListEntry[]) => items.filter((item) => [old, fast, recent, gone].some((filed) => filed.complaint.id === item.id));
    const queue = mine(await list(declared));
    expect(queue.map((item) => [item.reference, item.fastTrack, item.conflicted, item.evidenceFiles, item.ageDays])).toEqual([
      [fast.complaint.reference, true, false, 1, 1],
      [old.complaint.reference, false, true, 0, 3],
      [recent.complaint.reference, false, false, 0, 2],
    ]);
    expect(queue[0]!.site).toBe(holder.site.domain);
    expect(mine(await list(reviewer, { category: 'other' })).map((item) => item.reference)).toEqual([recent.complaint.reference]);
    expect(mine(await list(reviewer, { source: 'regulator' }))).toEqual([]);
    // The dismissed one is on the record, with its reason.
    expect(mine(await list(reviewer, { state: 'dismissed' })).map((item) => [item.reference, item.dismissalReason])).toEqual([[gone.complaint.reference, 'spam']]);

    const counts = await complaintCounts({ ctx: as(reviewer) });
    expect(counts.fastTrack.n).toBeGreaterThanOrEqual(1);
    expect(counts.dismissed.n).toBeGreaterThanOrEqual(1);
  });
});
