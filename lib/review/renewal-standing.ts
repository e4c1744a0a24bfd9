import { and, asc, eq, ne } from 'drizzle-orm';
import { cases, seals } from '@/db/schema';
import type { Executor } from '@/db/client';
import { hasPendingSuspension } from '@/lib/services/seals/issue-seal';

export type RenewalStanding = {
  publicId: string;
  /** A suspension the seal carries (running, or kept through its lapse): approval keeps it. */
  suspension: { reason: string | null; requirements: string | null; caseReference: string | null } | null;
  /** Cases about this seal that are not closed. */
  openCases: Array<{ reference: string; title: string }>;
};

/**
 * What a reviewer must know before approving a renewal (issue #10, finding 6): whether the seal is
 * suspended, or lapsed while suspended, and which cases about it are still open. Null when there
 * is nothing to say.
 */
export async function loadRenewalStanding(db: Executor, sealId: string): Promise<RenewalStanding | null> {
  const [seal] = await db.select().from(seals).where(eq(seals.id, sealId)).limit(1);
  if (!seal) return null;
  const open = await db
    .select({ id: cases.id, reference: cases.reference, title: cases.title })
    .from(cases)
    .where(and(eq(cases.sealId, seal.id), ne(cases.status, 'closed')))
    .orderBy(asc(cases.openedAt));
  const suspended = hasPendingSuspension(seal);
  if (!suspended && open.length === 0) return null;
  const [imposer] = seal.suspensionCaseId ? await db.select({ reference: cases.reference }).from(cases).where(eq(cases.id, seal.suspensionCaseId)).limit(1) : [];
  return {
    publicId: seal.publicId,
    suspension: suspended ? { reason: seal.statusReason, requirements: seal.reinstatementRequirements, caseReference: imposer?.reference ?? null } : null,
    openCases: open.map(({ reference, title }) => ({ reference, title })),
  };
}
