import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';
import { apiKeys } from './api-keys';

/** Append-only: the services insert rows and nothing ever updates or deletes them. */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: uuid().primaryKey().defaultRandom(),
    // Null for the system (jobs, seeding) acting on its own. Users are disabled, never deleted, so the
    // reference never has to be nulled out, which the append-only trigger would refuse.
    actorId: uuid().references(() => users.id),
    action: text().notNull(),
    entityType: text().notNull(),
    entityId: text().notNull(),
    before: jsonb(),
    after: jsonb(),
    occurredAt: timestamp({ withTimezone: true }).notNull(),
    /** The API key the change was made with (issue #17); null for the web pages and the system. */
    apiKeyId: uuid().references(() => apiKeys.id),
  },
  (t) => [
    index('audit_events_entity_idx').on(t.entityType, t.entityId, t.occurredAt),
    // The global trail (/review/audit), newest first, and its filters by who and by action.
    index('audit_events_occurred_idx').on(t.occurredAt, t.id),
    index('audit_events_actor_idx').on(t.actorId, t.occurredAt),
    index('audit_events_action_idx').on(sql`${t.action} collate "C"`, t.occurredAt),
  ],
);

export type AuditEvent = typeof auditEvents.$inferSelect;
