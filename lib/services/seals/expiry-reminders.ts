import { and, asc, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import { auditEvents, seals, sites } from '@/db/schema';
import type { Executor } from '@/db/client';
import { DAY_MS } from '@/lib/seals/validity';
import type { JobRunner } from '@/lib/jobs/runner';
import { notifyEachOrganization } from '@/lib/notifications/notify';
import { recordAudits } from '../audit';
import { expiryReminderMessage } from './seal-notifications';

/** Days before expiry at which the holder is reminded, largest first. */
export const EXPIRY_REMINDER_DAYS = [60, 30, 7] as const;

/** Seals reminded per transaction: big enough to amortize a statement, small enough to hold locks briefly. */
export const EXPIRY_REMINDER_BATCH_SIZE = 2000;

export type ExpiryReminder = { sealId: string; organizationId: string; publicId: string; expiresAt: Date; daysLeft: (typeof EXPIRY_REMINDER_DAYS)[number] };

const REMINDER_ACTION = 'seal.expiry-reminder';

/** As JavaScript's toISOString writes it into the reminder's audit row (a Date read from the database keeps whole milliseconds). */
const isoSql = (column: typeof seals.expiresAt) => sql`to_char(date_trunc('milliseconds', ${column}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The reminders due at `now`, in SQL: for every seal still live (active or suspended) and expiring
 * within 60 days, the one bucket it is in (60, 30 or 7: the smallest not below the days left),
 * unless a reminder for that bucket and that expiry date is recorded already. A job that missed a
 * few days sends only the current bucket, never a stale "60 days" for a seal with 20 left. A
 * reminder counts for one expiry date: after a renewal the new period is reminded afresh. The
 * bucket bounds are computed here, so a day is DAY_MS whatever the session's time zone.
 */
function dueReminders(now: Date) {
  const ascending = [...EXPIRY_REMINDER_DAYS].sort((a, b) => a - b);
  const within = (days: number) => lte(seals.expiresAt, new Date(now.getTime() + days * DAY_MS));
  const cases = sql.join(
    ascending.slice(0, -1).map((days) => sql`when ${within(days)} then ${sql.raw(String(days))}`),
    sql` `,
  );
  const daysLeft = sql`(case ${cases} else ${sql.raw(String(ascending.at(-1)))} end)`.mapWith((value) => Number(value) as ExpiryReminder['daysLeft']);
  // Looked up seal by seal in the audit index. `offset 0` keeps PostgreSQL from turning this into an
  // anti-join: planned on statistics from before the run's own reminders, that join scanned every
  // reminder once per seal (40 s for a run with nothing to do, at 100,000 seals).
  const notRecorded = sql`not exists (
    select 1 from ${auditEvents}
    where ${auditEvents.entityType} = 'seal' and ${auditEvents.entityId} = ${seals.id}::text and ${auditEvents.action} = ${REMINDER_ACTION}
      and ${auditEvents.after}->>'daysLeft' = ${daysLeft}::text and ${auditEvents.after}->>'expiresAt' = ${isoSql(seals.expiresAt)}
    offset 0)`;
  return {
    daysLeft,
    where: and(inArray(seals.status, ['active', 'suspended']), gt(seals.expiresAt, now), within(EXPIRY_REMINDER_DAYS[0]), notRecorded)!,
  };
}

/** Every reminder due now and not yet recorded, in seal id order (a read: recordExpiryReminders records them). */
export async function dueExpiryReminders(db: Executor, now: Date): Promise<ExpiryReminder[]> {
  const due = dueReminders(now);
  return db
    .select({ sealId: seals.id, organizationId: seals.organizationId, publicId: seals.publicId, expiresAt: seals.expiresAt, daysLeft: due.daysLeft })
    .from(seals)
    .where(due.where)
    .orderBy(asc(seals.id));
}

/**
 * Records every due reminder as an audit event `seal.expiry-reminder` {daysLeft, expiresAt} and
 * tells the holder's members (notification and mail) in the same transaction: no reminder is
 * recorded that was not sent, none sent twice. The seals are taken in batches of `batchSize` by
 * seal id (keyset), each batch one transaction: a run that stops half-way keeps what it committed,
 * and the next run sends only the rest. The candidates are chosen in SQL, never handed back as a
 * list of ids. `jobs` queues the mails at once; without it (the daily job has no runner in hand)
 * they stay queued for the `mail.sweep` job. Returns what was recorded.
 */
export async function recordExpiryReminders(db: Executor, now: Date, { jobs, batchSize = EXPIRY_REMINDER_BATCH_SIZE }: { jobs?: JobRunner; batchSize?: number } = {}): Promise<ExpiryReminder[]> {
  const recorded: ExpiryReminder[] = [];
  let after: string | null = null;
  for (;;) {
    const batch = await db.transaction((tx) => recordBatch(tx, now, after, batchSize, jobs));
    recorded.push(...batch);
    if (batch.length < batchSize) return recorded;
    after = batch.at(-1)!.sealId;
  }
}

async function recordBatch(tx: Executor, now: Date, after: string | null, batchSize: number, jobs: JobRunner | undefined): Promise<ExpiryReminder[]> {
  // Two runs at once (a retry beside the daily run) take their batches in turn: the query below
  // starts after the other run's batch committed and so sees its reminders. The seals are locked
  // too, so a seal being revoked or renewed right now is judged as it is once that has committed.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${REMINDER_ACTION}, 0))`);
  // At 450,000 seals PostgreSQL judged the batch query costly enough to compile (JIT): a second of
  // compiling for a second of work, in every batch. It is run many times, never long: no JIT.
  await tx.execute(sql`set local jit = off`);
  const due = dueReminders(now);
  const batch = await tx
    .select({ sealId: seals.id, organizationId: seals.organizationId, publicId: seals.publicId, expiresAt: seals.expiresAt, daysLeft: due.daysLeft, siteId: seals.siteId, domain: sites.domain })
    .from(seals)
    .innerJoin(sites, eq(sites.id, seals.siteId))
    .where(and(due.where, after ? gt(seals.id, after) : undefined))
    .orderBy(asc(seals.id))
    .limit(batchSize)
    .for('update', { of: seals });
  if (batch.length === 0) return [];
  await recordAudits(
    tx,
    batch.map((seal) => ({
      actorId: null,
      action: REMINDER_ACTION,
      entityType: 'seal',
      entityId: seal.sealId,
      after: { daysLeft: seal.daysLeft, expiresAt: seal.expiresAt.toISOString(), publicId: seal.publicId },
      at: now,
    })),
  );
  await notifyEachOrganization(
    tx,
    { jobs, now },
    batch.map((seal) => ({ organizationId: seal.organizationId, message: expiryReminderMessage(seal, now) })),
  );
  return batch.map(({ sealId, organizationId, publicId, expiresAt, daysLeft }) => ({ sealId, organizationId, publicId, expiresAt, daysLeft }));
}
