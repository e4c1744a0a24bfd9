import { and, asc, count, desc, eq } from 'drizzle-orm';
import { badgeSightingOverflows, badgeSightings, complaints } from '@/db/schema';
import type { Executor } from '@/db/client';

/**
 * Where the monitor stands with a sighting: it found the badge on the host's page (`confirmed`,
 * and then filed a complaint), looked and did not (`unconfirmed`, with the reason), or has not
 * looked yet (`unchecked`: below the "keeps showing" rule, or waiting for its turn).
 */
export type SightingCheck =
  | { state: 'confirmed'; confirmedAt: Date; url: string; snippet: string }
  | { state: 'unconfirmed'; checkedAt: Date; problem: string }
  | { state: 'unchecked' };

export type BadgeSightingRow = {
  host: string;
  requestCount: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
  check: SightingCheck;
  /** The automated complaint about this host and seal, if any. */
  complaintReference: string | null;
};

/** Hosts turned away on a day past the bound of new hosts per seal (db/schema/badge-sightings.ts). */
export type BadgeSightingOverflow = { day: string; hostCount: number; requestCount: number };

type Stored = typeof badgeSightings.$inferSelect;

function checkOf(row: Pick<Stored, 'checkedAt' | 'checkProblem' | 'confirmedAt' | 'confirmedUrl' | 'confirmedSnippet'>): SightingCheck {
  if (row.confirmedAt) return { state: 'confirmed', confirmedAt: row.confirmedAt, url: row.confirmedUrl ?? '', snippet: row.confirmedSnippet ?? '' };
  if (row.checkedAt) return { state: 'unconfirmed', checkedAt: row.checkedAt, problem: row.checkProblem ?? '' };
  return { state: 'unchecked' };
}

/**
 * The hosts whose pages showed this seal without being covered by it, the most recently seen
 * first, with the monitor's check of each: for a reviewer deciding whether a copied badge deserves
 * action. `sealId` is the seal's uuid. Counts reach the table in batches, so the newest requests
 * can be a flush behind. `overflow`: the latest days on which more new hosts came than were
 * recorded, newest first.
 */
export async function listBadgeSightings(
  db: Executor,
  sealId: string,
  limit = 100,
): Promise<{ rows: BadgeSightingRow[]; totalHosts: number; overflow: BadgeSightingOverflow[] }> {
  const [stored, [total], overflow] = await Promise.all([
    db
      .select({
        host: badgeSightings.host,
        requestCount: badgeSightings.requestCount,
        firstSeenAt: badgeSightings.firstSeenAt,
        lastSeenAt: badgeSightings.lastSeenAt,
        checkedAt: badgeSightings.checkedAt,
        checkProblem: badgeSightings.checkProblem,
        confirmedAt: badgeSightings.confirmedAt,
        confirmedUrl: badgeSightings.confirmedUrl,
        confirmedSnippet: badgeSightings.confirmedSnippet,
        complaintReference: complaints.reference,
      })
      .from(badgeSightings)
      .leftJoin(complaints, and(eq(complaints.sealId, badgeSightings.sealId), eq(complaints.monitorHost, badgeSightings.host)))
      .where(eq(badgeSightings.sealId, sealId))
      .orderBy(desc(badgeSightings.lastSeenAt), asc(badgeSightings.host))
      .limit(limit),
    db.select({ hosts: count() }).from(badgeSightings).where(eq(badgeSightings.sealId, sealId)),
    db
      .select({ day: badgeSightingOverflows.day, hostCount: badgeSightingOverflows.hostCount, requestCount: badgeSightingOverflows.requestCount })
      .from(badgeSightingOverflows)
      .where(eq(badgeSightingOverflows.sealId, sealId))
      .orderBy(desc(badgeSightingOverflows.day))
      .limit(7),
  ]);
  const rows = stored.map(({ host, requestCount, firstSeenAt, lastSeenAt, complaintReference, ...check }) => ({
    host,
    requestCount,
    firstSeenAt,
    lastSeenAt,
    check: checkOf(check),
    complaintReference,
  }));
  return { rows, totalHosts: total?.hosts ?? 0, overflow };
}
