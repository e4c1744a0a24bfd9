import { and, eq, gt, inArray, lte, type SQL } from 'drizzle-orm';
import { seals, type Seal, type SealEventType, type SealStatus } from '@/db/schema';
import type { Executor } from '@/db/client';
import { effectiveStatus } from '@/lib/seals/effective-status';
import { recordAudit } from '../audit';
import { ConflictError } from '../errors';
import { auditSnapshot, recordSealEvent } from './seal-records';
import { sealStatusMessage } from './seal-notifications';
import { notifyOrganization } from '@/lib/notifications/notify';
import type { JobRunner } from '@/lib/jobs/runner';
import { notifySealStatusChanged } from '@/lib/public-status/status-notify';

export type Transition = {
  seal: Seal;
  /** Stored statuses the update may start from. */
  from: readonly SealStatus[];
  /** `live`: only while expiresAt is still ahead; `lapsed`: only once it has come; absent: either. */
  expiry?: 'live' | 'lapsed';
  set: Partial<Pick<Seal, 'status' | 'statusReason' | 'reinstatementRequirements' | 'revocationReason' | 'statusChangedAt' | 'suspensionCaseId'>>;
  /** Extra condition of the update, e.g. the revocation reason it replaces. */
  where?: SQL;
  event: { type: SealEventType; reason: string | null; occurredAt: Date };
  audit: { actorId: string | null; action: string; at: Date; note?: Record<string, unknown> };
  /** The job runner, so that the holder's mails are queued in this transaction (absent: the mail sweep sends them). */
  jobs?: JobRunner;
  /** The message of the ConflictError when no row matched, from the seal as it is now. */
  conflict(current: Seal, now: Date): string;
  /**
   * A check run inside the transaction, before the update: the conflict-of-interest rule, which
   * must hold the organization's lock while the seal changes (lib/services/reviews/conflicts.ts).
   */
  guard?(tx: Executor): Promise<void>;
};

/**
 * One seal transition, as DESIGN.md "Seal status" requires: a conditional update, its audit row
 * and its public event, with the event's entry in the public log, in one transaction. The condition is in SQL, so of two concurrent callers
 * exactly one matches the row; the other gets a ConflictError, never a silent success.
 */
export async function transitionSeal(db: Executor, transition: Transition): Promise<Seal> {
  const { seal, audit, event } = transition;
  return db.transaction(async (tx) => {
    if (transition.guard) await transition.guard(tx);
    const conditions = [eq(seals.id, seal.id), inArray(seals.status, [...transition.from])];
    if (transition.expiry === 'live') conditions.push(gt(seals.expiresAt, audit.at));
    if (transition.expiry === 'lapsed') conditions.push(lte(seals.expiresAt, audit.at));
    if (transition.where) conditions.push(transition.where);
    const [after] = await tx.update(seals).set(transition.set).where(and(...conditions)).returning();
    if (!after) {
      const [current] = await tx.select().from(seals).where(eq(seals.id, seal.id)).limit(1);
      throw new ConflictError(transition.conflict(current ?? seal, audit.at));
    }
    await recordAudit(tx, { actorId: audit.actorId, action: audit.action, entityType: 'seal', entityId: seal.id, before: auditSnapshot(seal), after: { ...auditSnapshot(after), ...audit.note }, at: audit.at });
    // Delivered on commit only: every status cache drops the seal once the change is visible.
    await notifySealStatusChanged(tx, after.publicId);
    // Every status change is told to the holder's members, in the same transaction as the change.
    const message = sealStatusMessage(after, event.type, event.reason);
    if (message) await notifyOrganization(tx, { jobs: transition.jobs, now: audit.at }, after.organizationId, message);
    // Last: from here the public log's counter stays locked until the commit (seal-records.ts).
    await recordSealEvent(tx, after, event.type, event.reason, event.occurredAt);
    return after;
  });
}

/** Why a transition that expects an active or suspended seal cannot happen, in words. */
export function notLiveMessage(current: Seal, now: Date): string | null {
  const status = effectiveStatus(current, now);
  if (status === 'revoked') return 'This seal is already revoked; revocation is final.';
  if (status === 'expired') return 'This seal has expired; it can only be renewed.';
  return null;
}
