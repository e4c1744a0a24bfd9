import { z } from 'zod';
import { and, eq, ne } from 'drizzle-orm';
import { caseDecisions, users, type Case, type CaseDecision, type RevocationReason } from '@/db/schema';
import type { Executor } from '@/db/client';
import { hasRole, requireRole, type Actor } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import { caseAuditSnapshot, casePath, reviewersFreeToHandle } from '@/lib/cases/case-records';
import { authorityRevocationReasons, revocationReasonLabels } from '@/lib/seals/reasons';
import { notifyUsers } from '@/lib/notifications/notify';
import { notLiveMessage, transitionSeal } from '../seals/seal-transition';
import { revocationTransition } from '../seals/revoke-seal';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors';
import { parseInput } from '../parse';
import { loadCaseForReviewerChange } from './case-access';
import { assertMayDecide, inPlaceOfNote, tellAssignee } from './case-decider';
import { announceDecision, assertDecidable, assertNoOpenProposal, caseAfterDecision, DECIDABLE_STATUSES, decisionSnapshot, decisionTextForSite, moveCase, sealOfCase } from './decision-effects';
import { assertNoOpenWindowForRevocation } from './early-action';
import { caseRefField, reasonForSiteField, summaryForComplainantField } from './decision-input';
import { decisionsInEffect, furtherDecisions } from '@/lib/cases/further-decisions';
import { dateWriter, formatDate, type TimeZone } from '@/lib/format/dates';

/**
 * Revocation out of a case takes four eyes (DESIGN.md; issue 6): the case's reviewer proposes it
 * (a decision row in state `proposed`), and a DIFFERENT reviewer or an administrator confirms it,
 * which revokes the seal in the same transaction — final and not appealable (ADR 0008 amendment). The proposer
 * or an administrator may withdraw the proposal while it is open. At most one proposal per case is
 * open: proposing locks the case row and looks for one first.
 */

const ProposeInput = z.object({
  caseRef: caseRefField,
  revocationReason: z.enum(authorityRevocationReasons, { message: 'Choose the reason for the revocation from the list.' }),
  reasonForSite: reasonForSiteField,
  summaryForComplainant: summaryForComplainantField,
});

const decisionIdField = z.string({ message: 'Say which proposal.' }).uuid('This revocation proposal does not exist.');
const ProposalInput = z.object({ decisionId: decisionIdField });
/**
 * The confirmer sees the proposer's texts and may revise them (issue 13): what the site and the
 * complainants read is sent only now. Left out (from code), the proposal's texts stand.
 */
const ConfirmInput = z.object({ decisionId: decisionIdField, reasonForSite: reasonForSiteField.optional(), summaryForComplainant: summaryForComplainantField.optional() });

const PROPOSAL_NOT_FOUND = 'This revocation proposal does not exist.';

async function findProposal(db: Executor, decisionId: string): Promise<CaseDecision> {
  const [decision] = await db.select().from(caseDecisions).where(eq(caseDecisions.id, decisionId)).limit(1);
  if (!decision || decision.outcome !== 'revocation') throw new NotFoundError(PROPOSAL_NOT_FOUND);
  return decision;
}

/** Why a proposal can no longer be confirmed or withdrawn, from its state now. */
async function noLongerOpen(tx: Executor, decisionId: string, zone: TimeZone | null | undefined): Promise<ConflictError> {
  const [current] = await tx
    .select({ decision: caseDecisions, confirmer: users.name })
    .from(caseDecisions)
    .leftJoin(users, eq(users.id, caseDecisions.confirmedById))
    .where(eq(caseDecisions.id, decisionId))
    .limit(1);
  const decision = current?.decision;
  if (decision?.state === 'withdrawn') return new ConflictError(`This revocation proposal was withdrawn${decision.withdrawnAt ? ` on ${formatDate(decision.withdrawnAt, zone)}` : ''}; it can no longer be confirmed. Propose it again if it is still needed.`);
  if (decision?.state === 'in_effect' || decision?.state === 'overturned') return new ConflictError(`This revocation was already confirmed${current?.confirmer ? ` by ${current.confirmer}` : ''}; reload to see the decision.`);
  return new ConflictError('This revocation proposal is no longer open; reload to see the case.');
}

type ProposalData = { revocationReason: RevocationReason; reasonForSite: string; summaryForComplainant: string };

/**
 * Records a revocation proposal on a case whose row the caller locked and whose decider it
 * checked: the case must be decidable with no proposal open, its seal live. The other reviewers
 * free to handle the case are asked to confirm. Shared by proposeRevocation (the case page) and
 * proposeSealRevocation (the seal page).
 */
