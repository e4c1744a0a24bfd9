import { z } from 'zod';
import { and, asc, count, desc, eq, sql, type SQL } from 'drizzle-orm';
import { complaintCategories, complaintEvidence, complaints, complaintSources, complaintStatuses, organizations, seals, sites, type ComplaintStatus } from '@/db/schema';
import type { Executor } from '@/db/client';
import { conflictedOrganizations } from '@/lib/review/queue';

/** Read-only queries behind the reviewers' triage queue. Access is checked by the page (reviewer role). */

const DAY = 24 * 60 * 60 * 1000;

/** The queue's filters, from the query string; anything malformed is ignored rather than an error page. */
export const TriageFilters = z.object({
  category: z.enum(complaintCategories).optional().catch(undefined),
  source: z.enum(complaintSources).optional().catch(undefined),
});
export type TriageFilters = z.infer<typeof TriageFilters>;

export type TriageItem = Awaited<ReturnType<typeof listTriageQueue>>[number];

/**
 * New complaints: fast-track ones first (a data sale by a seal holder cannot wait behind the
 * rest), then oldest first. Complaints about an organization the viewer is tied to are marked, so
 * the page shows that someone else must handle them, without their details.
 */
export async function listTriageQueue(db: Executor, filters: TriageFilters, viewerId: string, now: Date) {
  const where: SQL[] = [eq(complaints.status, 'new')];
  if (filters.category) where.push(eq(complaints.category, filters.category));
  if (filters.source) where.push(eq(complaints.source, filters.source));
  const evidenceCount = db
    .select({ complaintId: complaintEvidence.complaintId, files: count().as('files') })
    .from(complaintEvidence)
    .groupBy(complaintEvidence.complaintId)
    .as('evidence_count');
  const rows = await db
    .select({
      id: complaints.id,
      reference: complaints.reference,
      category: complaints.category,
      source: complaints.source,
      fastTrack: complaints.fastTrack,
      domain: complaints.domain,
      monitorHost: complaints.monitorHost,
      organizationId: complaints.organizationId,
      organizationName: organizations.legalName,
      sealPublicId: seals.publicId,
      sealSiteDomain: sites.domain,
      createdAt: complaints.createdAt,
      evidenceFiles: sql<number>`coalesce(${evidenceCount.files}, 0)`.mapWith(Number),
    })
    .from(complaints)
    .leftJoin(organizations, eq(organizations.id, complaints.organizationId))
    .leftJoin(seals, eq(seals.id, complaints.sealId))
    .leftJoin(sites, eq(sites.id, seals.siteId))
    .leftJoin(evidenceCount, eq(evidenceCount.complaintId, complaints.id))
    .where(and(...where))
    .orderBy(desc(complaints.fastTrack), asc(complaints.createdAt), asc(complaints.reference));
  const conflicted = await conflictedOrganizations(db, viewerId);
  return rows.map((row) => ({
    ...row,
    site: row.domain ?? row.sealSiteDomain ?? '—',
    ageDays: Math.max(0, Math.floor((now.getTime() - row.createdAt.getTime()) / DAY)),
    conflicted: !!row.organizationId && conflicted.has(row.organizationId),
  }));
}

/** How many complaints are in each state, and how many new ones are on the fast track. */
export async function complaintCounts(db: Executor): Promise<Record<ComplaintStatus, number> & { fastTrack: number }> {
  const [byStatus, [fast]] = await Promise.all([
    db.select({ status: complaints.status, n: count() }).from(complaints).groupBy(complaints.status),
    db
      .select({ n: count() })
      .from(complaints)
      .where(and(eq(complaints.status, 'new'), eq(complaints.fastTrack, true))),
  ]);
  const counts = Object.fromEntries(complaintStatuses.map((status) => [status, 0])) as Record<ComplaintStatus, number>;
  for (const row of byStatus) counts[row.status] = row.n;
  return { ...counts, fastTrack: fast?.n ?? 0 };
}
