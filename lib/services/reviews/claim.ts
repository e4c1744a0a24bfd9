import { z } from 'zod';
import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import { applications, organizations, programs, sites, users, type Application } from '@/db/schema';
import type { Executor } from '@/db/client';
import { nowDate } from '@/lib/clock';
import { requireRole } from '@/lib/auth/actor';
import { notifyUsers, type NotificationMessage } from '@/lib/notifications/notify';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError, ForbiddenError, ValidationError } from '../errors';
import { parseInput } from '../parse';
import { assertNoConflict } from './conflicts';
import { findApplicationForReview } from './review-access';

const applicationId = z.string().uuid('This application does not exist.');

/**
 * A reviewer takes an application nobody holds (waiting, or in review without a reviewer), or one
 * resubmitted after their own change request. Conditional on the state it was read in: of two
 * reviewers claiming at once, one gets it and the other is told.
 */
export async function claimApplication({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const actor = requireRole(ctx.actor, 'reviewer');
  const { applicationId: id } = parseInput(z.object({ applicationId }), input);
  const application = await findApplicationForReview(ctx.db, id);
  const now = nowDate(ctx.clock);
  return ctx.db.transaction(async (tx) => {
    // In the transaction: the guard locks the organization, so a conflict declared meanwhile cannot slip past it.
    await assertNoConflict(tx, actor.id, application.organizationId);
    if (application.assignedReviewerId && application.assignedReviewerId !== actor.id && (application.status === 'submitted' || application.status === 'in_review')) {
      const [holder] = await tx.select({ name: users.name }).from(users).where(eq(users.id, application.assignedReviewerId)).limit(1);
      throw new ConflictError(`This application is assigned to ${holder?.name ?? 'another reviewer'}; an administrator can reassign it.`);
    }
    const [claimed] = await tx
      .update(applications)
      .set({ status: 'in_review', assignedReviewerId: actor.id, assignedAt: now, updatedAt: now })
      .where(
        and(
          eq(applications.id, id),
          // Nobody holds it yet; or it came back resubmitted to the reviewer who asked for the changes.
          or(and(inArray(applications.status, ['submitted', 'in_review']), isNull(applications.assignedReviewerId)), and(eq(applications.status, 'submitted'), eq(applications.assignedReviewerId, actor.id))),
        ),
      )
      .returning();
    if (!claimed) {
      throw new ConflictError(
        application.status === 'submitted' || application.status === 'in_review'
          ? 'Another reviewer claimed this application a moment ago; reload the queue.'
          : `This application is ${application.status.replace('_', ' ')} and cannot be claimed.`,
      );
    }
    await recordAudit(tx, { actorId: actor.id, action: 'application.claim', entityType: 'application', entityId: id, before: { status: application.status, assignedReviewerId: application.assignedReviewerId }, after: { status: 'in_review', assignedReviewerId: actor.id }, at: now });
    return claimed;
  });
}

/**
 * An administrator gives a waiting or in-review application to a reviewer who has no conflict with
 * it. The reviewer is told (notification and mail) in the same transaction, unless the
 * administrator took it themselves or it was theirs already.
 */
export async function assignApplication({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const actor = requireRole(ctx.actor, 'admin');
  const { applicationId: id, reviewerId } = parseInput(z.object({ applicationId, reviewerId: z.string().uuid('Choose a reviewer from the list.') }), input);
  const application = await findApplicationForReview(ctx.db, id);
  const [reviewer] = await ctx.db.select().from(users).where(eq(users.id, reviewerId)).limit(1);
  if (!reviewer || reviewer.disabledAt || reviewer.role === 'applicant') {
    throw new ValidationError('Choose an active reviewer or administrator.', { reviewerId: ['Choose an active reviewer or administrator.'] });
  }
  const now = nowDate(ctx.clock);
  return ctx.db.transaction(async (tx) => {
    // The administrator too: whoever is tied to the organization does not choose its reviewer.
    await assertNoConflict(tx, actor.id, application.organizationId);
    try {
      await assertNoConflict(tx, reviewer.id, application.organizationId);
    } catch (error) {
      if (!(error instanceof ForbiddenError)) throw error;
      // The guard speaks to the reviewer; the administrator reads it about them.
      const message = error.message.replace(/^You are/, `${reviewer.name} is`).replace(/^You declared/, `${reviewer.name} declared`).replace(/so you cannot/, 'so they cannot');
      throw new ValidationError(message, { reviewerId: [message] });
    }
    const [assigned] = await tx
      .update(applications)
      .set({ status: 'in_review', assignedReviewerId: reviewer.id, assignedAt: now, updatedAt: now })
      .where(and(eq(applications.id, id), inArray(applications.status, ['submitted', 'in_review'])))
      .returning();
    if (!assigned) throw new ConflictError(`This application is ${application.status.replace('_', ' ')} and can no longer be assigned; reload to see its state.`);
    await recordAudit(tx, { actorId: actor.id, action: 'application.assign', entityType: 'application', entityId: id, before: { status: application.status, assignedReviewerId: application.assignedReviewerId }, after: { status: 'in_review', assignedReviewerId: reviewer.id }, at: now });
    if (reviewer.id !== actor.id && application.assignedReviewerId !== reviewer.id) {
      await notifyUsers(tx, { jobs: ctx.jobs, now }, [reviewer.id], await assignmentMessage(tx, assigned, actor.name));
    }
    return assigned;
  });
}

/** What the assigned reviewer reads: which site, organization and program, and where to start. */
async function assignmentMessage(tx: Executor, application: Application, assignedBy: string): Promise<NotificationMessage> {
  const [about] = await tx
    .select({ domain: sites.domain, organization: organizations.legalName, program: programs.name })
    .from(sites)
    .innerJoin(organizations, eq(organizations.id, sites.organizationId))
    .innerJoin(programs, eq(programs.id, application.programId))
    .where(eq(sites.id, application.siteId))
    .limit(1);
  const what = `${application.kind === 'renewal' ? 'the renewal application' : 'the application'} of ${about?.domain ?? 'a site'} (${about?.organization ?? 'an organization'}) for the ${about?.program ?? 'seal'}`;
  return {
    kind: 'application.assigned',
    subject: `Assigned to you: ${about?.domain ?? 'an application'} for review`,
    body: `${assignedBy} assigned you ${what}. Assess it criterion by criterion, then request changes, reject or approve it.`,
    link: `/review/applications/${application.id}`,
    organizationId: application.organizationId,
  };
}
