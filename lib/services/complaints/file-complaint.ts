import { z } from 'zod';
import { nowDate } from '@/lib/clock';
import { trackingPath } from '@/lib/complaints/tracking-token';
import type { ServiceContext } from '../context';
import { ValidationError } from '../errors';
import { parseInput } from '../parse';
import { acceptedComplaintEvidence, claimComplaintUploads, ComplaintFields, complainantEmail, complainantName } from './complaint-fields';
import { UploadTokens } from '../uploads/attach-staged';
import { resolveComplaintSubject } from './complaint-subject';
import { assertWithinIntakeLimits } from './intake-rate-limits';
import { requireVerifiedEmail } from '../users/email-verification';
import { mailComplaintConfirmation, notifyReviewersOfComplaint, recordComplaint } from './record-complaint';

export const EvidenceUploads = z.array(z.object({ name: z.string().max(1000), bytes: z.instanceof(Uint8Array) })).default([]);

const FileComplaintInput = ComplaintFields.extend({
  complainantName,
  complainantEmail,
  evidence: EvidenceUploads,
  /** Files sent before the form, by their tokens (docs/adr/0021), and the browser's uploader key that sent them. */
  uploads: UploadTokens,
  uploaderKey: z.string().max(100).optional(),
  /** The honeypot: a field people never see; programs that fill every field fill it. */
  website: z.string().max(2000).optional(),
  /** The client's address as the server saw it (lib/server/client-ip.ts), for the rate limit. */
  clientAddress: z.string().trim().min(1).max(100),
});

export const HONEYPOT_MESSAGE =
  'Your complaint was not sent: the form’s hidden field “Leave this field empty” was filled in, which automated programs do. If you are a person, clear that field (your browser may have filled it in) and send again.';

/**
 * A visitor files a complaint, without an account. Anyone may: the limits are the honeypot, the
 * rate limits per address and per email (counted in the database), and the size and type limits of
 * the text and the evidence. On success the reviewers are notified and the complainant is mailed
 * the reference and the tracking link, all in the transaction that writes the complaint.
 */
export async function fileComplaint({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  // No permission to check: filing is open to everyone, signed in or not (issue 6).
  const honeypot = (input as { website?: unknown } | null)?.website;
  if (typeof honeypot === 'string' && honeypot.trim() !== '') throw new ValidationError(HONEYPOT_MESSAGE, { website: [HONEYPOT_MESSAGE] });
  const data = parseInput(FileComplaintInput, input);
  // Filed while signed in, the complaint is recorded as the account's: only a verified one's.
  if (ctx.actor) await requireVerifiedEmail(ctx.db, ctx.actor, 'file a complaint as a signed-in user (or sign out and file it without an account)');
  const now = nowDate(ctx.clock);
  const evidence = acceptedComplaintEvidence(data, now);

  return ctx.db.transaction(async (tx) => {
    const subject = await resolveComplaintSubject(tx, data, now);
    await assertWithinIntakeLimits(tx, { address: data.clientAddress, email: data.complainantEmail, now });
    const staged = await claimComplaintUploads(tx, { tokens: data.uploads, uploaderKey: data.uploaderKey, actor: ctx.actor, evidence, now });
    const { complaint, trackingToken } = (await recordComplaint(tx, {
      source: 'public',
      fields: data,
      subject,
      complainant: { name: data.complainantName, email: data.complainantEmail },
      evidence,
      staged,
      submittedFrom: data.clientAddress,
      actorId: ctx.actor?.id ?? null,
      action: 'complaint.file',
      now,
    }))!;
    const notify = { jobs: ctx.jobs, now };
    await notifyReviewersOfComplaint(tx, notify, complaint, subject.label);
    await mailComplaintConfirmation(tx, notify, complaint, subject.label, trackingToken);
    return { complaint, trackingToken, trackingPath: trackingPath(trackingToken) };
  });
}
