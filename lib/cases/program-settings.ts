import { eq } from 'drizzle-orm';
import { programs, seals } from '@/db/schema';
import type { Executor } from '@/db/client';
import { PRIVACY_SEAL_SLUG } from '@/lib/programs/catalogue/privacy-seal';

export type CaseProgramSettings = { caseResponseDays: number; caseEscalationGraceDays: number; caseAppealDays: number };

/** The defaults, for an installation that somehow has no program yet. */
const DEFAULTS: CaseProgramSettings = { caseResponseDays: 14, caseEscalationGraceDays: 7, caseAppealDays: 14 };

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The deadlines that apply to a case: the program of the case's seal when it has one (the site
 * was certified under its rules), else the default program's.
 */
export async function caseProgramSettings(db: Executor, caseRow: { sealId: string | null }): Promise<CaseProgramSettings> {
  const columns = { caseResponseDays: programs.caseResponseDays, caseEscalationGraceDays: programs.caseEscalationGraceDays, caseAppealDays: programs.caseAppealDays };
  if (caseRow.sealId) {
    const [bySeal] = await db.select(columns).from(seals).innerJoin(programs, eq(programs.id, seals.programId)).where(eq(seals.id, caseRow.sealId)).limit(1);
    if (bySeal) return bySeal;
  }
  const [fallback] = await db.select(columns).from(programs).where(eq(programs.slug, PRIVACY_SEAL_SLUG)).limit(1);
  return fallback ?? DEFAULTS;
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

/** Whole days from `from` to `to`, rounded down (0 when `to` is not after `from`). */
export function daysBetween(from: Date, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - from.getTime()) / DAY_MS));
}
