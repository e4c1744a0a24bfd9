import { index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

export const userRoles = ['applicant', 'reviewer', 'admin'] as const;
export type UserRole = (typeof userRoles)[number];
export const userRole = pgEnum('user_role', userRoles);

export const users = pgTable(
  'users',
  {
    id: uuid().primaryKey().defaultRandom(),
    // Stored lowercased by the services; the unique index on lower() guards against a caller that forgets.
    email: text().notNull(),
    name: text().notNull(),
    passwordHash: text().notNull(),
    role: userRole().notNull().default('applicant'),
    disabledAt: timestamp({ withTimezone: true }),
    /** The client address a self-service sign-up came from: the sign-up limit counts by it. Null for accounts an admin made. */
    signUpAddress: text(),
    /** When the user last signed in successfully (lib/auth/last-sign-in.ts); null if never since it was recorded. */
    lastSignInAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('users_email_lower_key').on(sql`lower(${t.email})`),
    index('users_sign_up_address_idx').on(t.signUpAddress, t.createdAt),
    // The admins' users list (lib/services/users/list-users.ts): newest first, paged by (created_at, id).
    index('users_created_at_id_idx').on(t.createdAt, t.id),
    index('users_role_created_at_id_idx').on(t.role, t.createdAt, t.id),
    index('users_disabled_created_at_id_idx').on(t.createdAt, t.id).where(sql`${t.disabledAt} is not null`),
    // Substring search in names and addresses (ILIKE '%…%'): trigram indexes, pg_trgm being loaded
    // on both drivers (db/client.ts; migration 0012 creates the extension). fastupdate off: PGlite
    // runs no autovacuum, so GIN's pending list would only grow, and the planner then prefers
    // reading the whole table (measured: npm run bench:users). Users are written rarely.
    index('users_name_trgm_idx').using('gin', sql`${t.name} gin_trgm_ops`).with({ fastupdate: false }),
    index('users_email_trgm_idx').using('gin', sql`${t.email} gin_trgm_ops`).with({ fastupdate: false }),
  ],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;

/**
 * Every sign-in attempt, kept a short while: it drives the slow-down of repeated failures (per
 * account and client, and per client). `succeeded`: `yes` signed in; `no` failed (wrong password or
 * code, unknown address); `password` the password was right and the second factor is still owed.
 */
export const signInAttempts = pgTable(
  'sign_in_attempts',
  {
    id: uuid().primaryKey().defaultRandom(),
    email: text().notNull(),
    ipAddress: text().notNull(),
    succeeded: text({ enum: ['yes', 'no', 'password'] }).notNull(),
    attemptedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('sign_in_attempts_email_idx').on(t.email, t.attemptedAt), index('sign_in_attempts_ip_idx').on(t.ipAddress, t.attemptedAt)],
);
