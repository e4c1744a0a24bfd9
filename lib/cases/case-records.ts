import { and, eq, inArray, isNull, notExists } from 'drizzle-orm';
import { caseMessages, conflictDeclarations, memberships, users, type Case, type CaseMessageAudience, type CaseMessageKind } from '@/db/schema';
import type { Executor } from '@/db/client';
import { notifyUsers, type NotificationMessage, type NotifyContext } from '@/lib/notifications/notify';

/** What a case's audit rows keep: its state, never a message's text nor anyone's identity. */
export function caseAuditSnapshot(caseRow: Case) {
  return {
    reference: caseRow.reference,
    kind: caseRow.kind,
    status: caseRow.status,
    organizationId: caseRow.organizationId,
    sealId: caseRow.sealId,
    domain: caseRow.domain,
    assignedReviewerId: caseRow.assignedReviewerId,
    fastTrack: caseRow.fastTrack,
    responseDueAt: caseRow.responseDueAt?.toISOString() ?? null,
    escalationLevel: caseRow.escalationLevel,
  };
}

export type NewCaseMessage = {
  caseId: string;
  audience: CaseMessageAudience;
  kind: CaseMessageKind;
  body: string;
  authorId: string | null;
  complaintId?: string | null;
  responseDueAt?: Date | null;
  /** A notice's deadline that ends on or after a declared change of control: why. */
  deadlineReason?: string | null;
  at: Date;
};

/** One message of a case's conversation, written with the caller's transaction. */
export async function insertCaseMessage(tx: Executor, message: NewCaseMessage) {
  const [row] = await tx
    .insert(caseMessages)
    .values({
      caseId: message.caseId,
      audience: message.audience,
      kind: message.kind,
      body: message.body,
      authorId: message.authorId,
      complaintId: message.complaintId ?? null,
      responseDueAt: message.responseDueAt ?? null,
      deadlineReason: message.deadlineReason ?? null,
      createdAt: message.at,
    })
    .returning();
  return row!;
}

/** Active reviewers and admins with no tie to the organization: the ones who may see its complaints and cases. */
export async function reviewersFreeToHandle(tx: Executor, organizationId: string): Promise<string[]> {
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        inArray(users.role, ['reviewer', 'admin']),
        isNull(users.disabledAt),
        notExists(tx.select({ one: memberships.userId }).from(memberships).where(and(eq(memberships.userId, users.id), eq(memberships.organizationId, organizationId)))),
        notExists(
          tx
            .select({ one: conflictDeclarations.id })
            .from(conflictDeclarations)
            .where(and(eq(conflictDeclarations.reviewerId, users.id), eq(conflictDeclarations.organizationId, organizationId), isNull(conflictDeclarations.withdrawnAt))),
        ),
      ),
    );
  return rows.map((row) => row.id);
}

/**
 * Tells the case's reviewer: the assigned one, or, while nobody is assigned, every reviewer free to
 * handle it (so an unassigned case is never silent). `except` (the actor) is left out.
 */
export async function notifyCaseReviewer(tx: Executor, ctx: NotifyContext, caseRow: Pick<Case, 'assignedReviewerId' | 'organizationId'>, message: NotificationMessage, except: string | null = null): Promise<void> {
  const recipients = caseRow.assignedReviewerId ? [caseRow.assignedReviewerId] : await reviewersFreeToHandle(tx, caseRow.organizationId);
  await notifyUsers(
    tx,
    ctx,
    recipients.filter((id) => id !== except),
    { ...message, organizationId: caseRow.organizationId },
  );
}

export function casePath(reference: string): string {
  return `/review/cases/${reference}`;
}

export function portalCasePath(reference: string): string {
  return `/portal/cases/${reference}`;
}

/** The greeting of a mail to a complainant, by name when they gave one. */
export function greeting(name: string | null): string {
  return name ? `Dear ${name},` : 'Hello,';
}

export const MAIL_SIGNATURE = '—\nSent by OpenSeal.';
