import { index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organizations } from './organizations';

export const verificationMethods = ['dns', 'meta', 'file'] as const;
export type VerificationMethod = (typeof verificationMethods)[number];
export const verificationMethod = pgEnum('verification_method', verificationMethods);

/**
 * A domain an organization claims. One organization per domain (the unique index); it may apply
 * only once the domain is proven (`verifiedAt`). See docs/adr/0004-domains-and-subdomains.md for
 * what a proven domain covers.
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
    lastCheckedAt: timestamp({ withTimezone: true }),
    /** Why the last check failed, in words for the applicant; null after a success. */
    lastCheckProblem: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('sites_domain_key').on(t.domain), index('sites_organization_idx').on(t.organizationId)],
);

export type Site = typeof sites.$inferSelect;
