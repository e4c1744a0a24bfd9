import { and, eq, inArray, or } from 'drizzle-orm';
import { auditEvents, caseAppeals, caseDecisions, caseMessages, cases, changeOfControlChecks, complaints } from '@/db/schema';
import type { Executor } from '@/db/client';

/**
 * Everyone who acted on a case: whoever appears in the audit trail of the case or of its
 * complaints (opened, triaged, assigned, wrote, decided …), and whoever a row of the case names
 * (opener, assignee, message authors, deciders, confirmers, checklist recorders). An appeal is
 * decided by a reviewer outside this set (issue 6: "a reviewer who took no part in the case").
 *
 * Both sources are read because each can miss what the other has: the audit trail keeps a
 * reassigned reviewer, the rows keep an author whose action was audited under another entity.
 */
export async function caseParticipantIds(db: Executor, caseId: string): Promise<Set<string>> {
  const [caseRow] = await db.select({ openedById: cases.openedById, assignedReviewerId: cases.assignedReviewerId }).from(cases).where(eq(cases.id, caseId)).limit(1);
  if (!caseRow) return new Set();
  const complaintRows = await db
    .select({ id: complaints.id, loggedById: complaints.loggedById, dismissedById: complaints.dismissedById })
    .from(complaints)
    .where(eq(complaints.caseId, caseId));
  const complaintIds = complaintRows.map((row) => row.id);
  const auditScope = complaintIds.length > 0 ? or(and(eq(auditEvents.entityType, 'case'), eq(auditEvents.entityId, caseId)), and(eq(auditEvents.entityType, 'complaint'), inArray(auditEvents.entityId, complaintIds))) : and(eq(auditEvents.entityType, 'case'), eq(auditEvents.entityId, caseId));
  // One after the other: inside a transaction the queries share one connection.
  const audited = await db.selectDistinct({ id: auditEvents.actorId }).from(auditEvents).where(auditScope);
  const authors = await db.selectDistinct({ id: caseMessages.authorId }).from(caseMessages).where(eq(caseMessages.caseId, caseId));
  const decisions = await db.select({ decidedById: caseDecisions.decidedById, confirmedById: caseDecisions.confirmedById }).from(caseDecisions).where(eq(caseDecisions.caseId, caseId));
  const appeals = await db.select({ decidedById: caseAppeals.decidedById }).from(caseAppeals).where(eq(caseAppeals.caseId, caseId));
  const checks = await db.selectDistinct({ id: changeOfControlChecks.recordedById }).from(changeOfControlChecks).where(eq(changeOfControlChecks.caseId, caseId));
  const ids = [
    caseRow.openedById,
    caseRow.assignedReviewerId,
    ...complaintRows.flatMap((row) => [row.loggedById, row.dismissedById]),
    ...audited.map((row) => row.id),
    ...authors.map((row) => row.id),
    ...decisions.flatMap((row) => [row.decidedById, row.confirmedById]),
    ...appeals.map((row) => row.decidedById),
    ...checks.map((row) => row.id),
  ];
  return new Set(ids.filter((id): id is string => !!id));
}
