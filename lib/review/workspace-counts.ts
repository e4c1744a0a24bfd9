import { and, eq, inArray, lte } from 'drizzle-orm';
import { applications, cases, complaints } from '@/db/schema';
import type { Executor } from '@/db/client';
import { cappedCount, type CappedCount } from '@/lib/lists/capped-count';

export type WorkspaceCounts = {
  /** Submitted applications waiting for a reviewer. */
  applicationsWaiting: CappedCount;
  /** New complaints waiting for triage. */
  complaintsToTriage: CappedCount;
  /** Cases assigned to the viewer that are not closed. */
  myOpenCases: CappedCount;
  /** Open cases whose site response is due within seven days (or overdue). */
  deadlinesThisWeek: CappedCount;
};

const OPEN_CASE_STATUSES = ['open', 'awaiting_site_response', 'in_review', 'decided', 'appealed'] as const;
const DAY = 24 * 60 * 60 * 1000;

/**
 * The numbers on the staff menu's items that need action. Each is counted over an index and capped
 * (lib/lists/capped-count.ts), so the menu costs the same with a million complaints as with ten.
 */
export async function workspaceCounts(db: Executor, viewerId: string, now: Date): Promise<WorkspaceCounts> {
  const open = inArray(cases.status, [...OPEN_CASE_STATUSES]);
  const [applicationsWaiting, complaintsToTriage, myOpenCases, deadlinesThisWeek] = await Promise.all([
    cappedCount(db, applications, eq(applications.status, 'submitted')),
    cappedCount(db, complaints, eq(complaints.status, 'new')),
    cappedCount(db, cases, and(eq(cases.assignedReviewerId, viewerId), open)),
    cappedCount(db, cases, and(open, lte(cases.responseDueAt, new Date(now.getTime() + 7 * DAY)))),
  ]);
  return { applicationsWaiting, complaintsToTriage, myOpenCases, deadlinesThisWeek };
}
