import { sql } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { caseOutcomes } from '@/db/schema';
import { count, countsOf, rows, type Counts } from './query-helpers';

/*
 * A seal holder's complaint record for its verification page (issue #15): the complaints received
 * about the organization in the last three years and how each ended, counts only (as the BBB shows
 * them), never who complained nor what they wrote. Shown through the small-count rule.
 */

export const COMPLAINT_RECORD_YEARS = 3;

/** How a complaint ended, or where it stands. */
export const complaintEndings = ['being_reviewed', 'dismissed', 'under_investigation', 'closed_without_decision', ...caseOutcomes] as const;
export type ComplaintEnding = (typeof complaintEndings)[number];

export type OrganizationComplaintRecord = { since: Date; received: number; endings: Counts<ComplaintEnding> };

/**
 * The record of the organization that holds the seal `sealPublicId`. A complaint in a case ends
 * with the case's decision in effect now (after any appeal); a case still open is "under
 * investigation".
 */
export async function loadOrganizationComplaintRecord(db: Executor, sealPublicId: string, now: Date): Promise<OrganizationComplaintRecord> {
  const since = new Date(now);
  since.setUTCFullYear(since.getUTCFullYear() - COMPLAINT_RECORD_YEARS);
  const grouped = await rows(
    db,
    sql`select case when c.status = 'new' then 'being_reviewed'
                    when c.status = 'dismissed' then 'dismissed'
                    when d.outcome is not null then d.outcome::text
                    when k.status = 'closed' then 'closed_without_decision'
                    else 'under_investigation' end as key,
               count(*) as n
        from complaints c
        left join cases k on k.id = c.case_id
        left join lateral (select outcome from case_decisions where case_id = k.id and state = 'in_effect' order by seq desc limit 1) d on true
        where c.organization_id = (select organization_id from seals where public_id = ${sealPublicId})
          and c.created_at >= ${since.toISOString()}::timestamptz and c.created_at <= ${now.toISOString()}::timestamptz
        group by 1`,
  );
  const endings = countsOf(complaintEndings, grouped);
  return { since, received: Object.values(endings).reduce((total, n) => total + count(n), 0), endings };
}
