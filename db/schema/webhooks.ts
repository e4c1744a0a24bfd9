import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { apiKeys } from './api-keys';
import { organizations } from './organizations';
import { users } from './users';

/*
 * Webhooks (issue #17, ADR 0027): endpoints that subscribers register, the events the platform
 * records in the transactions that cause them (an outbox), and one delivery per event and endpoint,
 * sent and retried by the job queue, signed in the Standard Webhooks format.
 */

export const webhookEventTypes = ['seal.status_changed', 'seal.issued', 'seal.renewed', 'seal.expired', 'case.opened', 'case.decided', 'log.checkpoint_published'] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** A relying party's key (every seal's public events, or those of `sealIds`), or an organization (its own seals and cases). */
    apiKeyId: uuid().references(() => apiKeys.id),
    organizationId: uuid().references(() => organizations.id),
    url: text().notNull(),
    description: text().notNull().default(''),
    eventTypes: jsonb().$type<WebhookEventType[]>().notNull(),
    /** A relying party's filter: only these seals (public ids); null for all. */
    sealIds: jsonb().$type<string[] | null>(),
    /** The signing secret (`whsec_…`), sealed by the secret box: it is needed to sign, so it is encrypted, not hashed. */
    secret: text().notNull(),
    createdById: uuid()
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    /** Since when every delivery has failed; cleared by a success. 24 hours of it disables the endpoint. */
    failingSince: timestamp({ withTimezone: true }),
    disabledAt: timestamp({ withTimezone: true }),
    disabledReason: text(),
  },
  (t) => [index('webhook_endpoints_api_key_idx').on(t.apiKeyId), index('webhook_endpoints_organization_idx').on(t.organizationId)],
);

export const webhookEvents = pgTable(
  'webhook_events',
  {
    id: uuid().primaryKey().defaultRandom(),
    type: text().$type<WebhookEventType>().notNull(),
    /** Whose it is: an organization's own endpoints receive it (the case events only go there). */
    organizationId: uuid(),
    /** The seal's public id, for the relying parties' filters. */
    sealPublicId: text(),
    /** Public events go to relying parties too; an organization's case events do not. */
    public: boolean().notNull().default(true),
    data: jsonb().$type<Record<string, unknown>>().notNull(),
    occurredAt: timestamp({ withTimezone: true }).notNull(),
    /** Set once a delivery row exists for every endpoint it matched. */
    fannedOutAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('webhook_events_pending_idx').on(t.occurredAt).where(sql`${t.fannedOutAt} is null`)],
);

export const webhookDeliveryStatuses = ['pending', 'delivered', 'failed'] as const;
export const webhookDeliveryStatus = pgEnum('webhook_delivery_status', webhookDeliveryStatuses);

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    /** Also the message id the receiver sees (`webhook-id: msg_<id without dashes>`), the same on every attempt. */
    id: uuid().primaryKey().defaultRandom(),
    endpointId: uuid()
      .notNull()
      .references(() => webhookEndpoints.id),
    eventId: uuid()
      .notNull()
      .references(() => webhookEvents.id),
    status: webhookDeliveryStatus().notNull().default('pending'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }),
    lastAttemptAt: timestamp({ withTimezone: true }),
    /** The receiver's HTTP status on the last attempt; null when it could not be reached. */
    responseStatus: integer(),
    lastError: text(),
    deliveredAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.createdAt), index('webhook_deliveries_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`)],
);

export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
export type WebhookEvent = typeof webhookEvents.$inferSelect;
