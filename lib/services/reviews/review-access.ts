import { eq } from 'drizzle-orm';
import { applications, users, type Application } from '@/db/schema';
import type { Executor } from '@/db/client';
import type { Actor } from '@/lib/auth/actor';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors';

export async function findApplicationForReview(db: Executor, applicationId: string): Promise<Application> {
  const [application] = await db.select().from(applications).where(eq(applications.id, applicationId)).limit(1);
  if (!application) throw new NotFoundError('This application does not exist.');
  return application;
}

/** Reviewers act only on what they claimed or were assigned; an administrator may step in on any. */
export async function assertAssignedOrAdmin(db: Executor, actor: Actor, application: Application): Promise<void> {
  if (actor.role === 'admin' || application.assignedReviewerId === actor.id) return;
  if (!application.assignedReviewerId) throw new ForbiddenError('Claim this application before you assess or decide it.');
  const [assignee] = await db.select({ name: users.name }).from(users).where(eq(users.id, application.assignedReviewerId)).limit(1);
  throw new ForbiddenError(`This application is assigned to ${assignee?.name ?? 'another reviewer'}; only they or an administrator can assess or decide it.`);
}

export function assertInReview(application: Application): void {
  if (application.status !== 'in_review') {
    throw new ConflictError(
      application.status === 'submitted'
        ? 'This application is waiting in the queue: claim it first.'
        : `This application is ${application.status.replace('_', ' ')}, not in review; reload to see its state.`,
    );
  }
}

export const DECIDED_MEANWHILE = 'Another reviewer decided this application a moment ago; reload to see the decision.';
