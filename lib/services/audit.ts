import { sql } from 'drizzle-orm';
import { auditEvents } from '@/db/schema';
import type { Executor } from '@/db/client';
import { apiKeyInScope } from '@/lib/api/key-scope';

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
    apiKeyId: apiKeyInScope(),
  });
}

/**
 * Many audit rows in one statement, for a batch job's transaction. The rows travel as one JSON
 * parameter, so a batch of any size stays clear of PostgreSQL's 65,535-parameter limit.
 */
export async function recordAudits(tx: Executor, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const rows = entries.map((entry) => ({
    actor_id: entry.actorId,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId,
    before: entry.before ?? null,
    after: entry.after ?? null,
    occurred_at: entry.at.toISOString(),
  }));
  await tx.execute(sql`
    insert into ${auditEvents} (actor_id, action, entity_type, entity_id, before, after, occurred_at)
    select actor_id, action, entity_type, entity_id, before, after, occurred_at
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as entry(actor_id uuid, action text, entity_type text, entity_id text, before jsonb, after jsonb, occurred_at timestamptz)`);
}
