import { z } from 'zod';
import { and, asc, count, desc, eq, isNull, lte, ne, sql, type SQL } from 'drizzle-orm';
import { caseKinds, cases, complaints, organizations, seals, users, type CaseStatus } from '@/db/schema';
import type { Executor } from '@/db/client';
import { conflictedOrganizations } from '@/lib/review/queue';

/** Read-only queries behind the reviewers' case queue and the triage choice. Access is checked by the page (reviewer role). */

export const caseQueueViews = ['mine', 'unassigned', 'overdue'] as const;

/** The queue's filters, from the query string; anything malformed is ignored rather than an error page. */
export const CaseQueueFilters = z.object({
  view: z.enum(caseQueueViews).optional().catch(undefined),
  kind: z.enum(caseKinds).optional().catch(undefined),
});
export type CaseQueueFilters = z.infer<typeof CaseQueueFilters>;

const overdueAt = (now: Date) => and(eq(cases.status, 'awaiting_site_response'), lte(cases.responseDueAt, now));

export type CaseQueueItem = Awaited<ReturnType<typeof listCaseQueue>>[number];

/**
 * Cases not closed: fast track first, then the most escalated, then the nearest deadline, then the
 * oldest. A case is overdue as soon as its deadline passes, even before the escalation job has run
 * (the level says what was done about it). Cases of an organization the viewer is tied to are
 * marked, so the page shows that someone else handles them, without a link.
 */
export async function listCaseQueue(db: Executor, filters: CaseQueueFilters, viewerId: string, now: Date) {
  const where: (SQL | undefined)[] = [ne(cases.status, 'closed')];
  if (filters.kind) where.push(eq(cases.kind, filters.kind));
  if (filters.view === 'mine') where.push(eq(cases.assignedReviewerId, viewerId));
  if (filters.view === 'unassigned') where.push(isNull(cases.assignedReviewerId));
  if (filters.view === 'overdue') where.push(overdueAt(now));
  const complaintCount = db.select({ caseId: complaints.caseId, n: count().as('n') }).from(complaints).groupBy(complaints.caseId).as('complaint_count');
  const rows = await db
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
      complaints: sql<number>`coalesce(${complaintCount.n}, 0)`.mapWith(Number),
    })
    .from(cases)
    .innerJoin(organizations, eq(organizations.id, cases.organizationId))
    .leftJoin(seals, eq(seals.id, cases.sealId))
    .leftJoin(users, eq(users.id, cases.assignedReviewerId))
    .leftJoin(complaintCount, eq(complaintCount.caseId, cases.id))
    .where(and(...where))
    .orderBy(desc(cases.fastTrack), desc(cases.escalationLevel), sql`${cases.responseDueAt} asc nulls last`, asc(cases.openedAt), asc(cases.reference));
  const conflicted = await conflictedOrganizations(db, viewerId);
  return rows.map((row) => ({
    ...row,
    overdue: row.status === 'awaiting_site_response' && !!row.responseDueAt && row.responseDueAt.getTime() <= now.getTime(),
    conflicted: conflicted.has(row.organizationId),
  }));
}

export type CaseCounts = Partial<Record<CaseStatus, number>> & { fastTrack: number; overdue: number; unassigned: number; mine: number };

/** The queue's summary: open cases by state, and how many are on the fast track, overdue, unassigned, and the viewer's. */
export async function caseCounts(db: Executor, viewerId: string, now: Date): Promise<CaseCounts> {
  const notClosed = ne(cases.status, 'closed');
  const one = async (condition: SQL | undefined) => (await db.select({ n: count() }).from(cases).where(and(notClosed, condition)))[0]?.n ?? 0;
  const [byStatus, fastTrack, overdue, unassigned, mine] = await Promise.all([
    db.select({ status: cases.status, n: count() }).from(cases).where(notClosed).groupBy(cases.status),
    one(eq(cases.fastTrack, true)),
    one(overdueAt(now)),
    one(isNull(cases.assignedReviewerId)),
    one(eq(cases.assignedReviewerId, viewerId)),
  ]);
  const counts: CaseCounts = { fastTrack, overdue, unassigned, mine };
  for (const row of byStatus) counts[row.status] = row.n;
  return counts;
}

/** Cases of an organization that a complaint may still join (not closed), newest first: the triage's choice. */
export function openCasesOfOrganization(db: Executor, organizationId: string) {
  return db
    .select({ id: cases.id, reference: cases.reference, title: cases.title, status: cases.status, openedAt: cases.openedAt })
    .from(cases)
    .where(and(eq(cases.organizationId, organizationId), ne(cases.status, 'closed')))
    .orderBy(desc(cases.openedAt));
}
