import { z } from 'zod';
import { asc, eq } from 'drizzle-orm';
import { complaintEvidence, complaints, seals, sites, type ComplaintCategory, type ComplaintDismissalReason, type ComplaintStatus } from '@/db/schema';
import { complainantCaseView, type ComplainantCaseView } from '@/lib/cases/complainant-view';
import { hashTrackingToken, isTrackingTokenShape } from '@/lib/complaints/tracking-token';
import type { ServiceContext } from '../context';
import { NotFoundError } from '../errors';

export const TRACKING_NOT_FOUND = 'This tracking link is wrong or has expired. Check that you copied the whole link from the confirmation mail.';

/** What the complainant sees: never the complainant's identity back, nor anything about other complaints. */
export type TrackedComplaint = {
  reference: string;
  category: ComplaintCategory;
  status: ComplaintStatus;
  site: string;
  sealPublicId: string | null;
  filedAt: Date;
  /** What the complainant wrote (issue 13, item 6): never their name or address, which a leaked link must not give away. */
  wrote: { description: string; occurredOn: string | null; contactedCompany: boolean; contactedCompanyOn: string | null; shareIdentity: boolean };
  /**
   * The files they sent, by name, size and the type recognised from their bytes. Listed, not served:
   * evidence is downloaded only by reviewers free of a conflict (ADR 0006, amendment of issue 13).
   */
  files: Array<{ name: string; sizeBytes: number; contentType: string }>;
  dismissal: { reason: ComplaintDismissalReason; note: string | null; at: Date | null } | null;
  /** Messages between the reviewers and the complainant, from the case the complaint is in. */
  messages: Array<{ at: Date; body: string; from?: 'reviewer' | 'you' }>;
  /** The investigation (lib/cases/complainant-view.ts), once the complaint is in a case. */
  investigation: ComplainantCaseView | null;
};

/**
 * The complaint behind a tracking link. The token is the permission: whoever holds it may read
 * the complaint's status, and nothing else. It is looked up by its SHA-256, so the database holds
 * nothing that opens the page, and no comparison runs over a secret character by character.
 */
export async function trackComplaint({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<TrackedComplaint> {
  // The token is the only permission this read needs.
  const token = z.string().safeParse((input as { token?: unknown } | null)?.token);
  if (!token.success || !isTrackingTokenShape(token.data)) throw new NotFoundError(TRACKING_NOT_FOUND);
  const [row] = await ctx.db
    .select({ complaint: complaints, sealPublicId: seals.publicId, sealDomain: sites.domain })
    .from(complaints)
    .leftJoin(seals, eq(seals.id, complaints.sealId))
    .leftJoin(sites, eq(sites.id, seals.siteId))
    .where(eq(complaints.trackingTokenHash, hashTrackingToken(token.data)))
    .limit(1);
  if (!row) throw new NotFoundError(TRACKING_NOT_FOUND);
  const { complaint } = row;
  const [investigation, files] = await Promise.all([
    complaint.status === 'in_case' ? complainantCaseView(ctx.db, complaint) : null,
    ctx.db
      .select({ name: complaintEvidence.fileName, sizeBytes: complaintEvidence.sizeBytes, contentType: complaintEvidence.contentType })
      .from(complaintEvidence)
      .where(eq(complaintEvidence.complaintId, complaint.id))
      // Files sent together share their time: then by name, so the list reads the same each time.
      .orderBy(asc(complaintEvidence.createdAt), asc(complaintEvidence.fileName), asc(complaintEvidence.id)),
  ]);
  return {
    reference: complaint.reference,
    category: complaint.category,
    status: complaint.status,
    site: complaint.domain ?? row.sealDomain ?? 'the site',
    sealPublicId: row.sealPublicId,
    filedAt: complaint.createdAt,
    wrote: { description: complaint.description, occurredOn: complaint.occurredOn, contactedCompany: complaint.contactedCompany, contactedCompanyOn: complaint.contactedCompanyOn, shareIdentity: complaint.shareIdentity },
    files,
    dismissal: complaint.status === 'dismissed' && complaint.dismissalReason ? { reason: complaint.dismissalReason, note: complaint.dismissalNote, at: complaint.dismissedAt } : null,
    messages: investigation?.messages ?? [],
    investigation,
  };
}
