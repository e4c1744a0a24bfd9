import { z } from 'zod';
import { endOfDay, type TimeZone } from '@/lib/format/dates';

/**
 * The fields every case decision has (decide, propose a revocation, change a decision on appeal):
 * the reason the site reads and the summary the complainants read.
 */
export const DECISION_TEXT_LIMITS = { min: 10, max: 4000 } as const;

export const caseRefField = z.string({ message: 'Say which case is decided.' }).trim().min(1, 'Say which case is decided.').max(100);

export const reasonForSiteField = z
  .string({ message: 'Write the reason for the site.' })
  .trim()
  .min(DECISION_TEXT_LIMITS.min, `Write the reason for the site (at least ${DECISION_TEXT_LIMITS.min} characters): the site reads it with the decision.`)
  .max(DECISION_TEXT_LIMITS.max, `Keep the reason under ${DECISION_TEXT_LIMITS.max} characters.`);

export const summaryForComplainantField = z
  .string({ message: 'Write the summary for the complainant.' })
  .trim()
  .min(DECISION_TEXT_LIMITS.min, `Write the summary for the complainant (at least ${DECISION_TEXT_LIMITS.min} characters): they read it on their tracking page.`)
  .max(DECISION_TEXT_LIMITS.max, `Keep the summary under ${DECISION_TEXT_LIMITS.max} characters.`);

const optionalText = (max: number, tooLong: string) =>
  z
    .string()
    .trim()
    .max(max, tooLong)
    .optional()
    .transform((value) => value || undefined);

export const referredToField = optionalText(300, 'Keep the regulator’s name under 300 characters.');
export const reinstatementRequirementsField = optionalText(4000, 'Keep the reinstatement requirements under 4000 characters.');

/**
 * A due date as a form gives it (`2026-03-12`: due by the end of that day in the zone of the person
 * who set it, ADR 0022) or as a moment (an ISO string or a Date, from code).
 */
export const dueDateField = (zone?: TimeZone | null) =>
  z
  .union([z.date(), z.string().trim()])
  .optional()
  .transform((value, context) => {
    if (value === undefined || value === '') return undefined;
    const parsed = value instanceof Date ? value : /^\d{4}-\d{2}-\d{2}$/.test(value) ? endOfDay(value, zone) : new Date(value);
    if (Number.isNaN(parsed.getTime())) {
      context.addIssue({ code: 'custom', message: 'Give the due date as a date, like 2026-03-12.' });
      return z.NEVER;
    }
    return parsed;
  });

type OutcomeFields = { outcome: string; correctiveDueAt?: Date; referredTo?: string; reinstatementRequirements?: string };

/** The fields an outcome needs beyond the texts, each refusal on its own field. */
export function checkOutcomeFields(data: OutcomeFields, context: z.RefinementCtx, now: () => Date) {
  if (data.outcome === 'corrective_action') {
    if (!data.correctiveDueAt) context.addIssue({ code: 'custom', path: ['correctiveDueAt'], message: 'Give the date by which the site must have acted.' });
    else if (data.correctiveDueAt.getTime() <= now().getTime()) context.addIssue({ code: 'custom', path: ['correctiveDueAt'], message: 'The due date must be in the future.' });
  }
  if (data.outcome === 'referral' && !data.referredTo) context.addIssue({ code: 'custom', path: ['referredTo'], message: 'Name the regulator the case is referred to.' });
  if (data.outcome === 'suspension' && !data.reinstatementRequirements) {
    context.addIssue({ code: 'custom', path: ['reinstatementRequirements'], message: 'Say what the site must do to have the seal reinstated: the site reads it with the suspension.' });
  }
}
