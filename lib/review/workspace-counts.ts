import { and, eq, inArray, lte, sql, type Subquery } from 'drizzle-orm';
import { applications, cases, complaints } from '@/db/schema';
import type { Executor } from '@/db/client';

/** A count that stops at `cap`: the menu says "999+" rather than count a backlog of millions on every page. */
export const COUNT_CAP = 999;

export type WorkspaceCounts = {
  /** Submitted applications waiting for a reviewer. */
  applicationsWaiting: number;
  /** New complaints waiting for triage. */
  complaintsToTriage: number;
  /** Cases assigned to the viewer that are not closed. */
  myOpenCases: number;
  /** Open cases whose site response is due within seven days (or overdue). */
  deadlinesThisWeek: number;
};

const OPEN_CASE_STATUSES = ['open', 'awaiting_site_response', 'in_review', 'decided', 'appealed'] as const;
const DAY = 24 * 60 * 60 * 1000;

/**
 * The numbers on the staff menu's items that need action. Each is counted over an index and capped
 * (a subquery with LIMIT), so the menu costs the same with a million complaints as with ten.
 */
export async function workspaceCounts(db: Executor, viewerId: string, now: Date): Promise<WorkspaceCounts> {
  const cap = COUNT_CAP + 1;
  const one = () => sql<number>`1`.as('one');
  const count = async (subquery: Subquery) => {
    const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(subquery);
    return row?.n ?? 0;
  };
  const [applicationsWaiting, complaintsToTriage, myOpenCases, deadlinesThisWeek] = await Promise.all([
    count(db.select({ one: one() }).from(applications).where(eq(applications.status, 'submitted')).limit(cap).as('capped')),
    count(db.select({ one: one() }).from(complaints).where(eq(complaints.status, 'new')).limit(cap).as('capped')),
    count(db.select({ one: one() }).from(cases).where(and(eq(cases.assignedReviewerId, viewerId), inArray(cases.status, [...OPEN_CASE_STATUSES]))).limit(cap).as('capped')),
    count(db.select({ one: one() }).from(cases).where(and(inArray(cases.status, [...OPEN_CASE_STATUSES]), lte(cases.responseDueAt, new Date(now.getTime() + 7 * DAY)))).limit(cap).as('capped')),
  ]);
  return { applicationsWaiting, complaintsToTriage, myOpenCases, deadlinesThisWeek };
}

/** "999+" past the cap. */
export function countText(n: number): string {
  return n > COUNT_CAP ? `${COUNT_CAP}+` : String(n);
}
