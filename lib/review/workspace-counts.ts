import { and, eq, inArray, lte, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { applications, cases, complaints, seals } from '@/db/schema';
import type { Executor } from '@/db/client';
import { cappedCount, type CappedCount } from '@/lib/lists/capped-count';
import { caseListFilters, type CaseListQuery } from '@/lib/services/cases/list-cases';
import { complaintListFilters, type ComplaintListQuery } from '@/lib/services/complaints/list-complaints';
import { reviewQueueFilters, type ReviewQueueQuery } from '@/lib/services/reviews/list-review-queue';
import { sealListFilters, type SealListQuery } from '@/lib/services/seals/list-seals';

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

const countWhere = (db: Executor, table: PgTable, where: SQL[]) => cappedCount(db, table, and(...where));

/**
 * The numbers on the staff menu's items that need action. Each is counted over an index and capped
 * (lib/lists/capped-count.ts), so the menu costs the same with a million complaints as with ten.
 * Where an item is a list's view, the count is of that list's own conditions.
 */
export async function workspaceCounts(db: Executor, viewerId: string, now: Date): Promise<WorkspaceCounts> {
  const open = inArray(cases.status, [...OPEN_CASE_STATUSES]);
  const [applicationsWaiting, complaintsToTriage, myOpenCases, deadlinesThisWeek] = await Promise.all([
    cappedCount(db, applications, eq(applications.status, 'submitted')),
    countWhere(db, complaints, complaintListFilters({})),
    countWhere(db, cases, caseListFilters({ view: 'mine' }, viewerId, now)),
    cappedCount(db, cases, and(open, lte(cases.responseDueAt, new Date(now.getTime() + 7 * DAY)))),
  ]);
  return { applicationsWaiting, complaintsToTriage, myOpenCases, deadlinesThisWeek };
}

/** One number on the dashboard: how many rows the list at `href` shows (capped), and what they are. */
export type DashboardNumber = { key: DashboardKey; label: string; href: string; count: CappedCount };

type Query = Record<string, string | number | undefined>;

/** The list's address with these filters: the same query its page parses, so the number is that page's rows. */
function hrefOf(path: string, query: Query): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, String(value));
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/** Each number of the staff dashboard: the list it counts, by its page's path and query. */
const DASHBOARD = {
  overdueCases: { label: 'Cases past the site’s response deadline', list: 'cases', query: { view: 'overdue' } },
  myApplications: { label: 'Applications assigned to you', list: 'queue', query: { assigned: 'me' } },
  myCases: { label: 'Open cases assigned to you', list: 'cases', query: { view: 'mine' } },
  fastTrackComplaints: { label: 'New fast-track complaints', list: 'complaints', query: { track: 'fast' } },
  casesAwaitingDecision: { label: 'Cases in review, waiting for a decision', list: 'cases', query: { state: 'in_review' } },
  appealsAwaitingDecision: { label: 'Appeals waiting for a decision', list: 'cases', query: { state: 'appealed' } },
  revocationsToConfirm: { label: 'Revocations waiting for a second person to confirm', list: 'cases', query: { view: 'confirmation' } },
  sealsExpiringSoon: { label: 'Active seals expiring within 30 days', list: 'seals', query: { expiresWithin: 30 } },
} as const satisfies Record<string, { label: string; list: 'queue' | 'complaints' | 'cases' | 'seals'; query: Query }>;

export type DashboardKey = keyof typeof DASHBOARD;

const LIST_PATHS = { queue: '/review', complaints: '/review/complaints', cases: '/review/cases', seals: '/review/seals' } as const;

/** The conditions of the list a dashboard number counts: the list verb's own (lib/services/…/list-*.ts). */
function listConditions(list: keyof typeof LIST_PATHS, query: Query, viewerId: string, now: Date): { table: PgTable; where: SQL[] } {
  switch (list) {
    case 'queue':
      return { table: applications, where: reviewQueueFilters(query as ReviewQueueQuery, viewerId, now) };
    case 'complaints':
      return { table: complaints, where: complaintListFilters(query as ComplaintListQuery) };
    case 'cases':
      return { table: cases, where: caseListFilters(query as CaseListQuery, viewerId, now) };
    case 'seals':
      return { table: seals, where: sealListFilters(query as SealListQuery, now) };
  }
}

/**
 * The staff dashboard's numbers, each the (capped) number of rows of the list it links to: counted
 * with that list's own conditions, over the indexes that list pages on, so a view reads at most a
 * thousand and one index entries per number. Like the lists, they include records of organizations
 * the viewer is tied to; the lists show those marked, without a link (ADR 0013).
 */
export async function dashboardCounts(db: Executor, viewerId: string, now: Date): Promise<Record<DashboardKey, DashboardNumber>> {
  const keys = Object.keys(DASHBOARD) as DashboardKey[];
  const numbers = await Promise.all(
    keys.map(async (key): Promise<DashboardNumber> => {
      const { label, list, query } = DASHBOARD[key];
      const { table, where } = listConditions(list, query, viewerId, now);
      return { key, label, href: hrefOf(LIST_PATHS[list], query), count: await countWhere(db, table, where) };
    }),
  );
  return Object.fromEntries(numbers.map((number) => [number.key, number])) as Record<DashboardKey, DashboardNumber>;
}
