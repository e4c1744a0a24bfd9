import { sql } from 'drizzle-orm';
import { index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organizations } from './organizations';
import { users } from './users';

export const verificationMethods = ['dns', 'meta', 'file'] as const;
export type VerificationMethod = (typeof verificationMethods)[number];
export const verificationMethod = pgEnum('verification_method', verificationMethods);

/**
 * Why a claim ended: it was not proven within its time, another organization proved the domain, or
 * an owner removed the site (its proof, if any, is dropped with it: the domain is free again).
 */
export const siteClaimEndReasons = ['lapsed', 'proven_elsewhere', 'removed'] as const;
export type SiteClaimEndReason = (typeof siteClaimEndReasons)[number];
export const siteClaimEndReason = pgEnum('site_claim_end_reason', siteClaimEndReasons);

/**
 * A domain an organization claims. Several organizations may claim one domain; an unproven claim
 * blocks nobody and lapses at `claimLapsesAt`. The first proof (`verifiedAt`) wins: only one
 * proven site per domain (the partial unique index), and the other claims end. An organization
 * has at most one live claim per domain. Ended claims are kept (audit events and notifications
 * point at them). See docs/adr/0004-domains-subdomains-and-outbound-requests.md.
 */
export const sites = pgTable(
  'sites',
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    /** Normalised: lowercase ASCII (punycode), no scheme, port, path or trailing dot. */
    domain: text().notNull(),
    /** Random, per site: what the owner publishes to prove control. */
    verificationToken: text().notNull(),
    verifiedAt: timestamp({ withTimezone: true }),
    verifiedBy: verificationMethod(),
    /** Where the proof was found, in words ("Found the meta tag on https://…/"); null for claims not proven. */
    proofFoundAt: text(),
    lastCheckedAt: timestamp({ withTimezone: true }),
    /** Why the last check failed, in words for the applicant; null after a success. */
    lastCheckProblem: text(),
    /** Who claimed it; null for claims made before this was recorded. */
    claimedBy: uuid().references(() => users.id),
    /** An unproven claim is gone from this moment on (14 days after the claim); irrelevant once proven. */
    claimLapsesAt: timestamp({ withTimezone: true }),
    /** When the claim was ended (by the lapse job, by another organization's proof, or by an owner's removal), and why. */
    endedAt: timestamp({ withTimezone: true }),
    endReason: siteClaimEndReason(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('sites_proven_domain_key').on(t.domain).where(sql`${t.verifiedAt} is not null`),
    uniqueIndex('sites_live_claim_key').on(t.organizationId, t.domain).where(sql`${t.endedAt} is null`),
    index('sites_domain_idx').on(t.domain),
    // Any part of a domain, for the review queue's text filter (ADR 0013).
    index('sites_domain_trgm_idx').using('gin', sql`${t.domain} gin_trgm_ops`).with({ fastupdate: false }),
    index('sites_organization_idx').on(t.organizationId, t.createdAt),
    index('sites_claimed_by_idx').on(t.claimedBy, t.createdAt),
  ],
);

export type Site = typeof sites.$inferSelect;
