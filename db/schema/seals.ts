import { sql } from 'drizzle-orm';
import { bigint, index, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organizations } from './organizations';
import { sites } from './sites';
import { criteriaVersions, programs } from './programs';
import { applications } from './applications';
import { users } from './users';
import { bytea } from './column-types';

export const sealStatuses = ['active', 'suspended', 'revoked', 'expired'] as const;
export type SealStatus = (typeof sealStatuses)[number];
export const sealStatus = pgEnum('seal_status', sealStatuses);

export const revocationReasons = ['ceased_operation', 'no_longer_wanted', 'non_response', 'complaint_upheld', 'misrepresentation', 'privacy_violation', 'fraud'] as const;
export type RevocationReason = (typeof revocationReasons)[number];
export const revocationReason = pgEnum('revocation_reason', revocationReasons);

/**
 * A seal, issued when an application is approved. `publicId` (OS-XXXX-XXXX) is what badges, the
 * verification page and the public API name. `status` is the stored state; a seal whose
 * `expiresAt` has passed reads `expired` everywhere even before the expiry job records it.
 */
export const seals = pgTable(
  'seals',
  {
    id: uuid().primaryKey().defaultRandom(),
    publicId: text().notNull(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    siteId: uuid()
      .notNull()
      .references(() => sites.id),
    programId: uuid()
      .notNull()
      .references(() => programs.id),
    criteriaVersionId: uuid()
      .notNull()
      .references(() => criteriaVersions.id),
    /** The application that granted it, or that last renewed it. */
    applicationId: uuid()
      .notNull()
      .references(() => applications.id),
    status: sealStatus().notNull().default('active'),
    issuedAt: timestamp({ withTimezone: true }).notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    statusChangedAt: timestamp({ withTimezone: true }).notNull(),
    /** Why the seal is suspended or revoked, as the public reads it. */
    statusReason: text(),
    /**
     * While suspended: what the holder must do to be reinstated. Kept, with `statusReason`, when a
     * suspended seal lapses, so that its renewal comes back suspended (ADR 0008, amendment).
     */
    reinstatementRequirements: text(),
    /**
     * The case whose decision imposed the current suspension: such a suspension is lifted through
     * that case only (a remedy decision or the appeal), never from the seal page. Null for a
     * suspension made on the seal page. No foreign key: cases.ts already references seals, and the
     * schema files must not import each other in a cycle.
     */
    suspensionCaseId: uuid(),
    revocationReason: revocationReason(),
    /**
     * Grows with every change to what the seal's public status document says: its own row, its
     * holder's name or country, its program's name, its domains (triggers, migration 0031). The
     * status cache's background refresh compares it instead of reading whole documents (ADR 0005).
     */
    statusVersion: bigint({ mode: 'number' }).notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('seals_public_id_key').on(t.publicId),
    index('seals_organization_idx').on(t.organizationId),
    index('seals_status_expiry_idx').on(t.status, t.expiresAt),
    // The staff list (lib/services/seals/list-seals.ts, ADR 0013): newest issued first, by stored status.
    index('seals_issued_id_idx').on(t.issuedAt, t.id),
    index('seals_status_issued_id_idx').on(t.status, t.issuedAt, t.id),
    index('seals_public_id_trgm_idx').using('gin', sql`${t.publicId} gin_trgm_ops`).with({ fastupdate: false }),
  ],
);

/** Every domain a seal covers (its site's and the application's extra sites'), as stored at issue. */
export const sealDomains = pgTable(
  'seal_domains',
  {
    sealId: uuid()
      .notNull()
      .references(() => seals.id),
    domain: text().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.sealId, t.domain] }),
    index('seal_domains_domain_idx').on(t.domain),
    // Any part of a domain, for the staff lists' text filters (seals, complaints).
    index('seal_domains_domain_trgm_idx').using('gin', sql`${t.domain} gin_trgm_ops`).with({ fastupdate: false }),
  ],
);

/** `reason_changed`: the reason of a revocation made more severe (strengthenRevocationReason). */
export const sealEventTypes = ['issued', 'renewed', 'suspended', 'reinstated', 'revoked', 'expired', 'reason_changed'] as const;
export type SealEventType = (typeof sealEventTypes)[number];
export const sealEventType = pgEnum('seal_event_type', sealEventTypes);

/** The public history of a seal: append-only, shown on the verification page and in the public log. */
export const sealEvents = pgTable(
  'seal_events',
  {
    id: uuid().primaryKey().defaultRandom(),
    sealId: uuid()
      .notNull()
      .references(() => seals.id),
    type: sealEventType().notNull(),
    /** The public reason, in words. */
    reason: text(),
    /** Status and expiry after the event. */
    status: sealStatus().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    occurredAt: timestamp({ withTimezone: true }).notNull(),
    /** Its place in the public log (ADR 0023): consecutive from 0, given in the transaction that records the event. */
    logIndex: bigint({ mode: 'number' }).notNull(),
    /** The log entry: the event as RFC 8785 canonical JSON (lib/log/entries.ts), the bytes the log hashes. */
    logEntry: bytea().notNull(),
  },
  (t) => [
    index('seal_events_seal_idx').on(t.sealId, t.occurredAt),
    uniqueIndex('seal_events_log_index_idx').on(t.logIndex),
    // The transparency report counts events by type in a period (lib/transparency), without reading the rows.
    index('seal_events_occurred_type_idx').on(t.occurredAt, t.type),
    // The home page's latest sanctions: newest first, from the few suspensions and revocations.
    index('seal_events_sanctions_idx').on(t.occurredAt).where(sql`${t.type} in ('suspended', 'revoked')`),
  ],
);

/** A reviewer's declared conflict of interest with an organization (withdrawn, never deleted). */
export const conflictDeclarations = pgTable(
  'conflict_declarations',
  {
    id: uuid().primaryKey().defaultRandom(),
    reviewerId: uuid()
      .notNull()
      .references(() => users.id),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    reason: text().notNull(),
    declaredAt: timestamp({ withTimezone: true }).notNull(),
    withdrawnAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('conflict_declarations_reviewer_idx').on(t.reviewerId, t.organizationId)],
);

export type Seal = typeof seals.$inferSelect;
export type SealEvent = typeof sealEvents.$inferSelect;
