import { auditEvents } from '@/db/schema';
import type { Executor } from '@/db/client';

export type AuditEntry = {
  actorId: string | null;
  /** `entity.verb`, e.g. `user.disable`. */
  action: string;
  entityType: string;
  entityId: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  at: Date;
};

/** Call it with the transaction of the change it records, so that one cannot commit without the other. */
export async function recordAudit(tx: Executor, entry: AuditEntry): Promise<void> {
  await tx.insert(auditEvents).values({
    actorId: entry.actorId,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    before: entry.before ?? null,
    after: entry.after ?? null,
    occurredAt: entry.at,
  });
}
