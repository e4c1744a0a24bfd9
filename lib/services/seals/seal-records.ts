import { eq, sql } from 'drizzle-orm';
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

export type SealEventEntry = { seal: Pick<Seal, 'id' | 'status' | 'expiresAt'>; type: SealEventType; reason: string | null; occurredAt: Date };

/**
 * recordSealEvent for a batch of transitions (the expiry sweep's), in one statement whose rows
 * travel as one JSON parameter: no batch size meets PostgreSQL's 65,535-parameter limit.
 */
export async function recordSealEvents(tx: Executor, events: SealEventEntry[]): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map(({ seal, type, reason, occurredAt }) => ({
    seal_id: seal.id,
    type,
    reason,
    status: seal.status,
    expires_at: seal.expiresAt.toISOString(),
    occurred_at: occurredAt.toISOString(),
  }));
  await tx.execute(sql`
    insert into ${sealEvents} (seal_id, type, reason, status, expires_at, occurred_at)
    select seal_id, type::seal_event_type, reason, status::seal_status, expires_at, occurred_at
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as event(seal_id uuid, type text, reason text, status text, expires_at timestamptz, occurred_at timestamptz)`);
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
