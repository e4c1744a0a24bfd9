import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import { caseDecisions, cases, complaints, seals, users, type Case, type CaseDecision, type CaseStatus, type Seal } from '@/db/schema';
import { effectiveStatus } from '@/lib/seals/effective-status';
import type { Executor } from '@/db/client';
import { recordWebhookEvents } from '@/lib/webhooks/record-event';
import { greeting, insertCaseMessage, MAIL_SIGNATURE, portalCasePath } from '@/lib/cases/case-records';
import { caseStatusLabels } from '@/lib/cases/labels';
import { caseOutcomeSiteLabels, REVOCATION_FINALITY_FOR_SITE } from '@/lib/cases/site-labels';
import { revocationReasonLabels } from '@/lib/seals/reasons';
import { notifyOrganization, sendMail, type NotifyContext } from '@/lib/notifications/notify';
import { ConflictError } from '../errors';
import { recordAudit } from '../audit';
import { auditSnapshot } from '../seals/seal-records';
import { transitionSeal } from '../seals/seal-transition';
import { reinstatementTransition } from '../seals/reinstate-seal';
import type { JobRunner } from '@/lib/jobs/runner';
import { deferredDates } from '@/lib/format/dates';

/**
 * What the decision verbs share: which case states a decision may be taken in, the conditional
 * move of the case, and how a decision is announced (a `decision` message to the site, the
 * organization's members notified and mailed, the complainants of the linked complaints mailed
 * the summary). Everything runs in the caller's transaction.
 */

/** A decision may follow another (a warning, then a suspension); only a closed or appealed case refuses. */
export const DECIDABLE_STATUSES: readonly CaseStatus[] = ['open', 'awaiting_site_response', 'in_review', 'decided'];

export function undecidableMessage(caseRow: Pick<Case, 'reference' | 'status'>): string {
  if (caseRow.status === 'closed') return `Case ${caseRow.reference} is closed; no further decision can be taken on it.`;
  if (caseRow.status === 'appealed') return `An appeal against a decision on case ${caseRow.reference} is pending: it must be decided before anything else is decided on the case.`;
  return `Case ${caseRow.reference} is ${caseStatusLabels[caseRow.status].toLowerCase()} and cannot be decided now; reload to see its state.`;
}

export function assertDecidable(caseRow: Pick<Case, 'reference' | 'status'>): void {
  if (!DECIDABLE_STATUSES.includes(caseRow.status)) throw new ConflictError(undecidableMessage(caseRow));
}

/** The open revocation proposal of a case, with its proposer's name; at most one exists (the case row lock serialises proposers). */
export async function openRevocationProposal(tx: Executor, caseId: string) {
  const [proposal] = await tx
    .select({ decision: caseDecisions, proposerName: users.name })
    .from(caseDecisions)
    .innerJoin(users, eq(users.id, caseDecisions.decidedById))
    .where(and(eq(caseDecisions.caseId, caseId), eq(caseDecisions.state, 'proposed')))
    .limit(1);
  return proposal ?? null;
}

export async function assertNoOpenProposal(tx: Executor, caseRow: Pick<Case, 'id' | 'reference'>): Promise<void> {
  const open = await openRevocationProposal(tx, caseRow.id);
  if (open) throw new ConflictError(`${open.proposerName} has proposed to revoke the seal on case ${caseRow.reference}: that proposal must be confirmed or withdrawn first.`);
}

/** The case's seal, locked for this transaction; a case about no seal has nothing to sanction. */
export async function sealOfCase(tx: Executor, caseRow: Pick<Case, 'sealId' | 'reference'>, what: 'suspend' | 'revoke' | 'reinstate'): Promise<Seal> {
  const refusal = `Case ${caseRow.reference} concerns no seal, so there is no seal to ${what}.`;
  if (!caseRow.sealId) throw new ConflictError(refusal);
  const [seal] = await tx.select().from(seals).where(eq(seals.id, caseRow.sealId)).limit(1).for('update');
  if (!seal) throw new ConflictError(refusal);
  return seal;
}

/**
 * Moves the case by a conditional update from the states given. The case row is already locked by
 * loadCaseForReviewerChange, so this matches unless the state changed before the lock was granted.
 */
