import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organizations } from './organizations';
import { seals } from './seals';
import { users } from './users';
import { cases } from './cases';
import { bytea } from './column-types';

export const complaintSources = ['public', 'reviewer', 'regulator', 'monitor'] as const;
export type ComplaintSource = (typeof complaintSources)[number];
export const complaintSource = pgEnum('complaint_source', complaintSources);

export const complaintCategories = ['data_sale', 'third_party_sharing', 'ignored_opt_out', 'security_incident', 'seal_misuse', 'other'] as const;
export type ComplaintCategory = (typeof complaintCategories)[number];
export const complaintCategory = pgEnum('complaint_category', complaintCategories);

// `in_case` is declared now, unused until cases exist: adding an enum value later cannot be used in
// the transaction that adds it, which would split that migration in two.
export const complaintStatuses = ['new', 'dismissed', 'in_case'] as const;
export type ComplaintStatus = (typeof complaintStatuses)[number];
export const complaintStatus = pgEnum('complaint_status', complaintStatuses);

export const complaintDismissalReasons = ['out_of_scope', 'duplicate', 'spam', 'insufficient_information'] as const;
export type ComplaintDismissalReason = (typeof complaintDismissalReasons)[number];
export const complaintDismissalReason = pgEnum('complaint_dismissal_reason', complaintDismissalReasons);

/**
 * A report about a site or a seal. The complainant follows it through a private link whose token
 * is stored only as its SHA-256 (docs/adr/0006): a copy of the database does not open anyone's
 * tracking page. The complainant's name and email are private to the seal authority.
 */
export const complaints = pgTable(
  'complaints',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** `C-XXXX-XXXX`, what the complainant quotes and reviewers search for. */
    reference: text().notNull(),
    /** SHA-256 (hex) of the tracking token; the token itself is only in the link given once. */
    trackingTokenHash: text().notNull(),
    source: complaintSource().notNull(),
    category: complaintCategory().notNull(),
    sealId: uuid().references(() => seals.id),
    /** As typed, normalised (lib/domains/normalize.ts); for copied badges, the host showing it. */
    domain: text(),
    /** Whom it is about, when known: the seal's holder, or the organization that registered the domain. */
    organizationId: uuid().references(() => organizations.id),
    description: text().notNull(),
    /** When it happened (a calendar day, as the complainant knows it). */
    occurredOn: date({ mode: 'string' }),
    contactedCompany: boolean().notNull().default(false),
    contactedCompanyOn: date({ mode: 'string' }),
    complainantName: text(),
    complainantEmail: text(),
    /** The complainant agrees that the site may learn who they are (cases, later). */
    shareIdentity: boolean().notNull().default(false),
    status: complaintStatus().notNull().default('new'),
    dismissalReason: complaintDismissalReason(),
    /** What the complainant reads on the tracking page about the dismissal. */
    dismissalNote: text(),
    dismissedAt: timestamp({ withTimezone: true }),
    dismissedById: uuid().references(() => users.id),
    /** A data-sale complaint about a current seal holder: handled before the rest (DESIGN.md, Toysmart). */
    fastTrack: boolean().notNull().default(false),
    /** The reviewer who logged it (sources other than `public`). */
    loggedById: uuid().references(() => users.id),
    /** For automated complaints: the host that keeps showing the seal. One complaint per seal and host. */
    monitorHost: text(),
    /** The case it was triaged into (status `in_case`). */
    caseId: uuid().references(() => cases.id),
    /** The client address of a public filing, for the per-address rate limit. */
    submittedFrom: text(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('complaints_reference_key').on(t.reference),
    uniqueIndex('complaints_tracking_token_hash_key').on(t.trackingTokenHash),
    // NULLs are distinct in a unique index: only automated complaints (with a host) are constrained.
    uniqueIndex('complaints_seal_monitor_host_key').on(t.sealId, t.monitorHost),
    // The staff list (lib/services/complaints/list-complaints.ts, ADR 0013): each order it pages in
    // has an index on its key, the id last, so a page is an index range however deep.
    index('complaints_status_created_id_idx').on(t.status, t.createdAt, t.id),
    index('complaints_created_id_idx').on(t.createdAt, t.id),
    index('complaints_source_created_id_idx').on(t.source, t.createdAt, t.id),
    // A category filter (ADR 0013, amendment): a state and a category as one range, newest first; a
    // rare category in any state as a short range to sort. Without it a page walked the state's
    // entries until 50 matched: every one of them for a category that state does not hold.
    index('complaints_category_status_created_id_idx').on(t.category, t.status, t.createdAt, t.id),
    // The triage queue's order: fast track first, then oldest first; only new complaints.
    index('complaints_triage_idx').on(sql`(not ${t.fastTrack})`, t.createdAt, t.id).where(sql`${t.status} = 'new'`),
    // The list's text filter (ILIKE '%…%'), as on users (ADR 0012): fastupdate off, PGlite has no autovacuum.
    index('complaints_reference_trgm_idx').using('gin', sql`${t.reference} gin_trgm_ops`).with({ fastupdate: false }),
    index('complaints_domain_trgm_idx').using('gin', sql`${t.domain} gin_trgm_ops`).with({ fastupdate: false }),
    index('complaints_organization_idx').on(t.organizationId),
    index('complaints_submitted_from_idx').on(t.submittedFrom, t.createdAt),
    index('complaints_email_created_idx').on(sql`lower(${t.complainantEmail})`, t.createdAt),
    // A case's complaints (case page, dossier, decision effects, the case queue's counts): without it each scans them all.
    // With the date: a case's first complaint (the transparency report's days to a decision) from the index alone.
    index('complaints_case_idx').on(t.caseId, t.createdAt).where(sql`${t.caseId} is not null`),
    // The transparency report's dismissals in a period, by reason, from the index alone.
    index('complaints_dismissed_idx').on(t.dismissedAt, t.dismissalReason).where(sql`${t.dismissedAt} is not null`),
  ],
);

/**
 * An evidence file, kept in the database with the type its bytes were recognised as (never the
 * browser's claim). Served to reviewers only as a download (docs/adr/0006).
 */
export const complaintEvidence = pgTable(
  'complaint_evidence',
  {
    id: uuid().primaryKey().defaultRandom(),
    complaintId: uuid()
      .notNull()
      .references(() => complaints.id),
    /** The name the complainant's file had, cleaned of paths and control characters. */
    fileName: text().notNull(),
    /** Sniffed from the bytes: image/png, image/jpeg, image/gif, image/webp, application/pdf or text/plain. */
    contentType: text().notNull(),
    sizeBytes: integer().notNull(),
    sha256: text().notNull(),
    content: bytea().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('complaint_evidence_complaint_idx').on(t.complaintId)],
);

export type Complaint = typeof complaints.$inferSelect;
export type NewComplaint = typeof complaints.$inferInsert;
export type ComplaintEvidence = typeof complaintEvidence.$inferSelect;
