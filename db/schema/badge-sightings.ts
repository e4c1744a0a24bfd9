import { bigint, date, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { seals } from './seals';

/**
 * Badges seen on pages of hosts the seal does not cover: a copied badge on a fraud shop, or a
 * holder's page the seal was never granted for. Counted in memory by the fast path and written in
 * batches (lib/public-status/badge-sightings.ts); listed for reviewers on the seal's page.
 *
 * A sighting is only a claim: anyone can send an `Origin` header. The copied-badge monitor checks
 * it by fetching the host's home page (lib/complaints/badge-copy-check.ts): `confirmedAt` set means
 * the page carried the badge, `checkedAt` set without it means it did not (or could not be read,
 * `checkProblem` says why), neither means not checked yet.
 */
export const badgeSightings = pgTable(
  'badge_sightings',
  {
    sealId: uuid()
      .notNull()
      .references(() => seals.id),
    /** The page's host name, normalised: lowercase, punycode, no port, no trailing dot. */
    host: text().notNull(),
    firstSeenAt: timestamp({ withTimezone: true }).notNull(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull(),
    requestCount: bigint({ mode: 'number' }).notNull(),
    /** The monitor's last look at the host's home page. */
    checkedAt: timestamp({ withTimezone: true }),
    /** Why the last look did not confirm the copy, in a sentence for a reviewer. */
    checkProblem: text(),
    confirmedAt: timestamp({ withTimezone: true }),
    /** The page that carried the badge, and the element found there. */
    confirmedUrl: text(),
    confirmedSnippet: text(),
  },
  // By host: the monitor fetches a host at most once a day whatever seals it is said to show.
  (t) => [primaryKey({ columns: [t.sealId, t.host] }), index('badge_sightings_host_checked_idx').on(t.host, t.checkedAt)],
);

/**
 * Hosts beyond the day's bound (DEFAULT_NEW_HOSTS_PER_SEAL_PER_DAY new hosts per seal and UTC day):
 * counted here instead of getting a row each, so a flood of forged host names cannot grow the
 * sightings table without limit, and a reviewer still sees that it happened.
 */
export const badgeSightingOverflows = pgTable(
  'badge_sighting_overflows',
  {
    sealId: uuid()
      .notNull()
      .references(() => seals.id),
    /** The UTC day the turned-away hosts were first seen. */
    day: date({ mode: 'string' }).notNull(),
    /** Host names turned away, added up per flush: a name turned away in two flushes counts twice. */
    hostCount: bigint({ mode: 'number' }).notNull(),
    requestCount: bigint({ mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.sealId, t.day] })],
);
