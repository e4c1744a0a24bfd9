import { z } from 'zod';
import { and, eq } from 'drizzle-orm';
import { complaintDismissalReasons, complaints, users } from '@/db/schema';
import { requireRole } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import { greeting, MAIL_SIGNATURE } from '@/lib/cases/case-records';
import { complaintStatusReviewerLabels, dismissalReasonLabels } from '@/lib/complaints/labels';
import { TEXT_LIMITS } from '@/lib/complaints/limits';
import { sendMail } from '@/lib/notifications/notify';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError } from '../errors';
import { parseInput } from '../parse';
import { assertNoComplaintConflict, findComplaint } from './complaint-access';
import { formatDate } from '@/lib/format/dates';

const DismissComplaintInput = z.object({
  complaint: z.string({ message: 'Say which complaint to dismiss.' }).trim().min(1).max(100),
  reason: z.enum(complaintDismissalReasons, { message: 'Choose why the complaint is dismissed: the complainant reads it.' }),
  note: z
    .string({ message: 'Write a note to the complainant.' })
    .trim()
    .min(10, 'Write a note to the complainant (at least 10 characters): they read it on their tracking page.')
    .max(TEXT_LIMITS.noteMax, `Keep the note under ${TEXT_LIMITS.noteMax} characters.`),
});

/**
 * A reviewer closes a new complaint without a case, with a reason and a note the complainant reads
 * on the tracking page (and is mailed). Only a `new` complaint can be dismissed: the update's
 * condition decides between two reviewers acting at once. A reviewer with a conflict of interest
 * with the organization it is about is refused.
 */
export async function dismissComplaint({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const actor = requireRole(ctx.actor, 'reviewer');
  const data = parseInput(DismissComplaintInput, input);
  const complaint = await findComplaint(ctx.db, data.complaint);
  const now = nowDate(ctx.clock);
  return ctx.db.transaction(async (tx) => {
    if (complaint.organizationId) await assertNoComplaintConflict(tx, actor.id, complaint.organizationId);
    const [dismissed] = await tx
      .update(complaints)
      .set({ status: 'dismissed', dismissalReason: data.reason, dismissalNote: data.note, dismissedAt: now, dismissedById: actor.id, updatedAt: now })
      .where(and(eq(complaints.id, complaint.id), eq(complaints.status, 'new')))
      .returning();
    if (!dismissed) {
      const [current] = await tx
        .select({ status: complaints.status, dismissedAt: complaints.dismissedAt, by: users.name })
        .from(complaints)
        .leftJoin(users, eq(users.id, complaints.dismissedById))
        .where(eq(complaints.id, complaint.id))
        .limit(1);
      throw new ConflictError(
        current?.status === 'dismissed'
          ? `This complaint was already dismissed${current.by ? ` by ${current.by}` : ''}${current.dismissedAt ? ` on ${formatDate(current.dismissedAt, ctx.actor?.timeZone)}` : ''}; reload to see the decision.`
          : `This complaint is ${complaintStatusReviewerLabels[current?.status ?? complaint.status].toLowerCase()}, not new, so it cannot be dismissed; reload to see its state.`,
      );
    }
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'complaint.dismiss',
      entityType: 'complaint',
      entityId: complaint.id,
      before: { status: complaint.status },
      after: { status: dismissed.status, dismissalReason: data.reason, dismissalNote: data.note },
      at: now,
    });
    if (dismissed.complainantEmail) {
      await sendMail(
        tx,
        { jobs: ctx.jobs, now },
        {
          to: dismissed.complainantEmail,
          subject: `Your complaint ${dismissed.reference} was closed`,
          organizationId: dismissed.organizationId,
          body: [
            greeting(dismissed.complainantName),
            `we have looked at your complaint ${dismissed.reference} and closed it without opening an investigation.`,
            `Reason: ${dismissalReasonLabels[data.reason]}.`,
            `The reviewer’s note:\n${data.note}`,
            'You can read this on your tracking page too, with the link from our first mail.',
            MAIL_SIGNATURE,
          ].join('\n\n'),
        },
      );
    }
    return dismissed;
  });
}
