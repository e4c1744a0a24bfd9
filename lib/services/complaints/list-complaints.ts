import { z } from 'zod';
import { and, eq, ilike, inArray, sql, type SQL } from 'drizzle-orm';
import { caseDecisions, cases, complaintCategories, complaintEvidence, complaints, complaintSources, organizations, sealDomains, seals, sites, type CaseDecisionState, type CaseOutcome, type ComplaintStatus } from '@/db/schema';
import type { Executor } from '@/db/client';
import { requireRole } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import { cappedCount, type CappedCount } from '@/lib/lists/capped-count';
import { containsPattern, CursorParam, keyset, matchingAny, MIN_SEARCH_LENGTH, readKeysetPage, TextFilterParam } from '@/lib/lists/keyset';
import { conflictedOrganizations } from '@/lib/review/queue';
import type { ServiceContext } from '../context';
import { parseInput } from '../parse';

const DAY = 24 * 60 * 60 * 1000;

/** `new` (the default) is the triage queue; the others are the record of what became of complaints. */
export const complaintListStates = ['new', 'in_case', 'dismissed', 'all'] as const;

/** The query string of `/review/complaints`. A value that makes no sense is dropped, never an error page. */
export const ComplaintListQuery = z.object({
  state: z.enum(complaintListStates).optional().catch(undefined),
  category: z.enum(complaintCategories).optional().catch(undefined),
  source: z.enum(complaintSources).optional().catch(undefined),
  /** `fast`: only complaints on the fast track (a data sale by a seal holder). */
  track: z.enum(['fast']).optional().catch(undefined),
  /** Any part of the reference, the domain, or the organization's name. */
  q: TextFilterParam,
  after: CursorParam,
  before: CursorParam,
});
export type ComplaintListQuery = z.infer<typeof ComplaintListQuery>;

/** New complaints: fast track first (a data sale by a seal holder cannot wait behind the rest), then oldest first. */
const TRIAGE_ORDER = keyset(
  [
    { kind: 'bool', expr: sql`(not ${complaints.fastTrack})` },
    { kind: 'timestamp', expr: complaints.createdAt },
    { kind: 'uuid', expr: complaints.id },
  ],
  'asc',
);
/** Every other view: newest first. */
const RECORD_ORDER = keyset(
  [
    { kind: 'timestamp', expr: complaints.createdAt },
    { kind: 'uuid', expr: complaints.id },
  ],
  'desc',
);

/** A column of the complaint's case's latest decision in effect or proposed, as a scalar sub-select. */
const latestDecisionOf = (column: SQL) =>
  sql`select ${column} from ${caseDecisions} where ${caseDecisions.caseId} = ${cases.id} and ${caseDecisions.state} in ('in_effect', 'proposed') order by ${caseDecisions.seq} desc limit 1`;

/** Written as the triage index's first column, so that only the fast-track entries are read. */
const onFastTrack = sql`(not ${complaints.fastTrack}) is false`;

/**
 * The list's conditions for a query (without its text search and cursor): the triage queue (new)
 * unless a state is given. Exported so that a count of the same rows (the staff dashboard,
 * lib/review/workspace-counts.ts) is the list's, not a copy.
 */
export function complaintListFilters(query: Pick<ComplaintListQuery, 'state' | 'category' | 'source' | 'track'>): SQL[] {
  const state = query.state ?? 'new';
  // Literal, not a parameter: the triage order's index is partial on it (complaints_triage_idx).
  const where: SQL[] = state === 'all' ? [] : [sql`${complaints.status} = ${sql.raw(`'${state}'`)}`];
  if (query.category) where.push(eq(complaints.category, query.category));
  if (query.source) where.push(eq(complaints.source, query.source));
  if (query.track === 'fast') where.push(onFastTrack);
  return where;
}

/** What the text filter looks in: the reference, the domain, the seal's domains, the organization's name (each on its trigram index). */
function searchAlternatives(search: string): SQL[] {
  const like = containsPattern(search);
  return [
    ilike(complaints.reference, like),
    ilike(complaints.domain, like),
    sql`exists (select 1 from ${sealDomains} where ${sealDomains.sealId} = ${complaints.sealId} and ${sealDomains.domain} ilike ${like})`,
    sql`exists (select 1 from ${organizations} where ${organizations.id} = ${complaints.organizationId} and ${organizations.legalName} ilike ${like})`,
  ];
}

