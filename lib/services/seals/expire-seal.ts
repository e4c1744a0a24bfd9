import { and, asc, inArray, lte } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { seals, type Seal } from '@/db/schema';
import { effectiveStatus } from '@/lib/seals/effective-status';
import { ConflictError } from '../errors';
import { findSeal } from './seal-records';
import { transitionSeal } from './seal-transition';

/**
 * Records that a seal reached its expiresAt (system, no actor). Readers already showed it expired
 * through effectiveStatus; this writes the stored status and the public `expired` event, dated at
 * the expiry itself rather than at whenever the job came round. Throws a ConflictError when the
 * seal is not (or no longer) expirable, e.g. renewed or revoked meanwhile.
 */
export async function expireSeal(db: Executor, sealId: string, now: Date): Promise<Seal> {
  const seal = await findSeal(db, sealId);
  const conflict = (current: Seal) =>
    current.status === 'revoked' ? 'This seal is revoked; revocation is final.' : current.status === 'expired' ? 'This seal has already expired.' : `This seal does not expire until ${current.expiresAt.toISOString()}.`;
  if (effectiveStatus(seal, now) !== 'expired' || seal.status === 'expired') throw new ConflictError(conflict(seal));
  // A suspension outlives the lapse (its reason, requirements and case are kept), so that a renewal
  // brings the seal back suspended, not cleared; the public status of an expired seal shows no reason.
  const suspended = seal.status === 'suspended';
  return transitionSeal(db, {
    seal,
    // Only from the status read, so what is kept matches what the seal was.
    from: [seal.status],
    expiry: 'lapsed',
    set: { status: 'expired', statusChangedAt: seal.expiresAt, ...(suspended ? {} : { statusReason: null, reinstatementRequirements: null, suspensionCaseId: null }) },
    event: { type: 'expired', reason: null, occurredAt: seal.expiresAt },
    audit: { actorId: null, action: 'seal.expire', at: now },
    conflict,
  });
}

/**
 * Expires every seal whose expiresAt has come, oldest first, each in its own transaction through
 * expireSeal so each gets its audit row and public event, and one failure does not hold back the
 * rest. A seal renewed or revoked between the query and its turn is skipped. Returns the ids expired.
 */
export async function sweepExpiredSeals(db: Executor, now: Date, batchSize = 500): Promise<string[]> {
  const due = await db
    .select({ id: seals.id })
    .from(seals)
    .where(and(inArray(seals.status, ['active', 'suspended']), lte(seals.expiresAt, now)))
    .orderBy(asc(seals.expiresAt))
    .limit(batchSize);
  const expired: string[] = [];
  for (const { id } of due) {
    try {
      await expireSeal(db, id, now);
      expired.push(id);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
    }
  }
  return expired;
}
