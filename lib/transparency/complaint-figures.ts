import { sql } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { complaintCategories, complaintDismissalReasons, complaintSources } from '@/db/schema';
import { count, countsOf, daysOf, percentiles, rows, type Counts, type Days, type Window } from './query-helpers';

/*
 * The report's complaints section (issue #15), in three reads however many complaints the period
 * holds: one pass over the complaints received (the totals and the days to the first action), one
 * grouped pass (by category, by source, by month — the monthly chart's line comes from here), and
 * the dismissals from their own index.
 */

export type ComplaintFigures = {
  received: number;
  byCategory: Counts<(typeof complaintCategories)[number]>;
  bySource: Counts<(typeof complaintSources)[number]>;
  dismissed: number;
  dismissedByReason: Counts<(typeof complaintDismissalReasons)[number]>;
  turnedIntoCases: number;
  daysToFirstAction: Days;
};

export const monthOf = (column: ReturnType<typeof sql>) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM')`;

export async function loadComplaintFigures(db: Executor, { within }: Window): Promise<{ figures: ComplaintFigures; receivedByMonth: Map<string, number> }> {
  // A complaint's first action: its dismissal, or the opening of the case it went into (no sooner than it came).
  const firstAction = sql`extract(epoch from coalesce(c.dismissed_at, greatest(k.opened_at, c.created_at)) - c.created_at) / 86400`;
  const [received] = await rows(
    db,
    sql`select count(*) as received, count(c.case_id) as into_cases, ${percentiles(firstAction, sql`c.dismissed_at is not null or k.id is not null`)}
        from complaints c left join cases k on k.id = c.case_id where ${within(sql`c.created_at`)}`,
  );
  const grouped = await rows(
    db,
    sql`select grouping(category, source, ${monthOf(sql`created_at`)}) as set, category, source, ${monthOf(sql`created_at`)} as month, count(*) as n
        from complaints where ${within(sql`created_at`)}
        group by grouping sets ((category), (source), (${monthOf(sql`created_at`)}))`,
  );
  // grouping(): a bit set for each column left out of the row's set — 3 = by category, 5 = by source, 6 = by month.
  const inSet = (set: number) => grouped.filter((row) => Number(row.set) === set);
  const dismissed = await rows(db, sql`select dismissal_reason as key, count(*) as n from complaints where ${within(sql`dismissed_at`)} group by 1`);
  const dismissedByReason = countsOf(complaintDismissalReasons, dismissed);
  return {
    figures: {
      received: count(received?.received),
      byCategory: countsOf(complaintCategories, inSet(3).map((row) => ({ key: row.category, n: row.n }))),
      bySource: countsOf(complaintSources, inSet(5).map((row) => ({ key: row.source, n: row.n }))),
      dismissed: Object.values(dismissedByReason).reduce((total, n) => total + n, 0),
      dismissedByReason,
      turnedIntoCases: count(received?.into_cases),
      daysToFirstAction: daysOf(received),
    },
    receivedByMonth: new Map(inSet(6).map((row) => [String(row.month), count(row.n)])),
  };
}
