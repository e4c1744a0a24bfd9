import { lt, sql } from 'drizzle-orm';
import { apiRateWindows, type ApiKeyKind } from '@/db/schema';
import type { Database } from '@/db/client';
import { API_RATE_LIMITS, RATE_WINDOW_MS } from './rate-limit-policy';

/*
 * Calls per key per minute (issue #17: its kind's default, or the key's own set by an admin), over
 * fixed windows of a clock minute, told on every answer with the IETF draft's fields
 * (`RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset`, `RateLimit-Policy`). On the embedded
 * database there is one server process (the data-folder lock), which counts in memory; on
 * PostgreSQL every process counts in one table, so n instances still allow a key its limit, not n
 * times it (ADR 0026, amendment).
 */

const MAX_TRACKED = 50_000;
/** Windows older than this are deleted by the sweep (webhooks.sweep, every minute). */
const KEEP_WINDOWS_MS = 5 * RATE_WINDOW_MS;

export type RateLimitAnswer = { allowed: boolean; limit: number; remaining: number; resetSeconds: number };
type CountedKey = { id: string; kind: ApiKeyKind; callsPerMinute: number | null };

/** Counts one call of a key at `now` (ms), unless its window's calls are used up. */
export type ApiRateLimiter = { take(key: CountedKey, now: number): Promise<RateLimitAnswer> };

const limitOf = (key: CountedKey) => key.callsPerMinute ?? API_RATE_LIMITS[key.kind];
const windowStartOf = (now: number) => now - (now % RATE_WINDOW_MS);

function answerFor(limit: number, used: number, windowStart: number, now: number, allowed: boolean): RateLimitAnswer {
  return { allowed, limit, remaining: Math.max(0, limit - used), resetSeconds: Math.max(1, Math.ceil((windowStart + RATE_WINDOW_MS - now) / 1000)) };
}

const windows = new Map<string, { startedAt: number; used: number }>();

/** The count of this process: exact where one process serves the database (embedded). */
export const processRateLimiter: ApiRateLimiter = {
  async take(key, now) {
    const limit = limitOf(key);
    const startedAt = windowStartOf(now);
    let window = windows.get(key.id);
    if (!window || window.startedAt !== startedAt) {
      if (windows.size >= MAX_TRACKED) windows.clear(); // an idle process forgets; a busy one never holds more than this
      window = { startedAt, used: 0 };
      windows.set(key.id, window);
    }
    const allowed = window.used < limit;
    if (allowed) window.used++;
    return answerFor(limit, window.used, startedAt, now, allowed);
  },
};

/**
 * The count shared by every process on `db`: one statement a call, which adds the call to the
 * key's row for this minute unless the row already holds the limit (then it returns nothing).
 */
export function sharedRateLimiter(db: Database): ApiRateLimiter {
  return {
    async take(key, now) {
      const limit = limitOf(key);
      const windowStart = windowStartOf(now);
      const result = await db.execute(sql`
        insert into ${apiRateWindows} (key_id, window_start, used) values (${key.id}, ${new Date(windowStart).toISOString()}::timestamptz, 1)
        on conflict (key_id, window_start) do update set used = ${apiRateWindows}.used + 1 where ${apiRateWindows}.used < ${limit}
        returning used`);
      const [row] = (result as unknown as { rows: Array<{ used: number | string }> }).rows;
      return row ? answerFor(limit, Number(row.used), windowStart, now, true) : answerFor(limit, limit, windowStart, now, false);
    },
  };
}

/** Deletes the shared windows that ended minutes ago; returns how many. */
export async function pruneApiRateWindows(db: Database, now: Date): Promise<number> {
  const gone = await db
    .delete(apiRateWindows)
    .where(lt(apiRateWindows.windowStart, new Date(now.getTime() - KEEP_WINDOWS_MS)))
    .returning({ keyId: apiRateWindows.keyId });
  return gone.length;
}

export function rateLimitHeaders(answer: RateLimitAnswer): Record<string, string> {
  return {
    'RateLimit-Limit': String(answer.limit),
    'RateLimit-Remaining': String(answer.remaining),
    'RateLimit-Reset': String(answer.resetSeconds),
    'RateLimit-Policy': `${answer.limit};w=${RATE_WINDOW_MS / 1000}`,
  };
}

/** For tests: forget every window this process counted. */
export function resetApiRateLimits() {
  windows.clear();
}
