import { and, eq, gt, inArray, lte } from 'drizzle-orm';
import { auditEvents, seals, sites } from '@/db/schema';
import type { Executor } from '@/db/client';
import { DAY_MS } from '@/lib/seals/validity';
import type { JobRunner } from '@/lib/jobs/runner';
import { notifyOrganization } from '@/lib/notifications/notify';
import { recordAudit } from '../audit';
import { expiryReminderMessage } from './seal-notifications';

/** Days before expiry at which the holder is reminded, largest first. */
export const EXPIRY_REMINDER_DAYS = [60, 30, 7] as const;

export type ExpiryReminder = { sealId: string; organizationId: string; publicId: string; expiresAt: Date; daysLeft: (typeof EXPIRY_REMINDER_DAYS)[number] };

const REMINDER_ACTION = 'seal.expiry-reminder';

/** The bucket a seal with `msLeft` to go is in: the smallest reminder day not below the days left, or null beyond 60. */
function bucketOf(msLeft: number): ExpiryReminder['daysLeft'] | null {
  const daysLeft = Math.ceil(msLeft / DAY_MS);
  const buckets = EXPIRY_REMINDER_DAYS.filter((days) => days >= daysLeft);
  return buckets.length > 0 ? buckets[buckets.length - 1]! : null;
}

/**
 * Reminders that are due now and not yet recorded: for every seal still live (active or suspended)
 * and expiring within 60 days, the one bucket it is in (60, 30 or 7). A job that missed a few days
 * sends only the current bucket, never a stale "60 days" for a seal with 20 left. A reminder counts
 * for one expiry date: after a renewal the new period is reminded afresh.
 */
export async function dueExpiryReminders(db: Executor, now: Date, only?: { sealId: string }): Promise<ExpiryReminder[]> {
  const horizon = new Date(now.getTime() + EXPIRY_REMINDER_DAYS[0] * DAY_MS);
  const candidates = await db
    .select({ sealId: seals.id, organizationId: seals.organizationId, publicId: seals.publicId, expiresAt: seals.expiresAt })
    .from(seals)
    .where(and(inArray(seals.status, ['active', 'suspended']), gt(seals.expiresAt, now), lte(seals.expiresAt, horizon), only ? eq(seals.id, only.sealId) : undefined));
  if (candidates.length === 0) return [];
  const sent = await db
    .select({ entityId: auditEvents.entityId, after: auditEvents.after })
    .from(auditEvents)
    .where(and(eq(auditEvents.action, REMINDER_ACTION), eq(auditEvents.entityType, 'seal'), inArray(auditEvents.entityId, candidates.map((seal) => seal.sealId))));
  const sentKeys = new Set(sent.map(({ entityId, after }) => reminderKey(entityId, after as { daysLeft?: number; expiresAt?: string } | null)));
  const due: ExpiryReminder[] = [];
  for (const seal of candidates) {
    const daysLeft = bucketOf(seal.expiresAt.getTime() - now.getTime());
    if (daysLeft === null) continue;
    if (sentKeys.has(reminderKey(seal.sealId, { daysLeft, expiresAt: seal.expiresAt.toISOString() }))) continue;
    due.push({ ...seal, daysLeft });
  }
  return due;
}

function reminderKey(sealId: string, after: { daysLeft?: number; expiresAt?: string } | null): string {
  return `${sealId}|${after?.daysLeft}|${after?.expiresAt}`;
}

/**
 * Records every due reminder as an audit event `seal.expiry-reminder` {daysLeft, expiresAt} and
 * tells the holder's members (notification and mail) in the same transaction: no reminder is
 * recorded that was not sent, none sent twice. Each is re-checked under a lock on the seal, so two
 * runs at once still record a bucket once. `jobs` queues the mails at once; without it (the daily
 * job has no runner in hand) they stay queued for the `mail.sweep` job. Returns what was recorded.
 */
export async function recordExpiryReminders(db: Executor, now: Date, { jobs }: { jobs?: JobRunner } = {}): Promise<ExpiryReminder[]> {
  const recorded: ExpiryReminder[] = [];
  for (const reminder of await dueExpiryReminders(db, now)) {
    const wrote = await db.transaction(async (tx) => {
      const [locked] = await tx
        .select({ id: seals.id, siteId: seals.siteId, domain: sites.domain })
        .from(seals)
        .innerJoin(sites, eq(sites.id, seals.siteId))
        .where(eq(seals.id, reminder.sealId))
        .for('update', { of: seals });
      if (!locked) return false;
      const still = await dueExpiryReminders(tx, now, { sealId: reminder.sealId });
      if (!still.some((due) => due.sealId === reminder.sealId && due.daysLeft === reminder.daysLeft)) return false;
      await recordAudit(tx, {
        actorId: null,
        action: REMINDER_ACTION,
        entityType: 'seal',
        entityId: reminder.sealId,
        after: { daysLeft: reminder.daysLeft, expiresAt: reminder.expiresAt.toISOString(), publicId: reminder.publicId },
        at: now,
      });
      await notifyOrganization(tx, { jobs, now }, reminder.organizationId, expiryReminderMessage({ ...reminder, siteId: locked.siteId, domain: locked.domain }, now));
      return true;
    });
    if (wrote) recorded.push(reminder);
  }
  return recorded;
}
