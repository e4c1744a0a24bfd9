import { z } from 'zod';
import { requireRole } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import type { ServiceContext } from '../context';
import { parseInput } from '../parse';
import { acceptedComplaintEvidence, claimComplaintUploads, ComplaintFields, optionalEmail, optionalName } from './complaint-fields';
import { UploadTokens } from '../uploads/attach-staged';
import { resolveComplaintSubject } from './complaint-subject';
import { assertNoComplaintConflict } from './complaint-access';
import { EvidenceUploads } from './file-complaint';
import { mailComplaintConfirmation, notifyReviewersOfComplaint, recordComplaint } from './record-complaint';

const LogComplaintInput = ComplaintFields.extend({
  source: z.enum(['reviewer', 'regulator', 'monitor'], { message: 'Choose where the complaint comes from: a reviewer, a regulator or a monitor.' }),
  complainantName: optionalName,
  complainantEmail: optionalEmail,
  evidence: EvidenceUploads,
  /** Files sent before the form, by their tokens (docs/adr/0021). */
  uploads: UploadTokens,
});

/**
 * A reviewer logs a complaint that reached the authority another way: their own finding, a
 * regulator's referral, or a monitoring tool's report. The same fields as a public filing; the
 * complainant's contact is optional, and when given they are mailed the tracking link. No rate
 * limit: reviewers are accountable through the audit trail. A reviewer tied to the organization
 * cannot log complaints about it.
 */
export async function logComplaint({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const actor = requireRole(ctx.actor, 'reviewer');
  const data = parseInput(LogComplaintInput, input);
  const now = nowDate(ctx.clock);
  const evidence = acceptedComplaintEvidence(data, now);

  return ctx.db.transaction(async (tx) => {
    const subject = await resolveComplaintSubject(tx, data, now);
    if (subject.organizationId) await assertNoComplaintConflict(tx, actor.id, subject.organizationId);
    const staged = await claimComplaintUploads(tx, { tokens: data.uploads, actor, evidence, now });
    const { complaint, trackingToken } = (await recordComplaint(tx, {
      source: data.source,
      fields: data,
      subject,
      complainant: { name: data.complainantName ?? null, email: data.complainantEmail ?? null },
      evidence,
      staged,
      loggedById: actor.id,
      actorId: actor.id,
      action: 'complaint.log',
      now,
    }))!;
    const notify = { jobs: ctx.jobs, now };
    await notifyReviewersOfComplaint(tx, notify, complaint, subject.label, actor.id);
    await mailComplaintConfirmation(tx, notify, complaint, subject.label, trackingToken);
    return { complaint };
  });
}
