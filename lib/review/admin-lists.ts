import { asc, desc, eq, sql } from 'drizzle-orm';
import { conflictDeclarations, organizations, users } from '@/db/schema';
import type { Executor } from '@/db/client';

/** Read-only lists for administrators' pages. Access is checked by the page. */

/** All declarations (for administrators) or one reviewer's own, newest first. */
export function listConflictDeclarations(db: Executor, reviewerId?: string) {
  return db
    .select({ declaration: conflictDeclarations, reviewerName: users.name, reviewerEmail: users.email, organizationName: organizations.legalName })
    .from(conflictDeclarations)
    .innerJoin(users, eq(users.id, conflictDeclarations.reviewerId))
    .innerJoin(organizations, eq(organizations.id, conflictDeclarations.organizationId))
    .where(reviewerId ? eq(conflictDeclarations.reviewerId, reviewerId) : undefined)
    .orderBy(sql`${conflictDeclarations.withdrawnAt} is null desc`, desc(conflictDeclarations.declaredAt));
}

export function listOrganizationsForConflicts(db: Executor) {
  return db.select({ id: organizations.id, legalName: organizations.legalName }).from(organizations).orderBy(asc(organizations.legalName));
}

