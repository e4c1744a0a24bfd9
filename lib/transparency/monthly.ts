import { sql } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { caseOutcomes } from '@/db/schema';
import { effectiveAt, tookEffect } from './case-figures';
import { monthOf } from './complaint-figures';
import { count, countsOf, rows, type Counts, type Window } from './query-helpers';

/*
 * The report's figures by calendar month (UTC), for its charts (issue #15). A month cut by the
 * period's start or end counts only its days inside the period. Months before anything happened
 * in the period are left out (an "all time" period starts in 2000), later empty months are kept.
 */

export type MonthFigures = {
  /** YYYY-MM */
  month: string;
  complaintsReceived: number;
  casesOpened: number;
  sealsIssued: number;
  sealsSuspended: number;
  sealsRevoked: number;
  decisionsByOutcome: Counts<(typeof caseOutcomes)[number]>;
};


/** Every month from `from` to `to` (YYYY-MM-DD), both included, as YYYY-MM. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7));
  const last = to.slice(0, 7);
  for (;;) {
    const key = `${year}-${String(month).padStart(2, '0')}`;
    if (key > last) return months;
    months.push(key);
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
  }
}

/** `complaintsByMonth`: the complaints received, by month (complaint-figures.ts counts them in its grouped pass). */
export async function loadMonthly(db: Executor, period: { from: string; to: string }, { within }: Window, complaintsByMonth: Map<string, number>): Promise<MonthFigures[]> {
  const cases = await rows(db, sql`select ${monthOf(sql`opened_at`)} as month, count(*) as n from cases where ${within(sql`opened_at`)} group by 1`);
  const events = await rows(
    db,
    sql`select ${monthOf(sql`occurred_at`)} as month, type as key, count(*) as n from seal_events
        where type in ('issued', 'suspended', 'revoked') and ${within(sql`occurred_at`)} group by 1, 2`,
  );
  const decisions = await rows(
    db,
    sql`select ${monthOf(effectiveAt)} as month, outcome as key, count(*) as n from case_decisions where ${tookEffect} and ${within(effectiveAt)} group by 1, 2`,
  );

  const perMonth = (grouped: typeof cases) => new Map(grouped.map((row) => [String(row.month), count(row.n)]));
  const casesByMonth = perMonth(cases);
  const eventCount = (month: string, type: string) => count(events.find((row) => row.month === month && row.key === type)?.n);
  const all = monthsBetween(period.from, period.to).map(
    (month): MonthFigures => ({
      month,
      complaintsReceived: complaintsByMonth.get(month) ?? 0,
      casesOpened: casesByMonth.get(month) ?? 0,
      sealsIssued: eventCount(month, 'issued'),
      sealsSuspended: eventCount(month, 'suspended'),
      sealsRevoked: eventCount(month, 'revoked'),
      decisionsByOutcome: countsOf(
        caseOutcomes,
        decisions.filter((row) => row.month === month),
      ),
    }),
  );
  const busy = (figures: MonthFigures) =>
    figures.complaintsReceived + figures.casesOpened + figures.sealsIssued + figures.sealsSuspended + figures.sealsRevoked + Object.values(figures.decisionsByOutcome).reduce((a, b) => a + b, 0) > 0;
  const first = all.findIndex(busy);
  return first === -1 ? [] : all.slice(first);
}
