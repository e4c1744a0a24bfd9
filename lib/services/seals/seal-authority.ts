import { eq } from 'drizzle-orm';
import { cases, type Seal } from '@/db/schema';
import type { Executor } from '@/db/client';
import { assertNoConflict } from '../reviews/conflicts';

/**
 * The conflict-of-interest rule for the authority's seal verbs, run inside the transaction of the
 * change (transitionSeal's guard). Admins are not exempt: a declared conflict or a membership of
 * the holder bars anyone from sanctioning, or sparing, that holder's seal.
 */
export function authorityGuard(actorId: string, organizationId: string) {
  return (tx: Executor) => assertNoConflict(tx, actorId, organizationId, 'its seals');
}

/** The reference of the case whose decision suspended this seal, or null for a seal-page suspension. */
export async function suspendingCaseReference(db: Executor, seal: Pick<Seal, 'suspensionCaseId'>): Promise<string | null> {
  if (!seal.suspensionCaseId) return null;
  const [row] = await db.select({ reference: cases.reference }).from(cases).where(eq(cases.id, seal.suspensionCaseId)).limit(1);
  return row?.reference ?? 'unknown';
}

export function liftedThroughCaseMessage(reference: string): string {
  return `This suspension was imposed by the decision on case ${reference}; it can only be lifted through that case (a “remedied” decision, or its appeal), not from the seal page.`;
}
