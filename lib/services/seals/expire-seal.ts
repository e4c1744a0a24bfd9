import { and, asc, eq, getTableColumns, gte, inArray, lte, sql } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { seals, type Seal, type SealStatus } from '@/db/schema';
import type { JobRunner } from '@/lib/jobs/runner';
import { notifyEachOrganization } from '@/lib/notifications/notify';
import { notifySealStatusesChanged } from '@/lib/public-status/status-notify';
import { effectiveStatus } from '@/lib/seals/effective-status';
import { recordAudits } from '../audit';
import { ConflictError } from '../errors';
import { auditSnapshot, findSeal, recordSealEvents } from './seal-records';
import { sealStatusMessage } from './seal-notifications';
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

/** Seals lapsed per transaction by the sweep: big enough to amortize a statement, small enough to hold locks briefly. */
export const EXPIRY_SWEEP_BATCH_SIZE = 2000;

/**
 * Records the expiry of every seal whose expiresAt has come, oldest first, in batches until none is
 * left: thousands lapsing at once are all recorded in one run. Each batch is one transaction that
 * does for all its seals what expireSeal does for one: a conditional UPDATE … RETURNING, then the
 * public `expired` events, the `seal.expire` audit rows, the NOTIFY that drops them from every
 * status cache, and the holders' notifications. A seal another transaction holds (being renewed,
 * revoked) is skipped rather than waited for, and so are its changes: the next sweep sees it as it
 * is then. Returns the ids expired.
 */
export async function sweepExpiredSeals(db: Executor, now: Date, { batchSize = EXPIRY_SWEEP_BATCH_SIZE, jobs }: { batchSize?: number; jobs?: JobRunner } = {}): Promise<string[]> {
  const expired: string[] = [];
  let from: Date | null = null;
  for (;;) {
    const batch: Seal[] = await db.transaction((tx) => expireBatch(tx, now, from, batchSize, jobs));
    expired.push(...batch.map((seal) => seal.id));
    if (batch.length < batchSize) return expired;
    // Each batch starts where the last one ended: the index entries of the seals already expired
    // stay until vacuum, and a batch that read them all again would cost more each time.
    from = new Date(Math.max(...batch.map((seal) => seal.expiresAt.getTime())));
  }
}

async function expireBatch(tx: Executor, now: Date, from: Date | null, batchSize: number, jobs: JobRunner | undefined): Promise<Seal[]> {
  await tx.execute(sql`set local jit = off`); // see expiry-reminders.ts
  const lapsing = and(inArray(seals.status, ['active', 'suspended']), lte(seals.expiresAt, now), from ? gte(seals.expiresAt, from) : undefined);
  // The columns the update changes, as they were: the audit row's "before".
  const due = tx.$with('due').as(
    tx
      .select({
        id: seals.id,
        wasStatus: sql<SealStatus>`${seals.status}`.as('was_status'),
        wasStatusReason: sql<string | null>`${seals.statusReason}`.as('was_status_reason'),
        wasReinstatementRequirements: sql<string | null>`${seals.reinstatementRequirements}`.as('was_reinstatement_requirements'),
        wasSuspensionCaseId: sql<string | null>`${seals.suspensionCaseId}`.as('was_suspension_case_id'),
        wasStatusChangedAt: sql<Date>`${seals.statusChangedAt}`.mapWith(seals.statusChangedAt).as('was_status_changed_at'),
      })
      .from(seals)
      .where(lapsing)
      .orderBy(asc(seals.expiresAt), asc(seals.id))
      .limit(batchSize)
      .for('update', { skipLocked: true }),
  );
  const rows = await tx
    .with(due)
    .update(seals)
    .set({
      status: 'expired',
      statusChangedAt: sql`${seals.expiresAt}`,
      // As expireSeal: a suspension outlives the lapse, anything else is cleared (the right-hand
      // side reads the row as it was).
      statusReason: sql`case when ${seals.status} = 'suspended' then ${seals.statusReason} end`,
      reinstatementRequirements: sql`case when ${seals.status} = 'suspended' then ${seals.reinstatementRequirements} end`,
      suspensionCaseId: sql`case when ${seals.status} = 'suspended' then ${seals.suspensionCaseId} end`,
    })
    .from(due)
    .where(and(eq(seals.id, due.id), lapsing))
    .returning({
      ...getTableColumns(seals),
      wasStatus: due.wasStatus,
      wasStatusReason: due.wasStatusReason,
      wasReinstatementRequirements: due.wasReinstatementRequirements,
      wasSuspensionCaseId: due.wasSuspensionCaseId,
      wasStatusChangedAt: due.wasStatusChangedAt,
    });
  if (rows.length === 0) return [];
  const lapsed = rows.map(({ wasStatus, wasStatusReason, wasReinstatementRequirements, wasSuspensionCaseId, wasStatusChangedAt, ...after }) => ({
    after,
    before: { ...after, status: wasStatus, statusReason: wasStatusReason, reinstatementRequirements: wasReinstatementRequirements, suspensionCaseId: wasSuspensionCaseId, statusChangedAt: wasStatusChangedAt },
  }));
  await recordAudits(
    tx,
    lapsed.map(({ before, after }) => ({ actorId: null, action: 'seal.expire', entityType: 'seal', entityId: after.id, before: auditSnapshot(before), after: auditSnapshot(after), at: now })),
  );
  await notifySealStatusesChanged(
    tx,
    lapsed.map(({ after }) => after.publicId),
  );
  await notifyEachOrganization(
    tx,
    { jobs, now },
    lapsed.map(({ after }) => ({ organizationId: after.organizationId, message: sealStatusMessage(after, 'expired', null)! })),
  );
  // Last: the public log's counter stays locked until the commit (seal-records.ts).
  await recordSealEvents(
    tx,
    lapsed.map(({ after }) => ({ seal: after, type: 'expired', reason: null, occurredAt: after.expiresAt })),
  );
  return lapsed.map(({ after }) => after);
}
