import { z } from 'zod';
import { and, eq, isNull, ne } from 'drizzle-orm';
import { cases, organizations, users } from '@/db/schema';
import { hasRole, requireRole } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import { caseAuditSnapshot, casePath } from '@/lib/cases/case-records';
import { conflictedOrganizations } from '@/lib/review/queue';
import { notifyUsers } from '@/lib/notifications/notify';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError, ForbiddenError, ValidationError } from '../errors';
import { parseInput } from '../parse';
import { loadCaseForReviewerChange } from './case-access';

const AssignCaseInput = z.object({
  caseRef: z.string({ message: 'Say which case.' }).trim().min(1).max(100),
  /** Absent: the actor takes the case. */
  assigneeId: z
    .string()
    .trim()
    .optional()
    .transform((value) => value || undefined)
    .pipe(z.string().uuid('Choose a reviewer from the list.').optional()),
});

/**
 * Who runs a case. An admin assigns or reassigns any case to any reviewer free of a conflict with
 * the organization; a reviewer may take an unassigned case for themselves (the condition
 * `assigned_reviewer_id IS NULL` decides between two taking it at once). The assignee is told, and
 * so is a reviewer the case is taken from. A closed case is not reassigned.
 */
export async function assignCase({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const actingReviewer = requireRole(ctx.actor, 'reviewer');
  const data = parseInput(AssignCaseInput, input);
  const assigneeId = data.assigneeId ?? actingReviewer.id;
  const isAdmin = hasRole(actingReviewer, 'admin');
  if (!isAdmin && assigneeId !== actingReviewer.id) throw new ForbiddenError('Only an administrator can assign a case to someone else; you can take an unassigned case for yourself.');
  const now = nowDate(ctx.clock);
  return ctx.db.transaction(async (tx) => {
    const { actor, caseRow } = await loadCaseForReviewerChange(tx, ctx.actor, data.caseRef);
    const [assignee] = await tx
      .select({ id: users.id, name: users.name, role: users.role, disabledAt: users.disabledAt })
      .from(users)
      .where(eq(users.id, assigneeId))
      .limit(1);
    if (!assignee || assignee.disabledAt || !hasRole({ ...assignee, email: '' }, 'reviewer')) {
      throw new ValidationError('Choose an active reviewer: this account cannot handle cases.', { assigneeId: ['Choose an active reviewer.'] });
    }
    if (assignee.id !== actor.id && (await conflictedOrganizations(tx, assignee.id)).has(caseRow.organizationId)) {
      const [organization] = await tx.select({ legalName: organizations.legalName }).from(organizations).where(eq(organizations.id, caseRow.organizationId)).limit(1);
      throw new ForbiddenError(`${assignee.name} has a conflict of interest with ${organization?.legalName ?? 'this organization'}, so they cannot handle this case. Choose another reviewer.`);
    }
    if (caseRow.assignedReviewerId === assignee.id) throw new ConflictError(`Case ${caseRow.reference} is already assigned to ${assignee.id === actor.id ? 'you' : assignee.name}.`);
    const conditions = [eq(cases.id, caseRow.id), ne(cases.status, 'closed')];
    // A reviewer who is not an admin only takes a case nobody holds.
    if (!isAdmin) conditions.push(isNull(cases.assignedReviewerId));
    const [updated] = await tx
      .update(cases)
      .set({ assignedReviewerId: assignee.id, updatedAt: now })
      .where(and(...conditions))
      .returning();
    if (!updated) {
      if (caseRow.status === 'closed') throw new ConflictError(`Case ${caseRow.reference} is closed; it is no longer assigned.`);
      const [holder] = caseRow.assignedReviewerId ? await tx.select({ name: users.name }).from(users).where(eq(users.id, caseRow.assignedReviewerId)).limit(1) : [];
      throw new ConflictError(`Case ${caseRow.reference} is already assigned to ${holder?.name ?? 'another reviewer'}; only an administrator can reassign it.`);
    }
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'case.assign',
      entityType: 'case',
      entityId: caseRow.id,
      before: { assignedReviewerId: caseRow.assignedReviewerId },
      after: { ...caseAuditSnapshot(updated), assignee: assignee.name },
      at: now,
    });
    const notifyContext = { jobs: ctx.jobs, now };
    if (assignee.id !== actor.id) {
      await notifyUsers(tx, notifyContext, [assignee.id], {
        kind: 'case.assigned',
        organizationId: caseRow.organizationId,
        subject: `Case ${caseRow.reference} was assigned to you`,
        body: `${actor.name} assigned you case ${caseRow.reference}: ${caseRow.title}.`,
        link: casePath(caseRow.reference),
      });
    }
    if (caseRow.assignedReviewerId && caseRow.assignedReviewerId !== actor.id) {
      await notifyUsers(tx, notifyContext, [caseRow.assignedReviewerId], {
        kind: 'case.reassigned',
        organizationId: caseRow.organizationId,
        subject: `Case ${caseRow.reference} was reassigned`,
        body: `${actor.name} assigned case ${caseRow.reference} (${caseRow.title}) to ${assignee.id === actor.id ? 'themselves' : assignee.name}; you no longer hold it.`,
        link: casePath(caseRow.reference),
      });
    }
    return updated;
  });
}
