import { boolean, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
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
    /**
     * When the address in `email` was proven by a mailed link. Null only for self-service sign-ups
     * that have not followed their link yet (lib/services/users/sign-up.ts sets it null): every other
     * way an account is made — demo data, an admin, `admin:create` — is verified, hence the default,
     * which also counted every account that existed when the column was added as verified.
     */
    emailVerifiedAt: timestamp({ withTimezone: true }).defaultNow(),
    /**
     * Goes up by one when a password is changed or reset, or the user signs out: every session token
     * carries the version it was issued under, and one with an older version is refused
     * (docs/adr/0002-jwt-sessions-with-database-role-checks.md, amendment).
     */
    sessionVersion: integer().notNull().default(0),
    /**
     * The IANA zone dates are written in for this user (lib/format/dates.ts, ADR 0022): detected by
     * the browser, or chosen on the account page (`timeZoneChosen`, then detection leaves it alone).
     * Null until either happens: UTC.
     */
    timeZone: text(),
    timeZoneChosen: boolean().notNull().default(false),
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

export const userTokenPurposes = ['password_reset', 'email_verification', 'sign_in_link'] as const;
export type UserTokenPurpose = (typeof userTokenPurposes)[number];

/**
 * One-time links mailed to a user: a password reset, the proof of an email address (the current one
 * or the one they are changing to: `email` says which), later a sign-in link. Only the SHA-256 of the
 * 256-bit token is stored. A token works once, until `expiresAt`, and a newer one for the same user
 * and purpose invalidates it (`invalidatedAt`).
 */
export const userTokens = pgTable(
  'user_tokens',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: text({ enum: userTokenPurposes }).notNull(),
    tokenSha256: text().notNull(),
    /** The address the link was mailed to: for email_verification, the address it proves. */
    email: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    invalidatedAt: timestamp({ withTimezone: true }),
  },
  (t) => [uniqueIndex('user_tokens_token_key').on(t.tokenSha256), index('user_tokens_user_idx').on(t.userId, t.purpose, t.createdAt)],
);

export type UserToken = typeof userTokens.$inferSelect;

/**
 * Every request that mails an account link (a reset, a verification resent, a sign-up with an
 * address that has an account), whether or not the address has an account: the limits count these
 * rows, so a refusal says nothing about whether the account exists.
 */
export const accountMailRequests = pgTable(
  'account_mail_requests',
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: text({ enum: ['password_reset', 'verification', 'sign_up_existing'] }).notNull(),
    email: text().notNull(),
    clientAddress: text().notNull(),
    requestedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('account_mail_requests_email_idx').on(t.kind, t.email, t.requestedAt), index('account_mail_requests_client_idx').on(t.kind, t.clientAddress, t.requestedAt)],
);