export async function moveCase(tx: Executor, caseRow: Case, from: readonly CaseStatus[], set: Partial<Pick<Case, 'status' | 'responseDueAt' | 'escalationLevel' | 'escalatedAt' | 'decidedAt' | 'closedAt'>>, now: Date): Promise<Case> {
  const [moved] = await tx
    .update(cases)
    .set({ ...set, updatedAt: now })
    .where(and(eq(cases.id, caseRow.id), inArray(cases.status, [...from])))
    .returning();
  if (!moved) {
    const [current] = await tx.select().from(cases).where(eq(cases.id, caseRow.id)).limit(1);
    throw new ConflictError(undecidableMessage(current ?? caseRow));
  }
  return moved;
}

/**
 * The case fields a decision sets: decided, or awaiting the site until a corrective action is due.
 * A decision taken before the site's response deadline (`early`) leaves the site's window open: the
 * case still awaits its response, until that deadline (or a corrective action's, if later).
 */
export function caseAfterDecision(decision: Pick<CaseDecision, 'outcome' | 'correctiveDueAt'>, now: Date, early: { deadline: Date } | null = null) {
  const corrective = decision.outcome === 'corrective_action' && decision.correctiveDueAt;
  if (early) {
    const due = corrective && decision.correctiveDueAt!.getTime() > early.deadline.getTime() ? decision.correctiveDueAt! : early.deadline;
    return { status: 'awaiting_site_response' as CaseStatus, responseDueAt: due, decidedAt: now };
  }
  return {
    status: (corrective ? 'awaiting_site_response' : 'decided') as CaseStatus,
    responseDueAt: corrective ? decision.correctiveDueAt : null,
    escalationLevel: 0,
    escalatedAt: null,
    decidedAt: now,
  };
}

/** The audit record of a decision row: its outcome and state, not its texts (those are in the messages). */
export function decisionSnapshot(decision: CaseDecision) {
  return {
    decisionId: decision.id,
    outcome: decision.outcome,
    state: decision.state,
    revocationReason: decision.revocationReason,
    referredTo: decision.referredTo,
    correctiveDueAt: decision.correctiveDueAt?.toISOString() ?? null,
    appealableUntil: decision.appealableUntil?.toISOString() ?? null,
    ...(decision.actedBeforeDeadline ? { actedBeforeDeadline: decision.actedBeforeDeadline.toISOString(), earlyActionReason: decision.earlyActionReason } : {}),
  };
}

/** What the site reads of a decision, in the message and in the mail. */
export function decisionTextForSite(decision: CaseDecision, extra: { reinstatementRequirements?: string } = {}): string {
  return [
    `Decision: ${caseOutcomeSiteLabels[decision.outcome]}${decision.revocationReason ? ` (${revocationReasonLabels[decision.revocationReason]})` : ''}.`,
    decision.reasonForSite,
    decision.correctiveDueAt ? `Due by: ${deferredDates.date(decision.correctiveDueAt)}. Respond in the portal when it is done; the case escalates if the date passes without your response.` : null,
    extra.reinstatementRequirements ? `To have the seal reinstated: ${extra.reinstatementRequirements}` : null,
    decision.referredTo ? `Referred to: ${decision.referredTo}.` : null,
    decision.actedBeforeDeadline ? earlyActionTextForSite(decision.actedBeforeDeadline, decision.earlyActionReason ?? '') : null,
    appealTextForSite(decision),
  ]
    .filter(Boolean)
    .join('\n\n');
}

/** What the site reads of a decision taken before its response deadline (issue 13). */
export function earlyActionTextForSite(deadline: Date, reason: string): string {
  return `This decision was taken before your response deadline (${deferredDates.dateTime(deadline)}), because it could not wait: ${reason}\n\nYour response is still due by ${deferredDates.dateTime(deadline)}: send it on the case page. The reviewer weighs it and may change this decision.`;
}

/**
 * What the site reads about appealing a decision (ADR 0008 amendment): a revocation is final and
 * cannot be appealed; the only way back is a new application. Other decisions may be appealed until
 * their date; a decision taken on appeal cannot be appealed again.
 */
