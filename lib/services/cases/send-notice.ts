import { z } from 'zod';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { caseDecisions, cases, organizations, type Case, type CaseStatus } from '@/db/schema';
import { requireRole } from '@/lib/auth/actor';
import type { Executor } from '@/db/client';
import { nowDate } from '@/lib/clock';
import { caseAuditSnapshot, day, insertCaseMessage, portalCasePath } from '@/lib/cases/case-records';
import { caseStatusLabels } from '@/lib/cases/labels';
import { addDays, caseProgramSettings } from '@/lib/cases/program-settings';
import { notifyOrganization } from '@/lib/notifications/notify';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError } from '../errors';
import { parseInput } from '../parse';
import { loadCaseForReviewerChange } from './case-access';

export const NOTICE_LIMITS = { min: 20, max: 10_000 } as const;

const SendNoticeInput = z.object({
  caseRef: z.string({ message: 'Say which case.' }).trim().min(1).max(100),
  body: z
    .string({ message: 'Write the notice to the site.' })
    .trim()
    .min(NOTICE_LIMITS.min, `Write the notice (at least ${NOTICE_LIMITS.min} characters): say what the complaint alleges and what the site must answer.`)
    .max(NOTICE_LIMITS.max, `Keep the notice under ${NOTICE_LIMITS.max} characters.`),
});

export const NOTICE_FROM: readonly CaseStatus[] = ['open', 'in_review', 'decided'];

/** A decided case takes a notice only while its decision in effect is a corrective action (the site must act again). */
export async function awaitsCorrectiveAction(tx: Executor, caseId: string): Promise<boolean> {
  const [latest] = await tx
    .select({ outcome: caseDecisions.outcome })
    .from(caseDecisions)
    .where(and(eq(caseDecisions.caseId, caseId), eq(caseDecisions.state, 'in_effect')))
    .orderBy(desc(caseDecisions.decidedAt))
    .limit(1);
  return latest?.outcome === 'corrective_action';
}

function refusal(caseRow: Case): string {
  if (caseRow.status === 'awaiting_site_response') {
    return `Case ${caseRow.reference} is already awaiting the site’s response to a notice${caseRow.responseDueAt ? `, due on ${day(caseRow.responseDueAt)}` : ''}. Wait for the answer or the deadline; write an internal note meanwhile.`;
  }
  if (caseRow.status === 'decided') return `Case ${caseRow.reference} is decided; a further notice can only follow a corrective action.`;
  return `Case ${caseRow.reference} is ${caseStatusLabels[caseRow.status].toLowerCase()}, so no notice can be sent.`;
}

/**
 * A reviewer sends the site a notice: the case then awaits its response, due after the program's
 * response period (14 days by default), and any earlier escalation starts over. The organization's
 * members are notified and mailed, and read it in the portal. An unassigned case is taken by the
 * reviewer who sends it. Only from open, in review, or decided with a corrective action.
 */
export async function sendNotice({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  requireRole(ctx.actor, 'reviewer');
  const data = parseInput(SendNoticeInput, input);
  const now = nowDate(ctx.clock);
  return ctx.db.transaction(async (tx) => {
    const { actor, caseRow } = await loadCaseForReviewerChange(tx, ctx.actor, data.caseRef);
    if (!NOTICE_FROM.includes(caseRow.status) || (caseRow.status === 'decided' && !(await awaitsCorrectiveAction(tx, caseRow.id)))) {
      throw new ConflictError(refusal(caseRow));
    }
    const { caseResponseDays } = await caseProgramSettings(tx, caseRow);
    const responseDueAt = addDays(now, caseResponseDays);
    const [updated] = await tx
      .update(cases)
      .set({ status: 'awaiting_site_response', responseDueAt, escalationLevel: 0, escalatedAt: null, assignedReviewerId: caseRow.assignedReviewerId ?? actor.id, updatedAt: now })
      .where(and(eq(cases.id, caseRow.id), inArray(cases.status, [...NOTICE_FROM])))
      .returning();
    if (!updated) throw new ConflictError(refusal(caseRow));
    const message = await insertCaseMessage(tx, { caseId: caseRow.id, audience: 'site', kind: 'notice', body: data.body, authorId: actor.id, responseDueAt, at: now });
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'case.notice',
      entityType: 'case',
      entityId: caseRow.id,
      before: caseAuditSnapshot(caseRow),
      after: { ...caseAuditSnapshot(updated), messageId: message.id },
      at: now,
    });
    const [organization] = await tx.select({ legalName: organizations.legalName }).from(organizations).where(eq(organizations.id, caseRow.organizationId)).limit(1);
    await notifyOrganization(tx, { jobs: ctx.jobs, now }, caseRow.organizationId, {
      kind: 'case.notice',
      subject: `Notice from the seal authority: case ${caseRow.reference} — please respond by ${day(responseDueAt)}`,
      body: [
        `The seal authority sent ${organization?.legalName ?? 'your organization'} a notice in case ${caseRow.reference}${caseRow.domain ? ` about ${caseRow.domain}` : ''}.`,
        data.body,
        `Please respond in the portal by ${day(responseDueAt)} (UTC), with text and any documents. A case left without a response is escalated, and may lead to the suspension of the seal.`,
      ].join('\n\n'),
      link: portalCasePath(caseRow.reference),
    });
    return { caseRow: updated, message };
  });
}
