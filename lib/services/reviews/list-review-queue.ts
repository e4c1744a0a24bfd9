import { z } from 'zod';
import { and, eq, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { applications, applicationStatuses, organizations, programs, sites, users, type ApplicationStatus } from '@/db/schema';
import { requireRole } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import { cappedCount, type CappedCount } from '@/lib/lists/capped-count';
import { containsPattern, CursorParam, keyset, matchingAny, MIN_SEARCH_LENGTH, readKeysetPage, TextFilterParam } from '@/lib/lists/keyset';
import { conflictedOrganizations } from '@/lib/review/queue';
import type { ServiceContext } from '../context';
import { parseInput } from '../parse';

const DAY = 24 * 60 * 60 * 1000;

/** The query string of `/review`. A value that makes no sense is dropped, never an error page. */
export const ReviewQueueQuery = z.object({
  program: z.string().uuid().optional().catch(undefined),
  olderThanDays: z.coerce.number().int().min(1).max(3650).optional().catch(undefined),
  assigned: z.enum(['me', 'unassigned']).optional().catch(undefined),
  kind: z.enum(['renewal']).optional().catch(undefined),
  /** Any part of the domain or the organization's name. */
  q: TextFilterParam,
  after: CursorParam,
  before: CursorParam,
});
export type ReviewQueueQuery = z.infer<typeof ReviewQueueQuery>;

/** Oldest submission first; the waiting applications have their own index on it (applications_queue_idx). */
const QUEUE_ORDER = keyset(
  [
    { kind: 'timestamp', expr: applications.submittedAt },
    { kind: 'uuid', expr: applications.id },
  ],
  'asc',
);

/**
 * The queue's conditions for a query (without its text search and cursor). Exported so that a count
 * of the same rows (the staff dashboard, lib/review/workspace-counts.ts) is the list's, not a copy.
 */
export function reviewQueueFilters(query: Pick<ReviewQueueQuery, 'program' | 'olderThanDays' | 'assigned' | 'kind'>, viewerId: string, now: Date): SQL[] {
  // Literal, not parameters: the queue's index is partial on it.
  const where: SQL[] = [sql`${applications.status} in ('submitted', 'in_review')`];
  if (query.program) where.push(eq(applications.programId, query.program));
  if (query.olderThanDays) where.push(lt(applications.submittedAt, new Date(now.getTime() - query.olderThanDays * DAY)));
  if (query.assigned === 'me') where.push(eq(applications.assignedReviewerId, viewerId));
  if (query.assigned === 'unassigned') where.push(isNull(applications.assignedReviewerId));
  if (query.kind === 'renewal') where.push(eq(applications.kind, 'renewal'));
  return where;
}

/** What the text filter looks in: the site's domain and the organization's name (each on its trigram index). */
function searchAlternatives(search: string): SQL[] {
  const like = containsPattern(search);
  return [
    sql`exists (select 1 from ${sites} where ${sites.id} = ${applications.siteId} and ${sites.domain} ilike ${like})`,
    sql`exists (select 1 from ${organizations} where ${organizations.id} = ${applications.organizationId} and ${organizations.legalName} ilike ${like})`,
  ];
}

/**
 * One page of the review queue: applications submitted or in review, oldest first, with filters.
 * Paged by key, never by OFFSET. Applications of an organization the viewer is tied to are marked:
 * the page offers them no claim.
 */
export async function listReviewQueue({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const actor = requireRole(ctx.actor, 'reviewer');
  const query = parseInput(ReviewQueueQuery, input);
  const now = nowDate(ctx.clock);
  const search = query.q && query.q.length >= MIN_SEARCH_LENGTH ? query.q : undefined;
  const where = reviewQueueFilters(query, actor.id, now);
  const assignee = alias(users, 'assignee');

  const page = await readKeysetPage(QUEUE_ORDER, query, (beyond, orderBy, limit) => {
    const conditions = [...where, beyond];
    return ctx.db
      .select({
        id: applications.id,
        status: applications.status,
        kind: applications.kind,
        submittedAt: applications.submittedAt,
        assignedAt: applications.assignedAt,
        assignedReviewerId: applications.assignedReviewerId,
        assigneeName: assignee.name,
        organizationId: organizations.id,
        organizationName: organizations.legalName,
        domain: sites.domain,
        programName: programs.name,
        reviewOverdueDays: programs.reviewOverdueDays,
        cursor: QUEUE_ORDER.cursorOf,
      })
      .from(applications)
      .innerJoin(organizations, eq(organizations.id, applications.organizationId))
      .innerJoin(sites, eq(sites.id, applications.siteId))
      .innerJoin(programs, eq(programs.id, applications.programId))
      .leftJoin(assignee, eq(assignee.id, applications.assignedReviewerId))
      .where(search ? matchingAny({ table: applications, id: applications.id, conditions, alternatives: searchAlternatives(search), orderBy, limit }) : and(...conditions))
      .orderBy(...orderBy)
      .limit(limit);
  });

  const conflicted = await conflictedOrganizations(ctx.db, actor.id);
  return {
    filters: { program: query.program, olderThanDays: query.olderThanDays, assigned: query.assigned, kind: query.kind, q: query.q },
    /** The text was too short to search by: the list is not narrowed by it. */
    searchTooShort: !!query.q && !search,
    applications: page.rows.map(({ cursor: _cursor, ...row }) => {
      const waited = row.submittedAt ? now.getTime() - row.submittedAt.getTime() : 0;
      return { ...row, ageDays: Math.floor(waited / DAY), overdue: !!row.submittedAt && waited > row.reviewOverdueDays * DAY, conflicted: conflicted.has(row.organizationId) };
    }),
    previous: page.previous,
    next: page.next,
  };
}

export type ReviewQueuePage = Awaited<ReturnType<typeof listReviewQueue>>;
export type ReviewQueueEntry = ReviewQueuePage['applications'][number];

/** How many applications are in each state, for the queue's summary: exact up to a thousand, then "1,000+". */
export async function applicationCounts({ ctx }: { ctx: ServiceContext }): Promise<Record<ApplicationStatus, CappedCount>> {
  requireRole(ctx.actor, 'reviewer');
  const counts = await Promise.all(applicationStatuses.map((status) => cappedCount(ctx.db, applications, eq(applications.status, status))));
  return Object.fromEntries(applicationStatuses.map((status, i) => [status, counts[i]!])) as Record<ApplicationStatus, CappedCount>;
}
