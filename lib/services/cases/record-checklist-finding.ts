import { z } from 'zod';
import { and, eq } from 'drizzle-orm';
import { changeOfControlChecks, changeOfControlItems, checklistFindings } from '@/db/schema';
import { requireRole } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import { checklistEntry, checklistFindingLabels } from '@/lib/cases/change-of-control';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { parseInput } from '../parse';
import { loadCaseForReviewerChange } from './case-access';

export const FINDING_LIMITS = { evidenceMin: 10, evidenceMax: 10_000 } as const;

const RecordFindingInput = z.object({
  caseRef: z.string({ message: 'Say which case the finding belongs to.' }).trim().min(1).max(100),
  item: z.enum(changeOfControlItems, { message: 'Choose a checklist item.' }),
  finding: z.enum(checklistFindings, { message: 'Choose a finding: satisfied, failed, not applicable, or not assessed yet.' }),
  evidence: z.string().trim().max(FINDING_LIMITS.evidenceMax, `Keep the evidence under ${FINDING_LIMITS.evidenceMax.toLocaleString('en')} characters.`).default(''),
});

/**
 * A reviewer records the finding on one item of a change-of-control case's Toysmart checklist, with
 * the evidence it rests on (a finding other than "not assessed yet" needs evidence: the next
 * reviewer, the site on appeal and a regulator reading the dossier must see why). Reviewers with a
 * conflict of interest are refused inside the transaction (loadCaseForReviewerChange). A failed
 * item means the case must go to a decision; the result says so for the page.
 */
export async function recordChecklistFinding({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  requireRole(ctx.actor, 'reviewer');
  const now = nowDate(ctx.clock);
  return ctx.db.transaction(async (tx) => {
    const { actor, caseRow } = await loadCaseForReviewerChange(tx, ctx.actor, (input as { caseRef?: unknown } | null)?.caseRef);
    const data = parseInput(RecordFindingInput, input);
    if (data.finding !== 'pending' && data.evidence.length < FINDING_LIMITS.evidenceMin) {
      const message = `Write the evidence for “${checklistFindingLabels[data.finding].toLowerCase()}” (at least ${FINDING_LIMITS.evidenceMin} characters): what you saw, in which document, and where.`;
      throw new ValidationError(message, { evidence: [message] });
    }
    if (caseRow.kind !== 'change_of_control') throw new NotFoundError(`Case ${caseRow.reference} is about a complaint, not a change of control: it has no checklist.`);
    if (caseRow.status === 'closed') throw new ConflictError(`Case ${caseRow.reference} is closed; its checklist can no longer change.`);

    const [before] = await tx
      .select()
      .from(changeOfControlChecks)
      .where(and(eq(changeOfControlChecks.caseId, caseRow.id), eq(changeOfControlChecks.item, data.item)))
      .for('update');
    if (!before) throw new NotFoundError(`Case ${caseRow.reference} has no checklist item “${checklistEntry(data.item).title}”.`);
    const [after] = await tx
      .update(changeOfControlChecks)
      .set({ finding: data.finding, evidence: data.evidence, recordedById: actor.id, recordedAt: now })
      .where(and(eq(changeOfControlChecks.caseId, caseRow.id), eq(changeOfControlChecks.item, data.item)))
      .returning();
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'case.checklist-finding',
      entityType: 'case',
      entityId: caseRow.id,
      before: { reference: caseRow.reference, item: data.item, finding: before.finding, evidence: before.evidence },
      after: { reference: caseRow.reference, item: data.item, finding: after!.finding, evidence: after!.evidence },
      at: now,
    });
    const checks = await tx.select({ finding: changeOfControlChecks.finding }).from(changeOfControlChecks).where(eq(changeOfControlChecks.caseId, caseRow.id));
    return { caseRow, check: after!, mustGoToDecision: checks.some((check) => check.finding === 'failed') };
  });
}
