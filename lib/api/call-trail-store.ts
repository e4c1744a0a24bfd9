import { inArray, sql } from 'drizzle-orm';
import { apiKeyCalls } from '@/db/schema';
import type { Database } from '@/db/client';

/** One call of a key, as its trail keeps it (`api_key_calls`). */
export type ApiCallRow = { keyId: string; method: string; path: string; status: number; at: Date };

/** How long a key's trail is kept (ADR 0026, amendment): a quarter covers an integrator's questions about last month's bill or outage. */
export const API_CALL_TRAIL_DAYS = 90;
/** Rows deleted per prune at most: a run stays well under a second; run every minute, it keeps up with 7.2 million calls a day. */
export const API_CALL_PRUNE_LIMIT = 5_000;

/**
 * Writes a batch of calls in one statement: the rows, and each key's last use — its latest call in
 * the batch, written only when the one stored is a minute older or more, so a busy key's row is not
 * rewritten at every flush. One statement, so a failed flush wrote nothing and can be tried again
 * whole. Rows of a key that no longer exists fall out of the join rather than fail the batch (keys
 * are never deleted; a restored backup could lack one).
 */
export async function writeApiCalls(db: Database, rows: readonly ApiCallRow[]): Promise<void> {
  if (rows.length === 0) return;
  const batch = JSON.stringify(rows.map((row) => ({ key_id: row.keyId, method: row.method, path: row.path, status: row.status, at: row.at.toISOString() })));
  await db.execute(sql`
    WITH calls AS (
      SELECT v.key_id, v.method, v.path, v.status, v.at
      FROM jsonb_to_recordset(${batch}::jsonb) AS v(key_id uuid, method text, path text, status integer, at timestamptz)
      JOIN api_keys k ON k.id = v.key_id
    ),
    written AS (
      INSERT INTO api_key_calls (key_id, method, path, status, at) SELECT key_id, method, path, status, at FROM calls
    )
    UPDATE api_keys k SET last_used_at = latest.at
    FROM (SELECT key_id, max(at) AS at FROM calls GROUP BY key_id) AS latest
    WHERE k.id = latest.key_id AND (k.last_used_at IS NULL OR k.last_used_at <= latest.at - interval '1 minute')`);
}

/**
 * Deletes calls older than API_CALL_TRAIL_DAYS, at most `limit` a run; returns how many. Walked key
 * by key on api_key_calls_key_idx (key_id, at): each key costs one index probe, so a run with
 * nothing to delete reads the keys and nothing of the trail, and no index on `at` alone is needed.
 */
export async function pruneApiCallTrail(db: Database, now: Date, limit = API_CALL_PRUNE_LIMIT): Promise<number> {
  const before = new Date(now.getTime() - API_CALL_TRAIL_DAYS * 86_400_000).toISOString();
  const old = sql`(
    SELECT old.id FROM api_keys k
    CROSS JOIN LATERAL (SELECT c.id FROM api_key_calls c WHERE c.key_id = k.id AND c.at < ${before}::timestamptz LIMIT ${limit}) AS old
    LIMIT ${limit})`;
  const deleted = await db.delete(apiKeyCalls).where(inArray(apiKeyCalls.id, old)).returning({ id: apiKeyCalls.id });
  return deleted.length;
}
