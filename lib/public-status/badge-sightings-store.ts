import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';

/**
 * New hosts that get a row, per seal and UTC day. Anyone can send a made-up `Origin`, so without
 * a bound a script could add a row per request, forever. A real seal rarely shows up on more than
 * a handful of new hosts a day; past the bound, the hosts are added up in one overflow row per
 * seal and day (`badge_sighting_overflows`) that a reviewer sees, and the flush logs them.
 */
export const DEFAULT_NEW_HOSTS_PER_SEAL_PER_DAY = 50;

export type SightingTally = { public_id: string; host: string; first_seen_at: string; last_seen_at: string; request_count: number };

/** What one flush turned away, per seal and day (counts as the driver returns them). */
export type TurnedAway = { public_id: string; day: string; host_count: number | string; request_count: number | string };

/**
 * Writes one flush: hosts already recorded add to their counts; new hosts get a row while the
 * seal has fewer than `maxNewHostsPerDay` hosts first seen on that UTC day, the busiest of the
 * batch first (a copy with real visitors outranks one-request names); the rest are added to the
 * day's overflow row. Ids of seals that do not exist fall out of the join.
 *
 * The count and the inserts must not interleave with another instance's flush, or two flushes
 * that each see 49 hosts would both add theirs: one transaction-scoped advisory lock takes the
 * flushes one at a time (each is one statement, a few milliseconds, every 30 s per instance).
 * Rows are still written in key order, so a flush and the monitor's updates take row locks in
 * one order.
 */
export async function writeBatch(db: Database, rows: SightingTally[], maxNewHostsPerDay: number): Promise<TurnedAway[]> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('badge-sightings:flush', 0))`);
    const result = (await tx.execute(sql`
      WITH batch AS (
        SELECT s.id AS seal_id, s.public_id, v.host, v.first_seen_at, v.last_seen_at, v.request_count,
          (v.first_seen_at AT TIME ZONE 'UTC')::date AS day,
          EXISTS (SELECT 1 FROM badge_sightings b WHERE b.seal_id = s.id AND b.host = v.host) AS held
        FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
          AS v(public_id text, host text, first_seen_at timestamptz, last_seen_at timestamptz, request_count bigint)
        JOIN seals s ON s.public_id = v.public_id
      ),
      recorded_that_day AS (
        SELECT d.seal_id, d.day, count(b.host) AS hosts
        FROM (SELECT DISTINCT seal_id, day FROM batch WHERE NOT held) d
        LEFT JOIN badge_sightings b ON b.seal_id = d.seal_id
          AND b.first_seen_at >= (d.day::timestamp AT TIME ZONE 'UTC')
          AND b.first_seen_at < ((d.day + 1)::timestamp AT TIME ZONE 'UTC')
        GROUP BY d.seal_id, d.day
      ),
      decided AS (
        SELECT batch.*,
          batch.held OR row_number() OVER (PARTITION BY batch.seal_id, batch.day, batch.held ORDER BY batch.request_count DESC, batch.first_seen_at, batch.host)
            <= ${maxNewHostsPerDay} - coalesce(r.hosts, 0) AS kept
        FROM batch LEFT JOIN recorded_that_day r ON r.seal_id = batch.seal_id AND r.day = batch.day
      ),
      written AS (
        INSERT INTO badge_sightings (seal_id, host, first_seen_at, last_seen_at, request_count)
        SELECT seal_id, host, first_seen_at, last_seen_at, request_count FROM decided WHERE kept
        ORDER BY seal_id, host
        ON CONFLICT (seal_id, host) DO UPDATE SET
          request_count = badge_sightings.request_count + excluded.request_count,
          first_seen_at = least(badge_sightings.first_seen_at, excluded.first_seen_at),
          last_seen_at = greatest(badge_sightings.last_seen_at, excluded.last_seen_at)
      ),
      overflowed AS (
        INSERT INTO badge_sighting_overflows (seal_id, day, host_count, request_count)
        SELECT seal_id, day, count(*), sum(request_count) FROM decided WHERE NOT kept
        GROUP BY seal_id, day ORDER BY seal_id, day
        ON CONFLICT (seal_id, day) DO UPDATE SET
          host_count = badge_sighting_overflows.host_count + excluded.host_count,
          request_count = badge_sighting_overflows.request_count + excluded.request_count
      )
      SELECT public_id, to_char(day, 'YYYY-MM-DD') AS day, count(*) AS host_count, sum(request_count) AS request_count
      FROM decided WHERE NOT kept
      GROUP BY public_id, day
      ORDER BY count(*) DESC, public_id
    `)) as unknown as { rows: TurnedAway[] }; // both drivers answer with `rows`
    return result.rows;
  });
}