export async function recordRevocationProposal(tx: Executor, ctx: ServiceContext, actor: Actor, caseRow: Case, data: ProposalData, now: Date, auditNote: Record<string, unknown> = {}): Promise<CaseDecision> {
  assertDecidable(caseRow);
  await assertNoOpenProposal(tx, caseRow);
  assertNoOpenWindowForRevocation(caseRow, now, dateWriter(ctx.actor?.timeZone));
  const seal = await sealOfCase(tx, caseRow, 'revoke');
  const notLive = notLiveMessage(seal, now);
  if (notLive) throw new ConflictError(notLive);
  const [proposal] = await tx
    .insert(caseDecisions)
    .values({
      caseId: caseRow.id,
      outcome: 'revocation',
      state: 'proposed',
      revocationReason: data.revocationReason,
      reasonForSite: data.reasonForSite,
      summaryForComplainant: data.summaryForComplainant,
      decidedById: actor.id,
      decidedAt: now,
    })
    .returning();
  await recordAudit(tx, { actorId: actor.id, action: 'case.propose-revocation', entityType: 'case', entityId: caseRow.id, before: caseAuditSnapshot(caseRow), after: { ...caseAuditSnapshot(caseRow), ...decisionSnapshot(proposal!), ...auditNote }, at: now });
  const others = (await reviewersFreeToHandle(tx, caseRow.organizationId)).filter((id) => id !== actor.id);
  await notifyUsers(tx, { jobs: ctx.jobs, now }, others, {
    kind: 'case.revocation-proposed',
    organizationId: caseRow.organizationId,
    subject: `Case ${caseRow.reference}: a revocation needs your confirmation`,
    body: `${actor.name} proposes to revoke seal ${seal.publicId} (${revocationReasonLabels[data.revocationReason]}). A different reviewer or an administrator must confirm it before it takes effect.\n\nReason for the site:\n${data.reasonForSite}`,
    link: casePath(caseRow.reference),
  });
  return proposal!;
}

