import { z } from 'zod';
import { and, asc, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { auditEvents, conflictDeclarations, organizations, sealDomains, seals, sealStatuses, users, type SealStatus } from '@/db/schema';
import type { Executor } from '@/db/client';

/** Read-only lists for administrators' pages. Access is checked by the page. */

export const SealFilters = z.object({
  status: z.enum([...sealStatuses, 'all']).optional().catch(undefined),
  q: z.string().trim().max(200).optional().catch(undefined),
});
export type SealFilters = z.infer<typeof SealFilters>;

/**
 * Seals by their stored status. A seal past its `expiresAt` reads expired everywhere, even before
 * the expiry job stores it: each row says so (`pastExpiry`), whatever the filter.
 */
export async function listSeals(db: Executor, filters: SealFilters, now: Date) {
  const where: SQL[] = [];
  if (filters.status && filters.status !== 'all') where.push(eq(seals.status, filters.status));
  if (filters.q) {
    const like = `%${filters.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(
      or(
        ilike(seals.publicId, like),
        ilike(organizations.legalName, like),
        sql`exists (select 1 from ${sealDomains} where ${sealDomains.sealId} = ${seals.id} and ${sealDomains.domain} ilike ${like})`,
      )!,
    );
  }
  const rows = await db
    .select({ seal: seals, organizationName: organizations.legalName, domains: sql<string[]>`coalesce((select array_agg(${sealDomains.domain} order by ${sealDomains.domain}) from ${sealDomains} where ${sealDomains.sealId} = ${seals.id}), '{}')` })
    .from(seals)
    .innerJoin(organizations, eq(organizations.id, seals.organizationId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(seals.issuedAt))
    .limit(500);
  return rows.map((row) => ({ ...row, pastExpiry: row.seal.expiresAt.getTime() <= now.getTime() && row.seal.status !== 'revoked' }));
}

/** What a visitor would read: a stored active/suspended seal past its expiry is expired. */
export function displayedSealStatus(status: SealStatus, pastExpiry: boolean): SealStatus {
  return pastExpiry && (status === 'active' || status === 'suspended') ? 'expired' : status;
}

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

