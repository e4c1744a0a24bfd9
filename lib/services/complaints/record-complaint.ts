import { and, eq, inArray, isNull, ne } from 'drizzle-orm';
import { complaintEvidence, complaints, users, type Complaint, type ComplaintSource } from '@/db/schema';
import type { Executor } from '@/db/client';
import { greeting, MAIL_SIGNATURE, reviewersFreeToHandle } from '@/lib/cases/case-records';
import type { AcceptedEvidence } from '@/lib/complaints/evidence-files';
import { complaintCategoryLabels } from '@/lib/complaints/labels';
import { generateComplaintReference } from '@/lib/complaints/reference';
import { generateTrackingToken, hashTrackingToken, trackingPath } from '@/lib/complaints/tracking-token';
import { notifyReviewers, notifyUsers, sendMail, type NotifyContext } from '@/lib/notifications/notify';
import { MAIL_SECRET_PLACEHOLDER } from '@/lib/notifications/mail-secret';
import { absoluteLink } from '@/lib/notifications/mail-text';
import { recordAudit } from '../audit';
import { attachStagedUploads, type ClaimedUpload } from '../uploads/attach-staged';
import type { ComplaintFields } from './complaint-fields';
import type { ComplaintSubject } from './complaint-subject';

export type NewComplaintRecord = {
  source: ComplaintSource;
  fields: ComplaintFields;
  subject: ComplaintSubject;
  complainant: { name: string | null; email: string | null };
  evidence: AcceptedEvidence[];
  /** Files staged through the upload route (docs/adr/0021), claimed in the caller's transaction. */
  staged?: ClaimedUpload[];
  loggedById?: string | null;
  monitorHost?: string | null;
  submittedFrom?: string | null;
  actorId: string | null;
  /** The audit action: `complaint.file`, `complaint.log` or `complaint.open-automated`. */
  action: string;
  now: Date;
};

/** What the audit row keeps: the facts of the complaint, not the complainant's identity nor the token. */
export function complaintAuditSnapshot(complaint: Complaint, evidence: Array<Pick<AcceptedEvidence, 'fileName' | 'contentType' | 'sizeBytes' | 'sha256'>> = []) {
  return {
    reference: complaint.reference,
    source: complaint.source,
    category: complaint.category,
    status: complaint.status,
    sealId: complaint.sealId,
    domain: complaint.domain,
    organizationId: complaint.organizationId,
    fastTrack: complaint.fastTrack,
    monitorHost: complaint.monitorHost,
    hasComplainant: !!complaint.complainantEmail,
    shareIdentity: complaint.shareIdentity,
    evidence: evidence.map(({ fileName, contentType, sizeBytes, sha256 }) => ({ fileName, contentType, sizeBytes, sha256 })),
  };
}

/**
 * Writes a complaint, its evidence and its audit row with the caller's transaction, and returns the
 * tracking token, which exists nowhere else from then on. Null only for an automated complaint whose
 * seal and host already have one (the unique index decides, across instances).
 */
