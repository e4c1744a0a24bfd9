import { and, asc, eq, inArray, isNull, notExists } from 'drizzle-orm';
import { conflictDeclarations, memberships, programs, users } from '@/db/schema';
import type { Executor } from '@/db/client';

/**
 * Read-only helpers of the reviewers' pages. The queue itself is a verb:
 * lib/services/reviews/list-review-queue.ts.
 */

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

/**
 * Active reviewers and administrators with no tie to `organizationId` (not a member, no standing
 * declaration; the rule of conflictedOrganizations): whom a case about it may be assigned to. One query.
 */
export function listReviewersFreeOf(db: Executor, organizationId: string) {
  const member = db.select({ userId: memberships.userId }).from(memberships).where(and(eq(memberships.userId, users.id), eq(memberships.organizationId, organizationId)));
  const declared = db
    .select({ id: conflictDeclarations.id })
    .from(conflictDeclarations)
    .where(and(eq(conflictDeclarations.reviewerId, users.id), eq(conflictDeclarations.organizationId, organizationId), isNull(conflictDeclarations.withdrawnAt)));
  return db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(inArray(users.role, ['reviewer', 'admin']), isNull(users.disabledAt), notExists(member), notExists(declared)))
    .orderBy(asc(users.name));
}
