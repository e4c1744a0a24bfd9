import { and, asc, gt, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from '@/db/client';

/** A limit counted in the database over a rolling window: `max` per `window` (said in words). */
export type RateLimit = { max: number; windowMs: number; window: string };

/** How long to wait, in words a person reads: "12 minutes", "3 hours". */
export function waitWords(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  if (minutes < 90) return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
  const hours = Math.ceil(minutes / 60);
  return `${hours} hours`;
}

/**
 * Seconds until one more is allowed, given the times of the most recent ones inside the window
 * (oldest first, at most `limit.max` of them); null while under the limit.
 */
export function secondsUntilAllowed(oldestFirst: Date[], limit: RateLimit, now: Date): number | null {
  if (oldestFirst.length < limit.max) return null;
  return Math.max(1, Math.ceil((oldestFirst[0]!.getTime() + limit.windowMs - now.getTime()) / 1000));
}

/**
 * Seconds until one more is allowed under `limit`, counting the rows of `table` that match `where`
 * by their time column `at` inside the window; null while under the limit. Run it inside the
 * transaction that adds the row, after lockRateLimitKey.
 */
export async function secondsToWait(tx: Executor, { table, at, where, limit, now }: { table: PgTable; at: AnyPgColumn; where: SQL | undefined; limit: RateLimit; now: Date }): Promise<number | null> {
  const recent = await tx
    .select({ at })
    .from(table)
    .where(and(where, gt(at, new Date(now.getTime() - limit.windowMs))))
    .orderBy(asc(at))
    .limit(limit.max);
  return secondsUntilAllowed(recent.map((row) => row.at as Date), limit, now);
}

/**
 * Makes a second request with the same key wait until the first transaction has committed, so two
 * sent at once cannot both slip under a limit. Take several keys always in the same order.
 */
export async function lockRateLimitKey(tx: Executor, key: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
}
