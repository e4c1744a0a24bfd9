import { asc, count, desc, eq } from 'drizzle-orm';
import { badgeSightings } from '@/db/schema';
import type { Executor } from '@/db/client';

export type BadgeSightingRow = { host: string; requestCount: number; firstSeenAt: Date; lastSeenAt: Date };

/**
 * The hosts whose pages showed this seal without being covered by it, the most recently seen
 * first: for a reviewer deciding whether a copied badge deserves a complaint. `sealId` is the
 * seal's uuid. Counts reach the table in batches, so the newest requests can be a flush behind.
 */
export async function listBadgeSightings(db: Executor, sealId: string, limit = 100): Promise<{ rows: BadgeSightingRow[]; totalHosts: number }> {
  const [rows, [total]] = await Promise.all([
    db
      .select({ host: badgeSightings.host, requestCount: badgeSightings.requestCount, firstSeenAt: badgeSightings.firstSeenAt, lastSeenAt: badgeSightings.lastSeenAt })
      .from(badgeSightings)
      .where(eq(badgeSightings.sealId, sealId))
      .orderBy(desc(badgeSightings.lastSeenAt), asc(badgeSightings.host))
      .limit(limit),
    db.select({ hosts: count() }).from(badgeSightings).where(eq(badgeSightings.sealId, sealId)),
  ]);
  return { rows, totalHosts: total?.hosts ?? 0 };
}
