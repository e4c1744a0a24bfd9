import { z } from 'zod';
import { and, asc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { auditEvents, complaintEvidence, complaints, organizations, seals, sites, users } from '@/db/schema';
import { requireRole } from '@/lib/auth/actor';
import type { ServiceContext } from '../context';
import { parseInput } from '../parse';
import { assertMaySeeComplaint, findComplaint } from './complaint-access';

const ReadComplaintInput = z.object({ complaint: z.string().trim().min(1).max(100) });

/**
 * A complaint as reviewers read it: every field, the complainant's identity included, the evidence
 * list (without the bytes), and its history from the audit trail. Reviewers with a conflict of
 * interest with the organization it is about are refused.
 */
export async function readComplaintForReview({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const actor = requireRole(ctx.actor, 'reviewer');
  const { complaint: key } = parseInput(ReadComplaintInput, input);
  const complaint = await findComplaint(ctx.db, key);
  await assertMaySeeComplaint(ctx.db, actor, complaint);

  const logger = alias(users, 'logger');
  const dismisser = alias(users, 'dismisser');
  const actorUser = alias(users, 'actor_user');
  const [[context], evidence, history] = await Promise.all([
    ctx.db
      .select({
        sealPublicId: seals.publicId,
        sealStatus: seals.status,
        sealExpiresAt: seals.expiresAt,
        sealDomain: sites.domain,
        organizationName: organizations.legalName,
        loggedByName: logger.name,
        dismissedByName: dismisser.name,
      })
      .from(complaints)
      .leftJoin(seals, eq(seals.id, complaints.sealId))
      .leftJoin(sites, eq(sites.id, seals.siteId))
      .leftJoin(organizations, eq(organizations.id, complaints.organizationId))
      .leftJoin(logger, eq(logger.id, complaints.loggedById))
      .leftJoin(dismisser, eq(dismisser.id, complaints.dismissedById))
      .where(eq(complaints.id, complaint.id))
      .limit(1),
    ctx.db
      .select({ id: complaintEvidence.id, fileName: complaintEvidence.fileName, contentType: complaintEvidence.contentType, sizeBytes: complaintEvidence.sizeBytes, sha256: complaintEvidence.sha256 })
      .from(complaintEvidence)
      .where(eq(complaintEvidence.complaintId, complaint.id))
      .orderBy(asc(complaintEvidence.createdAt), asc(complaintEvidence.fileName)),
    ctx.db
      .select({ action: auditEvents.action, occurredAt: auditEvents.occurredAt, actorName: actorUser.name })
      .from(auditEvents)
      .leftJoin(actorUser, eq(actorUser.id, auditEvents.actorId))
      .where(and(eq(auditEvents.entityType, 'complaint'), eq(auditEvents.entityId, complaint.id)))
      .orderBy(asc(auditEvents.occurredAt)),
  ]);
  return { complaint, context: context!, evidence, history };
}
