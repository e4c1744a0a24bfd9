import { bigint, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { seals } from './seals';

/**
 * Badges seen on pages of hosts the seal does not cover: a copied badge on a fraud shop, or a
 * holder's page the seal was never granted for. Counted in memory by the fast path and written in
 * batches (lib/public-status/badge-sightings.ts); listed for reviewers on the seal's page.
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
  },
  (t) => [primaryKey({ columns: [t.sealId, t.host] })],
);