/** The case's assignee (or an administrator in their place) proposes to revoke its seal; the others free to handle the case are asked to confirm. */
export async function proposeRevocation({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  requireRole(ctx.actor, 'reviewer');
  const data = parseInput(ProposeInput, input);
  const now = nowDate(ctx.clock);
  return ctx.db.transaction(async (tx) => {
    const { actor, caseRow: locked } = await loadCaseForReviewerChange(tx, ctx.actor, data.caseRef);
    assertDecidable(locked);
    await assertNoOpenProposal(tx, locked);
    const decider = await assertMayDecide(tx, actor, locked, now);
    // Not after a decision in the site's favour (lib/cases/further-decisions.ts); the seal's own state is checked below.
    const further = furtherDecisions(await decisionsInEffect(tx, locked.id), { sealActive: false, suspendedByCase: false });
    if (further.standing === 'in_favour') throw new ConflictError(`A revocation cannot follow on case ${locked.reference}: ${further.why}`);
    const proposal = await recordRevocationProposal(tx, ctx, actor, decider.caseRow, data, now, inPlaceOfNote(decider));
    await tellAssignee(tx, { jobs: ctx.jobs, now }, decider, actor, 'proposed to revoke the seal');
    return { caseRow: decider.caseRow, decision: proposal };
  });
}

function assertMayConfirm(actor: Actor, proposal: CaseDecision) {
  if (proposal.decidedById === actor.id) {
    throw new ForbiddenError('You proposed this revocation, so you cannot confirm it: a different reviewer or an administrator must (four eyes).');
  }
}

/**
 * A different reviewer or an administrator confirms: the decision takes effect, the seal is revoked
 * through the seal verbs' revoke transition (active or suspended → revoked; final), the case is
 * decided. The confirmer may revise the reason for the site and the summary for the complainants,
 * which are sent only now. A revocation cannot be appealed (ADR 0008 amendment): it has no appeal
 * window, and it waits while the site's response window is open. Of two confirming at once, the
 * case row lock makes one wait; it then finds the proposal confirmed and is told so.
 */
export async function confirmRevocation({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  requireRole(ctx.actor, 'reviewer');
  const data = parseInput(ConfirmInput, input);
  const found = await findProposal(ctx.db, data.decisionId);
  const now = nowDate(ctx.clock);
  return ctx.db.transaction(async (tx) => {
    const { actor, caseRow } = await loadCaseForReviewerChange(tx, ctx.actor, found.caseId);
    assertMayConfirm(actor, found);
    assertDecidable(caseRow);
    assertNoOpenWindowForRevocation(caseRow, now, dateWriter(ctx.actor?.timeZone));
    const reasonForSite = data.reasonForSite ?? found.reasonForSite;
    const summaryForComplainant = data.summaryForComplainant ?? found.summaryForComplainant;
    const revised = [reasonForSite !== found.reasonForSite ? 'reasonForSite' : null, summaryForComplainant !== found.summaryForComplainant ? 'summaryForComplainant' : null].filter((field): field is string => field !== null);
    const [confirmed] = await tx
      .update(caseDecisions)
      .set({ state: 'in_effect', confirmedById: actor.id, confirmedAt: now, appealableUntil: null, reasonForSite, summaryForComplainant })
      .where(and(eq(caseDecisions.id, found.id), eq(caseDecisions.state, 'proposed'), ne(caseDecisions.decidedById, actor.id)))
      .returning();
    if (!confirmed) throw await noLongerOpen(tx, found.id, ctx.actor?.timeZone);
    const seal = await sealOfCase(tx, caseRow, 'revoke');
    await transitionSeal(tx, revocationTransition(seal, { reason: confirmed.revocationReason!, statement: confirmed.reasonForSite, actorId: actor.id, now, jobs: ctx.jobs, note: { caseId: caseRow.id, case: caseRow.reference, proposedBy: confirmed.decidedById } }));
    const moved = await moveCase(tx, caseRow, DECIDABLE_STATUSES, caseAfterDecision(confirmed, now), now);
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'case.confirm-revocation',
      entityType: 'case',
      entityId: caseRow.id,
      // The proposer's texts stay on record when the confirmer revised them (they were never sent).
      before: { ...caseAuditSnapshot(caseRow), ...(revised.length > 0 ? { proposedTexts: { reasonForSite: found.reasonForSite, summaryForComplainant: found.summaryForComplainant } } : {}) },
      after: { ...caseAuditSnapshot(moved), ...decisionSnapshot(confirmed), ...(revised.length > 0 ? { revisedByConfirmer: revised } : {}) },
      at: now,
    });
    const notify = { jobs: ctx.jobs, now };
    await notifyUsers(tx, notify, [confirmed.decidedById], {
      kind: 'case.revocation-confirmed',
      organizationId: caseRow.organizationId,
      subject: `Case ${caseRow.reference}: the revocation you proposed was confirmed`,
      body: `${actor.name} confirmed the revocation; the seal is revoked.`,
      link: casePath(caseRow.reference),
    });
    await announceDecision(tx, notify, {
      caseRow: moved,
      actorId: actor.id,
      kind: 'case.decided',
      subject: `Case ${caseRow.reference}: your seal is revoked`,
      siteText: decisionTextForSite(confirmed),
      complainantText: confirmed.summaryForComplainant,
      now,
    });
    return { caseRow: moved, decision: confirmed };
  });
}

/** The proposer (or an administrator) takes the proposal back; it stays on record as withdrawn. */
export async function withdrawRevocationProposal({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  requireRole(ctx.actor, 'reviewer');
  const data = parseInput(ProposalInput, input);
  const found = await findProposal(ctx.db, data.decisionId);
  const now = nowDate(ctx.clock);
  return ctx.db.transaction(async (tx) => {
    const { actor, caseRow } = await loadCaseForReviewerChange(tx, ctx.actor, found.caseId);
    if (found.decidedById !== actor.id && !hasRole(actor, 'admin')) {
      throw new ForbiddenError('Only the reviewer who proposed this revocation, or an administrator, can withdraw it.');
    }
    const [withdrawn] = await tx
      .update(caseDecisions)
      .set({ state: 'withdrawn', withdrawnAt: now })
      .where(and(eq(caseDecisions.id, found.id), eq(caseDecisions.state, 'proposed')))
      .returning();
    if (!withdrawn) throw await noLongerOpen(tx, found.id, ctx.actor?.timeZone);
    await recordAudit(tx, { actorId: actor.id, action: 'case.withdraw-revocation', entityType: 'case', entityId: caseRow.id, before: { ...decisionSnapshot(found) }, after: { ...decisionSnapshot(withdrawn) }, at: now });
    if (withdrawn.decidedById !== actor.id) {
      await notifyUsers(tx, { jobs: ctx.jobs, now }, [withdrawn.decidedById], {
        kind: 'case.revocation-withdrawn',
        organizationId: caseRow.organizationId,
        subject: `Case ${caseRow.reference}: your revocation proposal was withdrawn`,
        body: `${actor.name} withdrew the revocation you proposed.`,
        link: casePath(caseRow.reference),
      });
    }
    return { caseRow, decision: withdrawn };
  });
}
