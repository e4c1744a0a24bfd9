import { z } from 'zod';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { caseDecisions, cases, changeOfControlDeclarations, organizations, type Case, type CaseStatus } from '@/db/schema';
import { requireRole } from '@/lib/auth/actor';
import type { Executor } from '@/db/client';
import { nowDate } from '@/lib/clock';
import { caseAuditSnapshot, insertCaseMessage, portalCasePath } from '@/lib/cases/case-records';
import { caseStatusLabels } from '@/lib/cases/labels';
import { addDays, caseProgramSettings } from '@/lib/cases/program-settings';
import { notifyOrganization } from '@/lib/notifications/notify';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError, ValidationError } from '../errors';
import { parseInput } from '../parse';
import { loadCaseForReviewerChange } from './case-access';
import { DECISION_TEXT_LIMITS, dueDateField } from './decision-input';
import { deferredDates, formatCalendarDay, formatDateTime, type TimeZone } from '@/lib/format/dates';

export const NOTICE_LIMITS = { min: 20, max: 10_000 } as const;

const sendNoticeInput = (zone?: TimeZone | null) =>
  z.object({
  caseRef: z.string({ message: 'Say which case.' }).trim().min(1).max(100),
  body: z
    .string({ message: 'Write the notice to the site.' })
    .trim()
    .min(NOTICE_LIMITS.min, `Write the notice (at least ${NOTICE_LIMITS.min} characters): say what the complaint alleges and what the site must answer.`)
    .max(NOTICE_LIMITS.max, `Keep the notice under ${NOTICE_LIMITS.max} characters.`),
  /** A deadline the reviewer sets instead of the program's period (a day: due by its end in the reviewer's zone). */
  responseDueOn: dueDateField(zone),
  /** Why a change-of-control notice's deadline ends on or after the declared effective date. */
  deadlineReason: z
    .string()
    .trim()
    .max(DECISION_TEXT_LIMITS.max, `Keep the reason under ${DECISION_TEXT_LIMITS.max} characters.`)
    .optional()
    .transform((value) => value || undefined),
  });

/** The start (00:00 UTC) of the declared effective day of the case's change of control, when it is still ahead. */
export async function upcomingChange(tx: Executor, caseRow: Case, now: Date): Promise<{ effectiveOn: string; startsAt: Date } | null> {
  if (caseRow.kind !== 'change_of_control') return null;
  const [declaration] = await tx.select({ effectiveOn: changeOfControlDeclarations.effectiveOn }).from(changeOfControlDeclarations).where(eq(changeOfControlDeclarations.caseId, caseRow.id)).limit(1);
  if (!declaration) return null;
  const startsAt = new Date(`${declaration.effectiveOn}T00:00:00.000Z`);
  return startsAt.getTime() > now.getTime() ? { effectiveOn: declaration.effectiveOn, startsAt } : null;
}

/**
 * The notice's deadline (issue 13): the program's response period, or the day the reviewer sets. In a
 * change-of-control case whose change is still ahead, the deadline must end before the declared
 * effective date (the data must not change hands before the site was heard): the program's period
 * is cut to end the day before; a deadline the reviewer sets on or after that date needs a reason,
 * which the site reads. A change effective today or tomorrow leaves no day to cut to: the reviewer sets one.
 */
function noticeDeadline(data: { responseDueOn?: Date; deadlineReason?: string }, defaultDue: Date, change: { effectiveOn: string; startsAt: Date } | null, now: Date): { responseDueAt: Date; deadlineReason: string | null } {
  const fieldError = (field: string, message: string) => new ValidationError(message, { [field]: [message] });
  if (data.responseDueOn && data.responseDueOn.getTime() <= now.getTime()) throw fieldError('responseDueOn', 'The deadline must be in the future.');
  if (!change) return { responseDueAt: data.responseDueOn ?? defaultDue, deadlineReason: null };
  const lastMoment = new Date(change.startsAt.getTime() - 1);
  if (!data.responseDueOn) {
    if (defaultDue.getTime() <= lastMoment.getTime()) return { responseDueAt: defaultDue, deadlineReason: null };
    if (lastMoment.getTime() - now.getTime() >= MIN_NOTICE_HOURS * HOUR) return { responseDueAt: lastMoment, deadlineReason: null };
    throw fieldError('responseDueOn', `The change takes effect on ${change.effectiveOn}, too soon for the program’s period: set the deadline, and if it ends on or after that date, say why.`);
  }
  if (data.responseDueOn.getTime() <= lastMoment.getTime()) return { responseDueAt: data.responseDueOn, deadlineReason: null };
  if (!data.deadlineReason || data.deadlineReason.length < DECISION_TEXT_LIMITS.min) {
    throw fieldError('deadlineReason', `The deadline ends on or after ${formatCalendarDay(change.effectiveOn)}, the day the declared change takes effect: say why the site may answer after it (at least ${DECISION_TEXT_LIMITS.min} characters). The site reads it with the notice.`);
  }
  return { responseDueAt: data.responseDueOn, deadlineReason: data.deadlineReason };
}

