import { sql } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import type { SealStatus } from '@/db/schema';
import { holderRevocationReasons } from '@/lib/seals/reasons';
import { rows } from './query-helpers';

/*
 * The home page's latest sanctions (issue #15), with their public reasons. A seal its holder gave
 * up (ceased operation, no longer wanted) is not a sanction and is not listed. The page's headline
 * figures come from the report (public-report.ts).
 */

export type Sanction = { type: 'suspended' | 'revoked'; sealId: string; holder: string; reason: string | null; occurredAt: Date; statusNow: SealStatus };

const holderReasons = sql.join(holderRevocationReasons.map((reason) => sql`${reason}`), sql`, `);

/** The latest suspensions and revocations by the seal authority, newest first. */
export async function loadRecentSanctions(db: Executor, now: Date, limit = 8): Promise<Sanction[]> {
  const found = await rows(
    db,
    sql`select e.type, e.reason, e.occurred_at, s.public_id, s.status, o.legal_name
        from seal_events e join seals s on s.id = e.seal_id join organizations o on o.id = s.organization_id
        where e.type in ('suspended', 'revoked') and e.occurred_at <= ${now.toISOString()}::timestamptz
          and (e.type = 'suspended' or s.revocation_reason not in (${holderReasons}))
        order by e.occurred_at desc, e.log_index desc limit ${limit}`,
  );
  return found.map((row) => ({
    type: row.type as Sanction['type'],
    sealId: String(row.public_id),
    holder: String(row.legal_name),
    reason: row.reason === null ? null : String(row.reason),
    occurredAt: new Date(row.occurred_at as string),
    statusNow: row.status as SealStatus,
  }));
}
