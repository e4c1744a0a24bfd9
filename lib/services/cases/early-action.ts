import { z } from 'zod';
import type { Case, CaseOutcome } from '@/db/schema';

import { ConflictError, ValidationError } from '../errors';
import { DECISION_TEXT_LIMITS } from './decision-input';
import { dateWriter, type DateWriter } from '@/lib/format/dates';

/**
 * Due process (issue 13, ADR 0008 amendment of 2026-12-05 "the site is heard first"): while the
 * site's response window is open, a decision against the site needs the reviewer's explicit choice
 * to act before the deadline and a stated reason (urgent harm, e.g. a sale about to happen). The
 * choice is recorded on the decision and in its audit row, the site reads the reason, and the
 * window stays open: the site can still respond, and a later decision can follow its answer.
 */

/** Outcomes in the site's favour: they need no hearing first. */
export const SITE_FAVOURABLE_OUTCOMES: readonly CaseOutcome[] = ['no_violation', 'remedied'];

/** The site's response deadline when the case is waiting for the site and it has not passed; otherwise null. */
export function openResponseWindow(caseRow: Pick<Case, 'status' | 'responseDueAt'>, now: Date): Date | null {
  if (caseRow.status !== 'awaiting_site_response' || !caseRow.responseDueAt) return null;
  return caseRow.responseDueAt.getTime() > now.getTime() ? caseRow.responseDueAt : null;
}

/** The two form fields: a checkbox (`on`) or a boolean from code, and the reason. */
export const earlyActionFields = {
  actBeforeDeadline: z
    .union([z.boolean(), z.string()])
    .optional()
    .transform((value) => value === true || value === 'on' || value === 'true'),
  earlyActionReason: z
    .string()
    .trim()
    .max(DECISION_TEXT_LIMITS.max, `Keep the reason for acting now under ${DECISION_TEXT_LIMITS.max} characters.`)
    .optional()
    .transform((value) => value || undefined),
};

export type EarlyAction = { deadline: Date; reason: string };

/**
 * Call inside the decision's transaction, on the locked case row. Returns null when no window is
 * open or the outcome favours the site; the deadline and the reason when the reviewer chose to act
 * before the deadline; refuses otherwise, each refusal on its field.
 */
export function earlyActionFor(caseRow: Pick<Case, 'status' | 'responseDueAt'>, outcome: CaseOutcome, data: { actBeforeDeadline: boolean; earlyActionReason?: string }, now: Date, write: DateWriter = dateWriter()): EarlyAction | null {
  const deadline = openResponseWindow(caseRow, now);
  if (!deadline || SITE_FAVOURABLE_OUTCOMES.includes(outcome)) return null;
  const fieldErrors: Record<string, string[]> = {};
  if (!data.actBeforeDeadline) {
    fieldErrors.actBeforeDeadline = [`The site’s response is due by ${write.dateTime(deadline)}. To decide before then, choose “Act before the deadline” and say why it cannot wait; otherwise wait for the response or the deadline.`];
  }
  if (!data.earlyActionReason || data.earlyActionReason.length < DECISION_TEXT_LIMITS.min) {
    fieldErrors.earlyActionReason = [`Say why this cannot wait for the site’s response (at least ${DECISION_TEXT_LIMITS.min} characters), e.g. the urgent harm: the site reads it with the decision.`];
  }
  if (Object.keys(fieldErrors).length > 0) throw new ValidationError(Object.values(fieldErrors).flat().join(' '), fieldErrors);
  return { deadline, reason: data.earlyActionReason! };
}

/**
 * A revocation is final and cannot be appealed (ADR 0008 amendment), so it is never taken before
 * the site was heard: proposing and confirming wait for its response or its deadline. Urgent harm
 * is met by a suspension before the deadline, which the site may answer.
 */
export function assertNoOpenWindowForRevocation(caseRow: Pick<Case, 'status' | 'responseDueAt' | 'reference'>, now: Date, write: DateWriter = dateWriter()): void {
  const deadline = openResponseWindow(caseRow, now);
  if (!deadline) return;
  throw new ConflictError(
    `The site’s response in case ${caseRow.reference} is due by ${write.dateTime(deadline)}. A revocation is final and cannot be appealed, so it waits until the site has responded or the deadline has passed. If the harm cannot wait, suspend the seal now (before the deadline, with your reason); the site can still respond.`,
  );
}