const HOUR = 60 * 60 * 1000;
/** Cut to end before a change of control, a deadline still leaves the site this long; less, and the reviewer sets it. */
const MIN_NOTICE_HOURS = 24;

export const NOTICE_FROM: readonly CaseStatus[] = ['open', 'in_review', 'decided'];

/** A decided case takes a notice only while its decision in effect is a corrective action (the site must act again). */
export async function awaitsCorrectiveAction(tx: Executor, caseId: string): Promise<boolean> {
  const [latest] = await tx
    .select({ outcome: caseDecisions.outcome })
    .from(caseDecisions)
    .where(and(eq(caseDecisions.caseId, caseId), eq(caseDecisions.state, 'in_effect')))
    .orderBy(desc(caseDecisions.seq))
    .limit(1);
  return latest?.outcome === 'corrective_action';
}

function refusal(caseRow: Case, zone: TimeZone | null | undefined): string {
  if (caseRow.status === 'awaiting_site_response') {
    return `Case ${caseRow.reference} is already awaiting the site’s response to a notice${caseRow.responseDueAt ? `, due by ${formatDateTime(caseRow.responseDueAt, zone)}` : ''}. Wait for the answer or the deadline; write an internal note meanwhile.`;
  }
  if (caseRow.status === 'decided') return `Case ${caseRow.reference} is decided; a further notice can only follow a corrective action.`;
  return `Case ${caseRow.reference} is ${caseStatusLabels[caseRow.status].toLowerCase()}, so no notice can be sent.`;
}

/**
 * A reviewer sends the site a notice: the case then awaits its response, due after the program's
 * response period (14 days by default) or by the day the reviewer sets, never silently after a
 * declared change of control takes effect (noticeDeadline), and any earlier escalation starts over. The organization's
 * members are notified and mailed, and read it in the portal. An unassigned case is taken by the
 * reviewer who sends it. Only from open, in review, or decided with a corrective action.
 */
export async function sendNotice({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  requireRole(ctx.actor, 'reviewer');
  const data = parseInput(sendNoticeInput(ctx.actor?.timeZone), input);
  const now = nowDate(ctx.clock);
  return ctx.db.transaction(async (tx) => {
    const { actor, caseRow } = await loadCaseForReviewerChange(tx, ctx.actor, data.caseRef);
    if (!NOTICE_FROM.includes(caseRow.status) || (caseRow.status === 'decided' && !(await awaitsCorrectiveAction(tx, caseRow.id)))) {
      throw new ConflictError(refusal(caseRow, ctx.actor?.timeZone));
    }
    const { caseResponseDays } = await caseProgramSettings(tx, caseRow);
    const { responseDueAt, deadlineReason } = noticeDeadline(data, addDays(now, caseResponseDays), await upcomingChange(tx, caseRow, now), now);
    const [updated] = await tx
      .update(cases)
      .set({ status: 'awaiting_site_response', responseDueAt, escalationLevel: 0, escalatedAt: null, assignedReviewerId: caseRow.assignedReviewerId ?? actor.id, updatedAt: now })
      .where(and(eq(cases.id, caseRow.id), inArray(cases.status, [...NOTICE_FROM])))
      .returning();
    if (!updated) throw new ConflictError(refusal(caseRow, ctx.actor?.timeZone));
    const message = await insertCaseMessage(tx, { caseId: caseRow.id, audience: 'site', kind: 'notice', body: data.body, authorId: actor.id, responseDueAt, deadlineReason, at: now });
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'case.notice',
      entityType: 'case',
      entityId: caseRow.id,
      before: caseAuditSnapshot(caseRow),
      after: { ...caseAuditSnapshot(updated), messageId: message.id, ...(deadlineReason ? { deadlineReason } : {}), ...(data.responseDueOn ? { deadlineSetByReviewer: true } : {}) },
      at: now,
    });
    const [organization] = await tx.select({ legalName: organizations.legalName }).from(organizations).where(eq(organizations.id, caseRow.organizationId)).limit(1);
    await notifyOrganization(tx, { jobs: ctx.jobs, now }, caseRow.organizationId, {
      kind: 'case.notice',
      subject: `Notice from the seal authority: case ${caseRow.reference} — please respond by ${deferredDates.date(responseDueAt)}`,
      body: [
        `The seal authority sent ${organization?.legalName ?? 'your organization'} a notice in case ${caseRow.reference}${caseRow.domain ? ` about ${caseRow.domain}` : ''}.`,
        data.body,
        `Please respond in the portal by ${deferredDates.dateTime(responseDueAt)}, with text and any documents. A case left without a response is escalated, and may lead to the suspension of the seal.`,
        deadlineReason ? `Why the deadline ends after the declared date of the change: ${deadlineReason}` : null,
      ]
        .filter(Boolean)
        .join('\n\n'),
      link: portalCasePath(caseRow.reference),
    });
    return { caseRow: updated, message };
  });
}
