import { z } from 'zod';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { auditEvents, conflictDeclarations, organizations, users } from '@/db/schema';
import type { Executor } from '@/db/client';

/** Read-only lists for administrators' pages. Access is checked by the page. */

export const AuditQuery = z.object({
  entityType: z.enum(['seal', 'application']).optional().catch(undefined),
  entityId: z.string().uuid().optional().catch(undefined),
});

export function listAuditTrail(db: Executor, entityType: string, entityId: string) {
  return db
    .select({ event: auditEvents, actorName: users.name, actorEmail: users.email })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .where(and(eq(auditEvents.entityType, entityType), eq(auditEvents.entityId, entityId)))
    .orderBy(asc(auditEvents.occurredAt), asc(auditEvents.id));
}

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

