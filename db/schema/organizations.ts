import { sql } from 'drizzle-orm';
import { index, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';

export const organizations = pgTable(
  'organizations',
  {
    id: uuid().primaryKey().defaultRandom(),
    legalName: text().notNull(),
    country: text().notNull(),
    contactEmail: text().notNull(),
    website: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Any part of the name, for the staff lists' text filters (complaints, cases, seals; ADR 0013) and the public directory's search.
    index('organizations_legal_name_trgm_idx').using('gin', sql`${t.legalName} gin_trgm_ops`).with({ fastupdate: false }),
    // The public directory's order (ADR 0018): walked from a page's cursor, never sorted whole.
    index('organizations_lower_legal_name_idx').on(sql`lower(${t.legalName})`),
  ],
);

export const membershipRoles = ['owner', 'member'] as const;
export const membershipRole = pgEnum('membership_role', membershipRoles);

export const memberships = pgTable(
  'memberships',
  {
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: membershipRole().notNull().default('member'),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.userId] })],
);

export type Organization = typeof organizations.$inferSelect;
export type Membership = typeof memberships.$inferSelect;
