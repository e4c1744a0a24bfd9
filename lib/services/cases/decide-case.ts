import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { caseDecisions, caseOutcomes, seals, type Case, type CaseOutcome } from '@/db/schema';
import type { Executor } from '@/db/client';
import { requireRole } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import { caseAuditSnapshot } from '@/lib/cases/case-records';
import { addDays, caseProgramSettings } from '@/lib/cases/program-settings';
import { caseOutcomeSiteLabels } from '@/lib/cases/site-labels';
import { decisionsInEffect, furtherDecisions } from '@/lib/cases/further-decisions';
import { effectiveStatus } from '@/lib/seals/effective-status';
import { caseOutcomeLabels } from '@/lib/cases/decision-labels';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError } from '../errors';
import { parseInput } from '../parse';
import { transitionSeal } from '../seals/seal-transition';
import { suspensionTransition } from '../seals/suspend-seal';
import { loadCaseForReviewerChange } from './case-access';
import { announceDecision, assertDecidable, assertNoOpenProposal, caseAfterDecision, DECIDABLE_STATUSES, decisionSnapshot, decisionTextForSite, liftCaseSuspension, moveCase, sealOfCase } from './decision-effects';
import { assertMayDecide, inPlaceOfNote, tellAssignee } from './case-decider';
import { earlyActionFields, earlyActionFor } from './early-action';
import { caseRefField, checkOutcomeFields, dueDateField, reasonForSiteField, referredToField, reinstatementRequirementsField, summaryForComplainantField } from './decision-input';
import { dateWriter, type TimeZone } from '@/lib/format/dates';

/** Decisions that end a suspension this case imposed: the site remedied, or there was no violation after all. */
export const LIFTING_OUTCOMES: readonly CaseOutcome[] = ['remedied', 'no_violation'];

/** Every outcome but revocation, which takes two reviewers (revocation-proposals.ts). */
export { directOutcomes } from '@/lib/cases/further-decisions';

const outcomeField = z.enum(caseOutcomes, { message: 'Choose the outcome.' }).refine((outcome) => outcome !== 'revocation', {
  message: 'A revocation needs a second reviewer: propose it, and another reviewer or an administrator confirms it.',
});

function decideCaseInput(now: () => Date, zone?: TimeZone | null) {
  return z
    .object({
      caseRef: caseRefField,
      outcome: outcomeField,
      reasonForSite: reasonForSiteField,
      summaryForComplainant: summaryForComplainantField,
      correctiveDueAt: dueDateField(zone),
      referredTo: referredToField,
      reinstatementRequirements: reinstatementRequirementsField,
      ...earlyActionFields,
    })
    .superRefine((data, context) => checkOutcomeFields(data, context, now));
}

/** Refuses an outcome the decisions in effect leave no room for, naming those still possible. */
async function assertStillPossible(tx: Executor, caseRow: Case, outcome: CaseOutcome, now: Date): Promise<void> {
  const [seal] = caseRow.sealId ? await tx.select().from(seals).where(eq(seals.id, caseRow.sealId)).limit(1) : [];
  const further = furtherDecisions(await decisionsInEffect(tx, caseRow.id), { sealActive: !!seal && effectiveStatus(seal, now) === 'active', suspendedByCase: seal?.suspensionCaseId === caseRow.id });
  if ((further.outcomes as readonly CaseOutcome[]).includes(outcome)) return;
  const still = further.outcomes.map((choice) => `“${caseOutcomeLabels[choice]}”`).join(', ');
  throw new ConflictError(`“${caseOutcomeLabels[outcome]}” is not possible on case ${caseRow.reference} now. ${further.why}${still ? ` Still possible: ${still}.` : ' No further decision is possible on it.'}`);
}

/**
 * A reviewer decides a case (issue 6, "Decisions"): no violation, remedied, warning, corrective
 * action with a due date (the case awaits the site again, and escalates if the date passes),
 * suspension of the seal, or referral to a regulator. One transaction: the decision row, the
 * case's conditional move, for a suspension the seal's own transition (the same rules, audit, public
 * event and status-cache NOTIFY as the seal page's suspend), the site's `decision` message, the
 * members' notifications and the complainants' mails, and the audit row. The site may appeal until
 * `now + program.caseAppealDays`. A `remedied` or `no_violation` decision lifts a suspension this case
 * imposed, in the same transaction. While the site's response window is open, a decision against the
 * site needs the reviewer's choice to act before the deadline, with a reason (early-action.ts); the
 * window then stays open and the site can still respond. Only the case's assignee decides (an administrator in their
 * place; an unassigned case goes to whoever decides it): case-decider.ts.
 */
