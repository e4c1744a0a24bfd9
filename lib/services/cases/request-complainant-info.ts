import { z } from 'zod';
import { and, asc, eq, ne } from 'drizzle-orm';
import { cases, complaints, type Complaint } from '@/db/schema';
import { requireRole } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import { greeting, insertCaseMessage, MAIL_SIGNATURE } from '@/lib/cases/case-records';
import { sendMail } from '@/lib/notifications/notify';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { parseInput } from '../parse';
import { loadCaseForReviewerChange } from './case-access';

const RequestInfoInput = z.object({
  caseRef: z.string({ message: 'Say which case.' }).trim().min(1).max(100),
  /** Which of the case's complaints; may be left out when the case has only one. */
  complaintRef: z
    .string()
    .trim()
    .max(100)
    .optional()
    .transform((value) => value?.toUpperCase() || undefined),
  body: z
    .string({ message: 'Write your question to the complainant.' })
    .trim()
    .min(10, 'Write your question to the complainant (at least 10 characters).')
    .max(5_000, 'Keep the question under 5,000 characters.'),
});

/**
 * A reviewer asks a complainant for more information. The question appears on the complainant's
 * tracking page, with a form to answer. The tracking token is stored only as its hash, so the mail
 * cannot carry the link: it asks the complainant to open the link they kept. A complainant without
 * an email address reads it only there (the result says whether a mail went).
 */
export async function requestComplainantInfo({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  requireRole(ctx.actor, 'reviewer');
  const data = parseInput(RequestInfoInput, input);
  const now = nowDate(ctx.clock);
  return ctx.db.transaction(async (tx) => {
    const { actor, caseRow } = await loadCaseForReviewerChange(tx, ctx.actor, data.caseRef);
    const linked = await tx.select().from(complaints).where(eq(complaints.caseId, caseRow.id)).orderBy(asc(complaints.createdAt));
    let complaint: Complaint | undefined;
    if (data.complaintRef) {
      complaint = linked.find((row) => row.reference === data.complaintRef);
      if (!complaint) throw new NotFoundError(`Complaint ${data.complaintRef} is not part of case ${caseRow.reference}.`);
    } else if (linked.length === 1) {
      complaint = linked[0];
    } else {
      throw new ValidationError(
        linked.length === 0 ? `Case ${caseRow.reference} has no complaint, so there is no complainant to ask.` : 'This case has several complaints: choose whose complainant to ask.',
        { complaintRef: ['Choose a complaint.'] },
      );
    }
    const [touched] = await tx
      .update(cases)
      .set({ updatedAt: now })
      .where(and(eq(cases.id, caseRow.id), ne(cases.status, 'closed')))
      .returning({ id: cases.id });
    if (!touched) throw new ConflictError(`Case ${caseRow.reference} is closed: the complainant can no longer be asked anything through it.`);
    const message = await insertCaseMessage(tx, { caseId: caseRow.id, audience: 'complainant', kind: 'complainant_request', complaintId: complaint!.id, body: data.body, authorId: actor.id, at: now });
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'case.request-complainant-info',
      entityType: 'case',
      entityId: caseRow.id,
      after: { messageId: message.id, complaint: complaint!.reference, mailed: !!complaint!.complainantEmail },
      at: now,
    });
    if (complaint!.complainantEmail) {
      await sendMail(tx, { jobs: ctx.jobs, now }, {
        to: complaint!.complainantEmail,
        subject: `Your complaint ${complaint!.reference}: the reviewer has a question`,
        organizationId: caseRow.organizationId,
        body: [
          greeting(complaint!.complainantName),
          `the reviewer investigating your complaint ${complaint!.reference} needs more information from you:`,
          data.body,
          'Please answer on your tracking page: open it with the private link from our first mail. (We do not keep the link, so we cannot put it in this mail.)',
          MAIL_SIGNATURE,
        ].join('\n\n'),
      });
    }
    return { message, complaint: complaint!, mailed: !!complaint!.complainantEmail };
  });
}
