import { boolean, bigint, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';

/**
 * A user's TOTP authenticator (RFC 6238). One row per user: `enabledAt` null while the person is
 * still confirming the enrolment with a first code. `lastUsedStep` is the 30-second step of the
 * last code accepted: a code of that step or an earlier one is refused (no replay inside its window).
 */
export const userSecondFactors = pgTable('user_second_factors', {
  userId: uuid()
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  /**
   * The base32 secret the authenticator app received, sealed (AES-256-GCM, `enc1:<key id>:…`,
   * lib/services/second-factor/secret-storage.ts): codes are checked against it, so it is encrypted,
   * not hashed. Rows from before encryption hold it readable until the next start seals them.
   */
  secret: text().notNull(),
  enabledAt: timestamp({ withTimezone: true }),
  lastUsedStep: bigint({ mode: 'number' }),
  createdAt: timestamp({ withTimezone: true }).notNull(),
});

/** Single-use recovery codes, stored as SHA-256 (about 50 random bits each, and single use: a slow hash adds nothing). */
export const userRecoveryCodes = pgTable(
  'user_recovery_codes',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text().notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('user_recovery_codes_user_idx').on(t.userId)],
);

/**
 * Settings of the whole installation (not of one program), in a single row whose id is `site`.
 * Absent row = every default.
 */
export const siteSettings = pgTable('site_settings', {
  id: text().primaryKey().default('site'),
  /** Reviewers and admins without a second factor are sent to enrol before they may use the staff area. */
  requireStaffSecondFactor: boolean().notNull().default(false),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