export async function decideCase({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  requireRole(ctx.actor, 'reviewer');
  const now = nowDate(ctx.clock);
  const data = parseInput(decideCaseInput(() => now, ctx.actor?.timeZone), input);
  const notify = { jobs: ctx.jobs, now };
  return ctx.db.transaction(async (tx) => {
    const { actor, caseRow: locked } = await loadCaseForReviewerChange(tx, ctx.actor, data.caseRef);
    assertDecidable(locked);
    await assertNoOpenProposal(tx, locked);
    const decider = await assertMayDecide(tx, actor, locked, now);
    const caseRow = decider.caseRow;
    // While the site's response window is open, a decision against it needs the reviewer's stated reason to act now.
    const early = earlyActionFor(caseRow, data.outcome, data, now, dateWriter(ctx.actor?.timeZone));
    // Before anything is written: a suspension needs the case's seal, active.
    const suspension =
      data.outcome === 'suspension'
        ? suspensionTransition(await sealOfCase(tx, caseRow, 'suspend'), {
            reason: data.reasonForSite,
            reinstatementRequirements: data.reinstatementRequirements!,
            actorId: actor.id,
            now,
            jobs: ctx.jobs,
            note: { caseId: caseRow.id, case: caseRow.reference },
            caseId: caseRow.id,
          })
        : null;
    // A further decision must change something (lib/cases/further-decisions.ts): the form offers only these.
    await assertStillPossible(tx, caseRow, data.outcome, now);
    const { caseAppealDays } = await caseProgramSettings(tx, caseRow);
    const [decision] = await tx
      .insert(caseDecisions)
      .values({
        caseId: caseRow.id,
        outcome: data.outcome,
        state: 'in_effect',
        reasonForSite: data.reasonForSite,
        summaryForComplainant: data.summaryForComplainant,
        correctiveDueAt: data.outcome === 'corrective_action' ? data.correctiveDueAt : null,
        referredTo: data.outcome === 'referral' ? data.referredTo : null,
        decidedById: actor.id,
        decidedAt: now,
        appealableUntil: addDays(now, caseAppealDays),
        actedBeforeDeadline: early?.deadline ?? null,
        earlyActionReason: early?.reason ?? null,
      })
      .returning();
    const moved = await moveCase(tx, caseRow, DECIDABLE_STATUSES, caseAfterDecision(decision!, now, early), now);
    if (suspension) await transitionSeal(tx, suspension);
    // The site met the requirements, or there was nothing to sanction: the case's own suspension ends with it.
    const lifted = LIFTING_OUTCOMES.includes(data.outcome) && (await liftCaseSuspension(tx, ctx, caseRow, actor.id, `Suspension lifted by the decision on case ${caseRow.reference}: ${caseOutcomeSiteLabels[data.outcome]}.`, now));
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'case.decide',
      entityType: 'case',
      entityId: caseRow.id,
      before: caseAuditSnapshot(caseRow),
      after: { ...caseAuditSnapshot(moved), ...decisionSnapshot(decision!), ...inPlaceOfNote(decider), ...(lifted ? { suspensionLifted: true } : {}) },
      at: now,
    });
    await announceDecision(tx, notify, {
      caseRow: moved,
      actorId: actor.id,
      kind: 'case.decided',
      subject: `Case ${caseRow.reference}: ${caseOutcomeSiteLabels[data.outcome]}`,
      siteText: [decisionTextForSite(decision!, { reinstatementRequirements: data.reinstatementRequirements }), lifted ? 'The suspension of your seal imposed on this case is lifted.' : null].filter(Boolean).join('\n\n'),
      complainantText: data.summaryForComplainant,
      now,
    });
    await tellAssignee(tx, notify, decider, actor, `decided “${caseOutcomeSiteLabels[data.outcome]}”`);
    return { caseRow: moved, decision: decision! };
  });
}
