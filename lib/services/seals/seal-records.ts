import { eq, inArray, sql } from 'drizzle-orm';
import { criteriaVersions, logHead, sealEvents, seals, type Seal, type SealEventType } from '@/db/schema';
import { encodeLogEntry } from '@/lib/log/entries';
import { sealWebhookEvents } from '@/lib/webhooks/seal-events';
import { recordWebhookEvents } from '@/lib/webhooks/record-event';
import type { Executor } from '@/db/client';
import { isSealPublicId } from '@/lib/seals/public-id';
import { NotFoundError } from '../errors';

export type SealEventEntry = {
  seal: Pick<Seal, 'id' | 'publicId' | 'status' | 'expiresAt' | 'criteriaVersionId' | 'organizationId'>;
  type: SealEventType;
  reason: string | null;
  occurredAt: Date;
};

/**
 * Appends the public event of a transition and its entry in the public log (ADR 0023). Call it
 * with the transaction of the change, after the update, with the seal as it is afterwards (the
 * event records status and expiry after the event), and last: the log's counter row stays locked
 * from here until the commit, so that concurrent transitions take consecutive indexes.
 */
export async function recordSealEvent(tx: Executor, seal: SealEventEntry['seal'], type: SealEventType, reason: string | null, occurredAt: Date): Promise<void> {
  await recordSealEvents(tx, [{ seal, type, reason, occurredAt }]);
}

/**
 * recordSealEvent for a batch of transitions (the expiry sweep's), in one statement whose rows
 * travel as one JSON parameter: no batch size meets PostgreSQL's 65,535-parameter limit.
 */
export async function recordSealEvents(tx: Executor, events: SealEventEntry[]): Promise<void> {
  if (events.length === 0) return;
  const versions = await criteriaVersionNumbers(
    tx,
    events.map(({ seal }) => seal.criteriaVersionId),
  );
  const rows = events.map(({ seal, type, reason, occurredAt }, position) => ({
    position,
    seal_id: seal.id,
    type,
    reason,
    status: seal.status,
    expires_at: seal.expiresAt.toISOString(),
    occurred_at: occurredAt.toISOString(),
    entry: Buffer.from(
      encodeLogEntry({ sealId: seal.publicId, event: type, status: seal.status, reason, occurredAt, expiresAt: seal.expiresAt, criteriaVersion: versions.get(seal.criteriaVersionId)! }),
    ).toString('base64'),
  }));
  const [head] = await tx
    .update(logHead)
    .set({ size: sql`${logHead.size} + ${rows.length}` })
    .returning({ size: logHead.size });
  if (!head) throw new Error('The public log has no counter row (log_head); the database was not migrated.');
  const first = head.size - rows.length;
  await tx.execute(sql`
    insert into ${sealEvents} (seal_id, type, reason, status, expires_at, occurred_at, log_index, log_entry)
    select seal_id, type::seal_event_type, reason, status::seal_status, expires_at, occurred_at, ${first}::bigint + position, decode(entry, 'base64')
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as event(position bigint, seal_id uuid, type text, reason text, status text, expires_at timestamptz, occurred_at timestamptz, entry text)`);
  // The same events for the webhooks' subscribers (issue #17), in the same transaction.
  await recordWebhookEvents(tx, events.flatMap((event) => sealWebhookEvents(event, versions.get(event.seal.criteriaVersionId)!)));
}

/** Criteria version numbers by id, remembered: a published version never changes (migration 0003). */
const knownVersions = new Map<string, number>();

async function criteriaVersionNumbers(tx: Executor, ids: string[]): Promise<Map<string, number>> {
  const missing = [...new Set(ids)].filter((id) => !knownVersions.has(id));
  if (missing.length > 0) {
    const rows = await tx.select({ id: criteriaVersions.id, version: criteriaVersions.version }).from(criteriaVersions).where(inArray(criteriaVersions.id, missing));
    for (const row of rows) knownVersions.set(row.id, row.version);
  }
  for (const id of ids) if (!knownVersions.has(id)) throw new Error(`Criteria version ${id} does not exist.`);
  return knownVersions;
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
