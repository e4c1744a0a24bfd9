import { and, eq, isNull } from 'drizzle-orm';
import { cases, users, type Case } from '@/db/schema';
import type { Executor } from '@/db/client';
import { hasRole, type Actor } from '@/lib/auth/actor';
import { caseAuditSnapshot, casePath } from '@/lib/cases/case-records';
import { notifyUsers, type NotifyContext } from '@/lib/notifications/notify';
import { recordAudit } from '../audit';
import { ConflictError, ForbiddenError } from '../errors';

/**
 * Who decides a case (ADR 0007, amendment of 2026-12-05): its assignee. An administrator may decide
 * in the assignee's place; the decision's audit row names the assignee and the assignee is told.
 * On an unassigned case the reviewer who decides becomes its assignee, in the decision's
 * transaction and with its own audit row. Anyone else is refused with the assignee's name.
 * Confirming a revocation and deciding an appeal keep their own rules (a different person; a
 * reviewer who took no part).
 */
export type Decider = { caseRow: Case; inPlaceOf: { id: string; name: string } | null };

/** For the case page: whether `actor` may use the decision forms (the verbs decide again). */
export function mayDecideCase(actor: Actor, caseRow: Pick<Case, 'assignedReviewerId'>): boolean {
  return !caseRow.assignedReviewerId || caseRow.assignedReviewerId === actor.id || hasRole(actor, 'admin');
}

/** Call inside the decision's transaction, after loadCaseForReviewerChange locked the case row. */
export async function assertMayDecide(tx: Executor, actor: Actor, caseRow: Case, now: Date): Promise<Decider> {
  if (caseRow.assignedReviewerId === actor.id) return { caseRow, inPlaceOf: null };
  if (!caseRow.assignedReviewerId) {
    const [assigned] = await tx
      .update(cases)
      .set({ assignedReviewerId: actor.id, updatedAt: now })
      .where(and(eq(cases.id, caseRow.id), isNull(cases.assignedReviewerId)))
      .returning();
    if (!assigned) throw new ConflictError(`Case ${caseRow.reference} was assigned meanwhile; reload to see who holds it.`);
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'case.assign',
      entityType: 'case',
      entityId: caseRow.id,
      before: { assignedReviewerId: null },
      after: { ...caseAuditSnapshot(assigned), assignee: actor.name, by: 'deciding the unassigned case' },
      at: now,
    });
    return { caseRow: assigned, inPlaceOf: null };
  }
  const [assignee] = await tx.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, caseRow.assignedReviewerId)).limit(1);
  const name = assignee?.name ?? 'another reviewer';
  if (hasRole(actor, 'admin')) return { caseRow, inPlaceOf: { id: caseRow.assignedReviewerId, name } };
  throw new ForbiddenError(`Case ${caseRow.reference} is assigned to ${name}: only they, or an administrator, may decide it. Ask an administrator to reassign the case to you if you should decide it.`);
}

/** The audit note of a decision taken by an administrator in the assignee's place. */
export function inPlaceOfNote(decider: Decider): Record<string, unknown> {
  return decider.inPlaceOf ? { inPlaceOfAssignee: decider.inPlaceOf.id, assignee: decider.inPlaceOf.name } : {};
}

/** Tells the assignee that an administrator decided in their place. */
export async function tellAssignee(tx: Executor, ctx: NotifyContext, decider: Decider, actor: Actor, what: string): Promise<void> {
  if (!decider.inPlaceOf) return;
  await notifyUsers(tx, ctx, [decider.inPlaceOf.id], {
    kind: 'case.decided-in-your-place',
    organizationId: decider.caseRow.organizationId,
    subject: `Case ${decider.caseRow.reference}: an administrator decided in your place`,
    body: `${actor.name}, an administrator, ${what} on case ${decider.caseRow.reference}, which is assigned to you.`,
    link: casePath(decider.caseRow.reference),
  });
}
