import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { cases } from '@/db/schema';
import { requireRole } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import { casePath, insertCaseMessage, notifyCaseReviewer } from '@/lib/cases/case-records';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { parseInput } from '../parse';
import { loadCaseForReviewerChange } from './case-access';

const AddInternalNoteInput = z.object({
  caseRef: z.string({ message: 'Say which case.' }).trim().min(1).max(100),
  body: z.string({ message: 'Write the note.' }).trim().min(2, 'Write the note.').max(10_000, 'Keep the note under 10,000 characters.'),
});

/**
 * A note for the reviewers only: the site and the complainant never see it (every reader outside
 * the review side filters on the audience). Allowed in every state, closed included: what was
 * learnt afterwards belongs on the record. The assigned reviewer is told when someone else writes.
 */
export async function addInternalNote({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  requireRole(ctx.actor, 'reviewer');
  const data = parseInput(AddInternalNoteInput, input);
  const now = nowDate(ctx.clock);
  return ctx.db.transaction(async (tx) => {
    const { actor, caseRow } = await loadCaseForReviewerChange(tx, ctx.actor, data.caseRef);
    await tx.update(cases).set({ updatedAt: now }).where(eq(cases.id, caseRow.id));
    const message = await insertCaseMessage(tx, { caseId: caseRow.id, audience: 'internal', kind: 'internal_note', body: data.body, authorId: actor.id, at: now });
    // The note's text stays out of the audit row, which admins browse apart from the case's access rule.
    await recordAudit(tx, { actorId: actor.id, action: 'case.note', entityType: 'case', entityId: caseRow.id, after: { messageId: message.id, audience: 'internal' }, at: now });
    if (caseRow.assignedReviewerId && caseRow.assignedReviewerId !== actor.id) {
      await notifyCaseReviewer(tx, { jobs: ctx.jobs, now }, caseRow, {
        kind: 'case.note',
        subject: `${actor.name} wrote an internal note on case ${caseRow.reference}`,
        body: `${actor.name} wrote an internal note on case ${caseRow.reference} (${caseRow.title}).`,
        link: casePath(caseRow.reference),
      });
    }
    return message;
  });
}
