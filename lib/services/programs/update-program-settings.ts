import { z } from 'zod';
import { and, eq } from 'drizzle-orm';
import { programs, type Program } from '@/db/schema';
import { requireRole } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError, NotFoundError } from '../errors';
import { parseInput } from '../parse';
import { PROGRAM_SETTING_LIMITS, PROGRAM_SETTING_NAMES, type ProgramSettingName, type ProgramSettings } from '@/lib/programs/settings-limits';
import { programIdField } from './fields';

/**
 * A whole number within a range. Form fields arrive as text: an empty field is "missing", not 0,
 * so the person reads "enter …" rather than a range they did not break.
 */
const wholeNumber = (missing: string, outOfRange: string, min: number, max: number) =>
  z.preprocess(
    (value) => (value === null || (typeof value === 'string' && value.trim() === '') ? undefined : typeof value === 'string' ? Number(value.trim()) : value),
    z
      // An empty field arrives as undefined; text that is no number (NaN) reads the range sentence.
      .number({ error: (issue) => (issue.input === undefined ? missing : outOfRange) })
      .int(outOfRange)
      .min(min, outOfRange)
      .max(max, outOfRange),
  );

/** The ranges, and why each, are in lib/programs/settings-limits.ts. */
const L = PROGRAM_SETTING_LIMITS;

export const ProgramSettingsInput = z.object({
  programId: programIdField,
  sealValidityMonths: wholeNumber(
    'Enter how many months a seal is valid.',
    `A seal must be valid for a whole number of months from ${L.sealValidityMonths.min} to ${L.sealValidityMonths.max}.`,
    L.sealValidityMonths.min,
    L.sealValidityMonths.max,
  ),
  reviewOverdueDays: wholeNumber(
    'Enter after how many days an application is overdue.',
    `An application can be marked overdue after a whole number of days from ${L.reviewOverdueDays.min} to ${L.reviewOverdueDays.max}.`,
    L.reviewOverdueDays.min,
    L.reviewOverdueDays.max,
  ),
  caseResponseDays: wholeNumber(
    'Enter how many days a site has to answer a case notice.',
    `Give sites a whole number of days from ${L.caseResponseDays.min} to ${L.caseResponseDays.max} to answer a case notice.`,
    L.caseResponseDays.min,
    L.caseResponseDays.max,
  ),
  caseEscalationGraceDays: wholeNumber(
    'Enter how many days of grace follow a missed deadline.',
    `The grace after a missed deadline must be a whole number of days from ${L.caseEscalationGraceDays.min} to ${L.caseEscalationGraceDays.max}.`,
    L.caseEscalationGraceDays.min,
    L.caseEscalationGraceDays.max,
  ),
  caseAppealDays: wholeNumber(
    'Enter how many days a site has to appeal a decision.',
    `Give sites a whole number of days from ${L.caseAppealDays.min} to ${L.caseAppealDays.max} to appeal a decision.`,
    L.caseAppealDays.min,
    L.caseAppealDays.max,
  ),
  policyCheckIntervalHours: wholeNumber(
    'Enter how often each certified privacy policy is read again, in hours.',
    `Read each certified privacy policy again every whole number of hours from ${L.policyCheckIntervalHours.min} to ${L.policyCheckIntervalHours.max}.`,
    L.policyCheckIntervalHours.min,
    L.policyCheckIntervalHours.max,
  ),
});

/** What the audit event records of a program's settings. */
export function programSettingsOf(program: ProgramSettings): ProgramSettings {
  return Object.fromEntries(PROGRAM_SETTING_NAMES.map((name) => [name, program[name]])) as ProgramSettings;
}

/**
 * An admin changes a program's deadlines and seal validity. They apply to what happens next: a
 * seal's `expiresAt` and a case's `responseDueAt` were computed when set and do not move.
 * Returns the program and the names of the settings that changed (none: nothing is written).
 */
export async function updateProgramSettings({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<{ program: Program; changed: ProgramSettingName[] }> {
  const admin = requireRole(ctx.actor, 'admin');
  const { programId, ...settings } = parseInput(ProgramSettingsInput, input);
  const now = nowDate(ctx.clock);

  return ctx.db.transaction(async (tx) => {
    const [program] = await tx.select().from(programs).where(eq(programs.id, programId)).limit(1);
    if (!program) throw new NotFoundError('This program does not exist.');
    const before = programSettingsOf(program);
    const changed = PROGRAM_SETTING_NAMES.filter((key) => settings[key] !== before[key]);
    if (changed.length === 0) return { program, changed };

    // Conditional on the values just read: another admin's save in between matches no row, so
    // neither change is lost silently and the audit's "before" is what was really replaced.
    const [after] = await tx
      .update(programs)
      .set(settings)
      .where(
        and(
          eq(programs.id, programId),
          ...PROGRAM_SETTING_NAMES.map((key) => eq(programs[key], before[key])),
        ),
      )
      .returning();
    if (!after) throw new ConflictError(`Another administrator changed the settings of ${program.name} just now. Reload the page to see them, then make your change again.`);
    await recordAudit(tx, {
      actorId: admin.id,
      action: 'program.update-settings',
      entityType: 'program',
      entityId: programId,
      before,
      after: programSettingsOf(after),
      at: now,
    });
    return { program: after, changed };
  });
}