/** What the list shows of each complaint on a page: its site, seal, organization, evidence, and its case's outcome. */
function complaintDetails(db: Executor, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .select({
      id: complaints.id,
      reference: complaints.reference,
      status: complaints.status,
      category: complaints.category,
      source: complaints.source,
      fastTrack: complaints.fastTrack,
      domain: complaints.domain,
      organizationId: complaints.organizationId,
      organizationName: organizations.legalName,
      sealPublicId: seals.publicId,
      sealSiteDomain: sites.domain,
      createdAt: complaints.createdAt,
      dismissalReason: complaints.dismissalReason,
      dismissedAt: complaints.dismissedAt,
      caseReference: cases.reference,
      caseStatus: cases.status,
      // The case's standing decision (or the revocation awaiting its second person), newest first;
      // per row through case_decisions_case_idx (an EXISTS here would be planned as a scan of them all).
      caseOutcome: sql<CaseOutcome | null>`(${latestDecisionOf(sql`${caseDecisions.outcome}`)})`,
      caseOutcomeState: sql<CaseDecisionState | null>`(${latestDecisionOf(sql`${caseDecisions.state}`)})`,
      evidenceFiles: sql<number>`(select count(*) from ${complaintEvidence} where ${complaintEvidence.complaintId} = ${complaints.id})`.mapWith(Number),
    })
    .from(complaints)
    .leftJoin(organizations, eq(organizations.id, complaints.organizationId))
    .leftJoin(seals, eq(seals.id, complaints.sealId))
    .leftJoin(sites, eq(sites.id, seals.siteId))
    .leftJoin(cases, eq(cases.id, complaints.caseId))
    .where(inArray(complaints.id, ids));
}

/**
 * One page of the reviewers' complaints list: by default the triage queue (new complaints), or
 * those in a case, dismissed, or all, with filters and a text search. Paged by key, never by OFFSET.
 * Complaints about an organization the viewer is tied to are marked, so the page shows that
 * someone else must handle them, without a link to them.
 */
export async function listComplaintsForReview({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const actor = requireRole(ctx.actor, 'reviewer');
  const query = parseInput(ComplaintListQuery, input);
  const state = query.state ?? 'new';
  const search = query.q && query.q.length >= MIN_SEARCH_LENGTH ? query.q : undefined;
  const order = state === 'new' ? TRIAGE_ORDER : RECORD_ORDER;
  const where = complaintListFilters(query);

  // Which complaints first, on the complaints alone; then what the page shows of them. Joined in
  // one query over a million complaints, the planner put a cache (Memoize) sized for all of them
  // in front of each lookup: 40 to 170 ms of setting up, for 50 rows.
  const page = await readKeysetPage(order, query, (beyond, orderBy, limit) => {
    const conditions = [...where, beyond];
    return ctx.db
      .select({ id: complaints.id, cursor: order.cursorOf })
      .from(complaints)
      .where(search ? matchingAny({ table: complaints, id: complaints.id, conditions, alternatives: searchAlternatives(search), orderBy, limit }) : and(...conditions))
      .orderBy(...orderBy)
      .limit(limit);
  });
  const details = new Map((await complaintDetails(ctx.db, page.rows.map((row) => row.id))).map((row) => [row.id, row]));
  // A complaint gone between the two reads (none are deleted today) is left out rather than shown empty.
  const rows = page.rows.flatMap((row) => details.get(row.id) ?? []);

  const now = nowDate(ctx.clock).getTime();
  const conflicted = await conflictedOrganizations(ctx.db, actor.id);
  return {
    filters: { state, category: query.category, source: query.source, track: query.track, q: query.q },
    /** The text was too short to search by (no trigrams): the list is not narrowed by it. */
    searchTooShort: !!query.q && !search,
    complaints: rows.map((row) => ({
      ...row,
      site: row.domain ?? row.sealSiteDomain ?? '—',
      ageDays: Math.max(0, Math.floor((now - row.createdAt.getTime()) / DAY)),
      conflicted: !!row.organizationId && conflicted.has(row.organizationId),
    })),
    previous: page.previous,
    next: page.next,
  };
}

export type ComplaintListPage = Awaited<ReturnType<typeof listComplaintsForReview>>;
export type ComplaintListEntry = ComplaintListPage['complaints'][number];

/**
 * How many complaints are in each state, and how many new ones are on the fast track: exact up to
 * a thousand, then "1,000+" (each count reads at most that many index entries, not millions of rows).
 */
export async function complaintCounts({ ctx }: { ctx: ServiceContext }): Promise<Record<ComplaintStatus, CappedCount> & { fastTrack: CappedCount }> {
  requireRole(ctx.actor, 'reviewer');
  const [fresh, inCase, dismissed, fastTrack] = await Promise.all([
    cappedCount(ctx.db, complaints, sql`${complaints.status} = 'new'`),
    cappedCount(ctx.db, complaints, sql`${complaints.status} = 'in_case'`),
    cappedCount(ctx.db, complaints, sql`${complaints.status} = 'dismissed'`),
    cappedCount(ctx.db, complaints, and(...complaintListFilters({ state: 'new', track: 'fast' }))),
  ]);
  return { new: fresh, in_case: inCase, dismissed, fastTrack };
}