export function appealTextForSite(decision: Pick<CaseDecision, 'outcome' | 'appealableUntil'>): string {
  if (decision.outcome === 'revocation') return REVOCATION_FINALITY_FOR_SITE;
  return decision.appealableUntil ? `You may appeal this decision in the portal until ${deferredDates.dateTime(decision.appealableUntil)}.` : 'This decision was taken on appeal and cannot be appealed again.';
}

type Announcement = {
  caseRow: Case;
  actorId: string;
  /** The notification's kind, e.g. `case.decided`. */
  kind: string;
  subject: string;
  /** The `decision` message the site reads in the portal (and in the notification). */
  siteText: string;
  /** What the complainants are mailed; null: they are not mailed. */
  complainantText: string | null;
  now: Date;
};

/** Writes the site's `decision` message, notifies the organization's members and mails the complainants. */
export async function announceDecision(tx: Executor, ctx: NotifyContext, announcement: Announcement): Promise<void> {
  const { caseRow, now } = announcement;
  await insertCaseMessage(tx, { caseId: caseRow.id, audience: 'site', kind: 'decision', body: announcement.siteText, authorId: announcement.actorId, at: now });
  // What the site reads in the portal, for its own webhooks (issue #17); not public.
  await recordWebhookEvents(tx, [{ type: 'case.decided', organizationId: caseRow.organizationId, public: false, data: { reference: caseRow.reference, kind: caseRow.kind, announcement: announcement.kind, decision: announcement.siteText, decidedAt: now.toISOString() }, occurredAt: now }]);
  await notifyOrganization(tx, ctx, caseRow.organizationId, {
    kind: announcement.kind,
    subject: announcement.subject,
    body: `Case ${caseRow.reference}:\n\n${announcement.siteText}`,
    link: portalCasePath(caseRow.reference),
  });
  if (announcement.complainantText === null) return;
  const complainants = await tx
    .select({ reference: complaints.reference, name: complaints.complainantName, email: complaints.complainantEmail })
    .from(complaints)
    .where(and(eq(complaints.caseId, caseRow.id), isNotNull(complaints.complainantEmail)))
    .orderBy(asc(complaints.createdAt));
  for (const complainant of complainants) {
    await sendMail(tx, ctx, {
      to: complainant.email!,
      subject: `Your complaint ${complainant.reference}: a decision was made`,
      organizationId: caseRow.organizationId,
      body: [
        greeting(complainant.name),
        `the seal authority has decided on the investigation into your complaint ${complainant.reference}:`,
        announcement.complainantText,
        'You can read this on your tracking page too, with the private link from our first mail.',
        MAIL_SIGNATURE,
      ].join('\n\n'),
    });
  }
}

/**
 * Lifts the suspension that this case's decision imposed (ADR 0008, amendment): a live seal is
 * reinstated through the seal's own transition; a seal that lapsed while suspended by the case only
 * loses the suspension it carried, so that its renewal comes back active. Returns whether there was
 * a suspension of this case to lift; a suspension made elsewhere is never touched.
 */
export async function liftCaseSuspension(tx: Executor, ctx: { jobs?: JobRunner }, caseRow: Case, actorId: string, note: string, now: Date): Promise<boolean> {
  if (!caseRow.sealId) return false;
  const seal = await sealOfCase(tx, caseRow, 'reinstate');
  if (seal.suspensionCaseId !== caseRow.id) return false;
  if (seal.status === 'suspended' && effectiveStatus(seal, now) === 'suspended') {
    await transitionSeal(tx, reinstatementTransition(seal, { note, actorId, now, jobs: ctx.jobs, auditNote: { caseId: caseRow.id, case: caseRow.reference } }));
    return true;
  }
  const [cleared] = await tx
    .update(seals)
    .set({ statusReason: null, reinstatementRequirements: null, suspensionCaseId: null })
    .where(and(eq(seals.id, seal.id), eq(seals.suspensionCaseId, caseRow.id)))
    .returning();
  await recordAudit(tx, { actorId, action: 'seal.lift-lapsed-suspension', entityType: 'seal', entityId: seal.id, before: auditSnapshot(seal), after: { ...auditSnapshot(cleared!), caseId: caseRow.id, case: caseRow.reference, note }, at: now });
  return true;
}
