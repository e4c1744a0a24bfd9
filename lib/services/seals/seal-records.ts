import { eq } from 'drizzle-orm';
import { sealEvents, seals, type Seal, type SealEventType } from '@/db/schema';
import type { Executor } from '@/db/client';
import { isSealPublicId } from '@/lib/seals/public-id';
import { NotFoundError } from '../errors';

/**
 * Appends the public event of a transition. Call it with the transaction of the change, after the
 * update, with the seal as it is afterwards: the event records status and expiry after the event.
 */
export async function recordSealEvent(tx: Executor, seal: Pick<Seal, 'id' | 'status' | 'expiresAt'>, type: SealEventType, reason: string | null, occurredAt: Date): Promise<void> {
  await tx.insert(sealEvents).values({ sealId: seal.id, type, reason, status: seal.status, expiresAt: seal.expiresAt, occurredAt });
}

/** What an audit row keeps of a seal, before and after. */
export function auditSnapshot(seal: Seal) {
  return {
    status: seal.status,
    expiresAt: seal.expiresAt.toISOString(),
    statusReason: seal.statusReason,
    revocationReason: seal.revocationReason,
    criteriaVersionId: seal.criteriaVersionId,
    applicationId: seal.applicationId,
    suspensionCaseId: seal.suspensionCaseId,
  };
}

const NOT_FOUND = 'This seal does not exist.';

/** A seal by its internal id or by its public id (OS-XXXX-XXXX); NotFoundError otherwise. */
export async function findSeal(db: Executor, sealId: string): Promise<Seal> {
  const column = isSealPublicId(sealId) ? seals.publicId : /^[0-9a-f-]{36}$/i.test(sealId) ? seals.id : null;
  const [seal] = column ? await db.select().from(seals).where(eq(column, sealId)).limit(1) : [];
  if (!seal) throw new NotFoundError(NOT_FOUND);
  return seal;
}
