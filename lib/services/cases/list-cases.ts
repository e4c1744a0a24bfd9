import { z } from 'zod';
import { and, count, eq, ilike, isNull, lte, sql, type SQL } from 'drizzle-orm';
import { caseDecisions, caseKinds, cases, caseStatuses, complaints, organizations, seals, users, type CaseOutcome, type CaseStatus } from '@/db/schema';
import { requireRole } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import { containsPattern, CursorParam, keyset, matchingAny, MIN_SEARCH_LENGTH, readKeysetPage, TextFilterParam } from '@/lib/lists/keyset';
import { conflictedOrganizations } from '@/lib/review/queue';
import type { ServiceContext } from '../context';
import { parseInput } from '../parse';

/** `confirmation`: a revocation proposed on the case waits for a different person to confirm it (four eyes). */
export const caseListViews = ['mine', 'unassigned', 'overdue', 'confirmation'] as const;
/** The states a case not closed may be in; the list shows these by default. */
export const OPEN_CASE_STATUSES = caseStatuses.filter((status) => status !== 'closed');

/** The query string of `/review/cases`. A value that makes no sense is dropped, never an error page. */
export const CaseListQuery = z.object({
  /** A case state, `closed`, or `all`; none means every case not closed (the queue). */
  state: z.enum([...caseStatuses, 'all']).optional().catch(undefined),
  view: z.enum(caseListViews).optional().catch(undefined),
  kind: z.enum(caseKinds).optional().catch(undefined),
  /** Any part of the reference, the domain, or the organization's name. */
  q: TextFilterParam,
  after: CursorParam,
  before: CursorParam,
});
export type CaseListQuery = z.infer<typeof CaseListQuery>;

/**
 * Cases not closed: fast track first, then the most escalated, then the nearest deadline (cases
 * without one after those with one), then the oldest. One direction, so that one index answers it
 * as a range (cases_queue_idx): "first" is written as "not", "most" as a minus.
 */
const QUEUE_ORDER = keyset(
  [
    { kind: 'bool', expr: sql`(not ${cases.fastTrack})` },
    { kind: 'int', expr: sql`(- ${cases.escalationLevel})` },
    { kind: 'timestamp', expr: sql`coalesce(${cases.responseDueAt}, 'infinity'::timestamptz)` },
    { kind: 'timestamp', expr: cases.openedAt },
    { kind: 'uuid', expr: cases.id },
  ],
  'asc',
);
/** Closed cases, and all cases: newest first. */
const RECORD_ORDER = keyset(
  [
    { kind: 'timestamp', expr: cases.openedAt },
    { kind: 'uuid', expr: cases.id },
  ],
  'desc',
);

const overdueAt = (now: Date) => and(eq(cases.status, 'awaiting_site_response'), lte(cases.responseDueAt, now));
// Literal, not a parameter: the queue's index is partial on it.
const notClosed = sql`${cases.status} <> 'closed'`;

/**
 * The list's conditions for a query (without its text search and cursor). Exported so that a count
 * of the same rows (the staff dashboard, lib/review/workspace-counts.ts) is the list's, not a copy.
 */
export function caseListFilters(query: Pick<CaseListQuery, 'state' | 'view' | 'kind'>, viewerId: string, now: Date): SQL[] {
  const where: SQL[] = [];
  if (!query.state) where.push(notClosed);
  else if (query.state === 'closed') where.push(eq(cases.status, 'closed'));
  else if (query.state !== 'all') where.push(eq(cases.status, query.state), notClosed);
  if (query.kind) where.push(eq(cases.kind, query.kind));
  if (query.view === 'mine') where.push(eq(cases.assignedReviewerId, viewerId));
  if (query.view === 'unassigned') where.push(isNull(cases.assignedReviewerId));
  if (query.view === 'overdue') where.push(overdueAt(now)!);
  // Through case_decisions_proposed_idx: the open proposals are few, whatever the number of cases.
  if (query.view === 'confirmation') where.push(sql`${cases.id} in (select ${caseDecisions.caseId} from ${caseDecisions} where ${caseDecisions.state} = 'proposed')`);
  return where;
}

/** What the text filter looks in: the reference, the domain, the organization's name (each on its trigram index). */
function searchAlternatives(search: string): SQL[] {
  const like = containsPattern(search);
  return [
    ilike(cases.reference, like),
    ilike(cases.domain, like),
    sql`exists (select 1 from ${organizations} where ${organizations.id} = ${cases.organizationId} and ${organizations.legalName} ilike ${like})`,
  ];
}

