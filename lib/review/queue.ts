import { z } from 'zod';
import { and, asc, count, eq, inArray, isNull, lt, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { applications, conflictDeclarations, memberships, organizations, programs, sites, users, type ApplicationStatus } from '@/db/schema';
import type { Executor } from '@/db/client';

/** Read-only queries behind the reviewers' queue. Access is checked by the page (reviewer role). */

export const QUEUE_STATUSES = ['submitted', 'in_review'] as const satisfies readonly ApplicationStatus[];
const DAY = 24 * 60 * 60 * 1000;

/** The queue's filters, from the query string; anything malformed is ignored rather than an error page. */
export const QueueFilters = z.object({
  program: z.string().uuid().optional().catch(undefined),
  olderThanDays: z.coerce.number().int().min(1).max(3650).optional().catch(undefined),
  assigned: z.enum(['me', 'unassigned']).optional().catch(undefined),
  kind: z.enum(['renewal']).optional().catch(undefined),
});
export type QueueFilters = z.infer<typeof QueueFilters>;

export type QueueItem = Awaited<ReturnType<typeof listQueue>>[number];

export async function listQueue(db: Executor, filters: QueueFilters, viewerId: string, now: Date) {
  const assignee = alias(users, 'assignee');
  const where: SQL[] = [inArray(applications.status, [...QUEUE_STATUSES])];
  if (filters.program) where.push(eq(applications.programId, filters.program));
  if (filters.olderThanDays) where.push(lt(applications.submittedAt, new Date(now.getTime() - filters.olderThanDays * DAY)));
  if (filters.assigned === 'me') where.push(eq(applications.assignedReviewerId, viewerId));
  if (filters.assigned === 'unassigned') where.push(isNull(applications.assignedReviewerId));
  if (filters.kind === 'renewal') where.push(eq(applications.kind, 'renewal'));
  const rows = await db
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
    })
    .from(applications)
    .innerJoin(organizations, eq(organizations.id, applications.organizationId))
    .innerJoin(sites, eq(sites.id, applications.siteId))
    .innerJoin(programs, eq(programs.id, applications.programId))
    .leftJoin(assignee, eq(assignee.id, applications.assignedReviewerId))
    .where(and(...where))
    .orderBy(asc(applications.submittedAt), asc(applications.id));
  const conflicted = await conflictedOrganizations(db, viewerId);
  return rows.map((row) => {
    const ageDays = row.submittedAt ? Math.floor((now.getTime() - row.submittedAt.getTime()) / DAY) : 0;
    return { ...row, ageDays, overdue: !!row.submittedAt && now.getTime() - row.submittedAt.getTime() > row.reviewOverdueDays * DAY, conflicted: conflicted.has(row.organizationId) };
  });
}

/** Organizations the viewer must not act on: those they belong to or declared a conflict with. */
export async function conflictedOrganizations(db: Executor, reviewerId: string): Promise<Set<string>> {
  const [member, declared] = await Promise.all([
    db.select({ id: memberships.organizationId }).from(memberships).where(eq(memberships.userId, reviewerId)),
    db
      .select({ id: conflictDeclarations.organizationId })
      .from(conflictDeclarations)
      .where(and(eq(conflictDeclarations.reviewerId, reviewerId), isNull(conflictDeclarations.withdrawnAt))),
  ]);
  return new Set([...member, ...declared].map((row) => row.id));
}

/** How many applications are in each state, for the queue's summary. */
export async function countsByStatus(db: Executor): Promise<Record<ApplicationStatus, number>> {
  const rows = await db.select({ status: applications.status, n: count() }).from(applications).groupBy(applications.status);
  const counts = { draft: 0, submitted: 0, in_review: 0, changes_requested: 0, approved: 0, rejected: 0, withdrawn: 0 } as Record<ApplicationStatus, number>;
  for (const row of rows) counts[row.status] = Number(row.n);
  return counts;
}

export function listProgramsForFilter(db: Executor) {
  return db.select({ id: programs.id, name: programs.name }).from(programs).orderBy(asc(programs.name));
}

/** Active reviewers and administrators, for the administrator's assign control. */
export function listAssignableReviewers(db: Executor) {
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(and(inArray(users.role, ['reviewer', 'admin']), isNull(users.disabledAt)))
    .orderBy(asc(users.name));
}