export async function recordComplaint(tx: Executor, record: NewComplaintRecord): Promise<{ complaint: Complaint; trackingToken: string } | null> {
  const trackingToken = generateTrackingToken();
  const { fields, subject } = record;
  let complaint: Complaint | undefined;
  // 31^8 references: a collision is unlikely, and another draw settles it. DO NOTHING (not an error)
  // keeps the caller's transaction usable whichever unique index a row runs into.
  for (let attempt = 0; !complaint && attempt < 5; attempt++) {
    [complaint] = await tx
      .insert(complaints)
      .values({
        reference: generateComplaintReference(),
        trackingTokenHash: hashTrackingToken(trackingToken),
        source: record.source,
        category: fields.category,
        sealId: subject.seal?.id ?? null,
        domain: subject.domain,
        organizationId: subject.organizationId,
        description: fields.description,
        occurredOn: fields.occurredOn ?? null,
        contactedCompany: fields.contactedCompany,
        contactedCompanyOn: fields.contactedCompanyOn ?? null,
        complainantName: record.complainant.name,
        complainantEmail: record.complainant.email,
        shareIdentity: fields.shareIdentity,
        fastTrack: subject.fastTrack,
        loggedById: record.loggedById ?? null,
        monitorHost: record.monitorHost ?? null,
        submittedFrom: record.submittedFrom ?? null,
        createdAt: record.now,
        updatedAt: record.now,
      })
      .onConflictDoNothing()
      .returning();
    if (!complaint && record.monitorHost && subject.seal) {
      const [existing] = await tx
        .select({ id: complaints.id })
        .from(complaints)
        .where(and(eq(complaints.sealId, subject.seal.id), eq(complaints.monitorHost, record.monitorHost)))
        .limit(1);
      if (existing) return null;
    }
  }
  if (!complaint) throw new Error('Could not draw an unused complaint reference');
  if (record.evidence.length > 0) {
    await tx.insert(complaintEvidence).values(record.evidence.map((file) => ({ complaintId: complaint.id, ...file, createdAt: record.now })));
  }
  await attachStagedUploads(tx, { table: 'complaint_evidence', complaintId: complaint.id }, record.staged ?? [], record.now);
  const files = [...record.evidence, ...(record.staged ?? [])];
  await recordAudit(tx, { actorId: record.actorId, action: record.action, entityType: 'complaint', entityId: complaint.id, after: complaintAuditSnapshot(complaint, files), at: record.now });
  return { complaint, trackingToken };
}

/**
 * Tells the reviewers about a new fast-track complaint, in the caller's transaction: an alleged
 * sale or transfer of personal data by a current seal holder, which must not wait for the next
 * day's digest. Other complaints are not announced one by one (ADR 0019): the staff menu counts the
 * triage queue and `complaints.triage-digest` sums it up daily. Reviewers with a conflict of
 * interest are left out: the complaint is not theirs to see.
 */
export async function notifyReviewersOfComplaint(tx: Executor, ctx: NotifyContext, complaint: Complaint, site: string, except: string | null = null): Promise<void> {
  if (!complaint.fastTrack) return;
  const category = complaintCategoryLabels[complaint.category];
  const message = {
    kind: 'complaint.filed',
    subject: `Fast track: complaint ${complaint.reference} about ${site}`,
    body: [
      `A complaint about ${site} is waiting in the triage queue: ${category}.`,
      'Fast track: it alleges the sale or transfer of personal data by a current seal holder. Please handle it before the rest of the queue.',
    ].join('\n\n'),
    link: `/review/complaints/${complaint.reference}`,
    organizationId: complaint.organizationId,
  };
  if (complaint.organizationId) await notifyUsers(tx, ctx, (await reviewersFreeToHandle(tx, complaint.organizationId)).filter((id) => id !== except), message);
  else if (except) {
    const all = await tx.select({ id: users.id }).from(users).where(and(inArray(users.role, ['reviewer', 'admin']), isNull(users.disabledAt), ne(users.id, except)));
    await notifyUsers(
      tx,
      ctx,
      all.map((row) => row.id),
      message,
    );
  } else await notifyReviewers(tx, ctx, message);
}

/**
 * The complainant's confirmation: the reference and the private tracking link, given once. The link
 * is on the configured public origin (never a request's Host), and is a bearer secret: it is stored
 * apart from the body and forgotten once the mail is sent (lib/notifications/mail-secret.ts).
 */
export async function mailComplaintConfirmation(tx: Executor, ctx: NotifyContext, complaint: Complaint, site: string, trackingToken: string): Promise<void> {
  if (!complaint.complainantEmail) return;
  await sendMail(tx, ctx, {
    to: complaint.complainantEmail,
    subject: `Your complaint ${complaint.reference} was received`,
    body: [
      greeting(complaint.complainantName),
      `we have received your complaint about ${site} (${complaintCategoryLabels[complaint.category]}). Its reference is ${complaint.reference}.`,
      `Follow it with your private tracking link:\n${MAIL_SECRET_PLACEHOLDER}`,
      'Keep this mail: the link is the only way to see your complaint, and anyone who has it can read the status. We do not store the link and cannot send it again.',
      MAIL_SIGNATURE,
    ].join('\n\n'),
    secret: absoluteLink(trackingPath(trackingToken)),
    organizationId: complaint.organizationId,
  });
}