/**
 * One page of the reviewers' case list: by default the queue of cases not closed (fast track,
 * escalated and due first), or one state, closed cases, or all, with filters and a text search.
 * Paged by key, never by OFFSET. A case is overdue as soon as its deadline passes, even before the
 * escalation job has run (the level says what was done about it). Cases of an organization the
 * viewer is tied to are marked, so the page shows that someone else handles them, without a link.
 */
export async function listCasesForReview({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const actor = requireRole(ctx.actor, 'reviewer');
  const query = parseInput(CaseListQuery, input);
  const now = nowDate(ctx.clock);
  const search = query.q && query.q.length >= MIN_SEARCH_LENGTH ? query.q : undefined;
  const order = query.state === 'closed' || query.state === 'all' ? RECORD_ORDER : QUEUE_ORDER;
  const where = caseListFilters(query, actor.id, now);

  const page = await readKeysetPage(order, query, (beyond, orderBy, limit) => {
    const conditions = [...where, beyond];
    return ctx.db
      .select({
        id: cases.id,
        reference: cases.reference,
        kind: cases.kind,
        title: cases.title,
        status: cases.status,
        fastTrack: cases.fastTrack,
        organizationId: cases.organizationId,
        organizationName: organizations.legalName,
        sealPublicId: seals.publicId,
        domain: cases.domain,
        assignedReviewerId: cases.assignedReviewerId,
        assignedName: users.name,
        responseDueAt: cases.responseDueAt,
        escalationLevel: cases.escalationLevel,
        openedAt: cases.openedAt,
        closedAt: cases.closedAt,
        // Per row, from complaints_case_idx: the page's 50 cases, not every complaint there is.
        complaints: sql<number>`(select count(*) from ${complaints} where ${complaints.caseId} = ${cases.id})`.mapWith(Number),
        // The standing decision (or the revocation awaiting its second person), newest first.
        outcome: sql<CaseOutcome | null>`(select ${caseDecisions.outcome} from ${caseDecisions} where ${caseDecisions.caseId} = ${cases.id} and ${caseDecisions.state} in ('in_effect', 'proposed') order by ${caseDecisions.seq} desc limit 1)`,
        cursor: order.cursorOf,
      })
      .from(cases)
      .innerJoin(organizations, eq(organizations.id, cases.organizationId))
      .leftJoin(seals, eq(seals.id, cases.sealId))
      .leftJoin(users, eq(users.id, cases.assignedReviewerId))
      .where(search ? matchingAny({ table: cases, id: cases.id, conditions, alternatives: searchAlternatives(search), orderBy, limit }) : and(...conditions))
      .orderBy(...orderBy)
      .limit(limit);
  });

  const conflicted = await conflictedOrganizations(ctx.db, actor.id);
  return {
    filters: { state: query.state, view: query.view, kind: query.kind, q: query.q },
    /** The text was too short to search by (no trigrams): the list is not narrowed by it. */
    searchTooShort: !!query.q && !search,
    cases: page.rows.map(({ cursor: _cursor, ...row }) => ({
      ...row,
      overdue: row.status === 'awaiting_site_response' && !!row.responseDueAt && row.responseDueAt.getTime() <= now.getTime(),
      conflicted: conflicted.has(row.organizationId),
    })),
    previous: page.previous,
    next: page.next,
  };
}

export type CaseListPage = Awaited<ReturnType<typeof listCasesForReview>>;
export type CaseListEntry = CaseListPage['cases'][number];

export type CaseCounts = Partial<Record<CaseStatus, number>> & { fastTrack: number; overdue: number; unassigned: number; mine: number };

/**
 * The queue's summary: cases not closed by state, and how many are on the fast track, overdue,
 * unassigned, and the viewer's. Exact: they count only cases not closed, a small part of all
 * cases, through the queue's partial index; closed cases are never counted.
 */
export async function caseCounts({ ctx }: { ctx: ServiceContext }): Promise<CaseCounts> {
  const actor = requireRole(ctx.actor, 'reviewer');
  const now = nowDate(ctx.clock);
  const one = async (condition: SQL | undefined) => (await ctx.db.select({ n: count() }).from(cases).where(and(notClosed, condition)))[0]?.n ?? 0;
  const [byStatus, fastTrack, overdue, unassigned, mine] = await Promise.all([
    ctx.db.select({ status: cases.status, n: count() }).from(cases).where(notClosed).groupBy(cases.status),
    one(eq(cases.fastTrack, true)),
    one(overdueAt(now)),
    one(isNull(cases.assignedReviewerId)),
    one(eq(cases.assignedReviewerId, actor.id)),
  ]);
  const counts: CaseCounts = { fastTrack, overdue, unassigned, mine };
  for (const row of byStatus) counts[row.status] = row.n;
  return counts;
}
