import { z } from 'zod';
import { and, eq, isNull } from 'drizzle-orm';
import { appealOutcomes, caseAppeals, caseDecisions, type Case, type CaseDecision } from '@/db/schema';
import type { Executor } from '@/db/client';
import type { Actor } from '@/lib/auth/actor';
import { requireRole } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import { caseAuditSnapshot } from '@/lib/cases/case-records';
import { caseParticipantIds } from '@/lib/cases/participants';
import { appealOutcomeSiteLabels, caseOutcomeSiteLabels } from '@/lib/cases/site-labels';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors';
import { parseInput } from '../parse';
import { loadCaseForReviewerChange } from './case-access';
import { announceDecision, caseAfterDecision, decisionSnapshot, decisionTextForSite, liftCaseSuspension, moveCase } from './decision-effects';
import { checkOutcomeFields, dueDateField, reasonForSiteField, referredToField, summaryForComplainantField } from './decision-input';
import type { TimeZone } from '@/lib/format/dates';

/**
 * An appeal is decided by a reviewer who took no part in the case (lib/cases/participants.ts):
 *
 * - `stands`: the decision keeps its effect; a corrective action still runs to its due date.
 * - `reversed`: the decision is `overturned`; a reversed suspension reinstates the seal.
 * - `changed`: the decision is `overturned` and a new one replaces it, decided by the appeal's
 *   reviewer. The change never imposes a sanction (a site's own appeal cannot make its situation
 *   worse), so the new outcome is one of no violation, remedied, warning, corrective action or
 *   referral; a changed suspension reinstates the seal like a reversed one. The new decision cannot
 *   be appealed again: the appeal was the site's second look.
 *
 * A revocation can neither be reversed nor changed: revocation is final (DESIGN.md, "Seal status").
 */
export const appealReplacementOutcomes = ['no_violation', 'remedied', 'warning', 'corrective_action', 'referral'] as const;

function decideAppealInput(now: () => Date, zone?: TimeZone | null) {
  return z
    .object({
      appealId: z.string({ message: 'Say which appeal.' }).uuid('This appeal does not exist.'),
      outcome: z.enum(appealOutcomes, { message: 'Choose whether the decision stands, is changed or is reversed.' }),
      note: z
        .string({ message: 'Write why.' })
        .trim()
        .min(10, 'Write why (at least 10 characters): the site reads it with the outcome of its appeal.')
        .max(4000, 'Keep the note under 4000 characters.'),
      newOutcome: z.enum(appealReplacementOutcomes, { message: 'Choose the decision that replaces it: a change on appeal never imposes a sanction.' }).optional(),
      reasonForSite: reasonForSiteField.optional(),
      summaryForComplainant: summaryForComplainantField.optional(),
      correctiveDueAt: dueDateField(zone),
      referredTo: referredToField,
    })
    .superRefine((data, context) => {
      if (data.outcome !== 'changed') return;
      if (!data.newOutcome) context.addIssue({ code: 'custom', path: ['newOutcome'], message: 'Choose the decision that replaces the one appealed.' });
      if (!data.reasonForSite) context.addIssue({ code: 'custom', path: ['reasonForSite'], message: 'Write the reason for the site of the new decision.' });
      if (!data.summaryForComplainant) context.addIssue({ code: 'custom', path: ['summaryForComplainant'], message: 'Write the summary for the complainant of the new decision.' });
      if (data.newOutcome) checkOutcomeFields({ ...data, outcome: data.newOutcome }, context, now);
    });
}

type DecideAppealData = z.output<ReturnType<typeof decideAppealInput>>;

async function assertTookNoPart(tx: Executor, actor: Actor, caseRow: Case) {
  const participants = await caseParticipantIds(tx, caseRow.id);
  if (participants.has(actor.id)) {
    throw new ForbiddenError(`You took part in case ${caseRow.reference}, so you cannot decide its appeal: a reviewer who took no part in the case must.`);
  }
}

async function replacementDecision(tx: Executor, caseRow: Case, actor: Actor, data: DecideAppealData, now: Date): Promise<CaseDecision> {
  const outcome = data.newOutcome!;
  const [replacement] = await tx
    .insert(caseDecisions)
    .values({
      caseId: caseRow.id,
      outcome,
      state: 'in_effect',
      reasonForSite: data.reasonForSite!,
      summaryForComplainant: data.summaryForComplainant!,
      correctiveDueAt: outcome === 'corrective_action' ? data.correctiveDueAt : null,
      referredTo: outcome === 'referral' ? data.referredTo : null,
      decidedById: actor.id,
      decidedAt: now,
      appealableUntil: null,
    })
    .returning();
  return replacement!;
}

export async function decideAppeal({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  requireRole(ctx.actor, 'reviewer');
  const now = nowDate(ctx.clock);
  const data = parseInput(decideAppealInput(() => now, ctx.actor?.timeZone), input);
  const [appeal] = await ctx.db.select().from(caseAppeals).where(eq(caseAppeals.id, data.appealId)).limit(1);
  if (!appeal) throw new NotFoundError('This appeal does not exist.');
  return ctx.db.transaction(async (tx) => {
    const { actor, caseRow } = await loadCaseForReviewerChange(tx, ctx.actor, appeal.caseId);
    await assertTookNoPart(tx, actor, caseRow);
    const [appealed] = await tx.select().from(caseDecisions).where(eq(caseDecisions.id, appeal.decisionId)).limit(1).for('update');
    if (!appealed) throw new NotFoundError('The decision under appeal does not exist.');
    if (appealed.outcome === 'revocation' && data.outcome !== 'stands') {
      throw new ConflictError('A revocation cannot be reversed or changed on appeal: revocation is final. The appeal can only be decided as standing.');
    }
    const [decided] = await tx
      .update(caseAppeals)
      .set({ outcome: data.outcome, outcomeNote: data.note, decidedById: actor.id, decidedAt: now })
      .where(and(eq(caseAppeals.id, appeal.id), isNull(caseAppeals.outcome)))
      .returning();
    if (!decided) throw new ConflictError('This appeal was already decided; reload to see the outcome.');

    let inEffect: CaseDecision = appealed;
    if (data.outcome !== 'stands') {
      const [overturned] = await tx
        .update(caseDecisions)
        .set({ state: 'overturned' })
        .where(and(eq(caseDecisions.id, appealed.id), eq(caseDecisions.state, 'in_effect')))
        .returning();
      if (!overturned) throw new ConflictError('The decision under appeal is no longer in effect; reload to see the case.');
      if (appealed.outcome === 'suspension') await liftCaseSuspension(tx, ctx, caseRow, actor.id, `Suspension lifted on appeal: ${data.note}`, now);
      if (data.outcome === 'changed') inEffect = await replacementDecision(tx, caseRow, actor, data, now);
    }
    // Stands or changed: the case follows the decision in effect (a corrective action awaits the site again).
    const next = data.outcome === 'reversed' ? caseAfterDecision({ outcome: 'no_violation', correctiveDueAt: null }, now) : caseAfterDecision(inEffect, now);
    const moved = await moveCase(tx, caseRow, ['appealed'], next, now);
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'case.decide-appeal',
      entityType: 'case',
      entityId: caseRow.id,
      before: caseAuditSnapshot(caseRow),
      after: { ...caseAuditSnapshot(moved), appealId: appeal.id, appealOutcome: data.outcome, appealedDecisionId: appealed.id, ...(data.outcome === 'changed' ? { replacedBy: decisionSnapshot(inEffect) } : {}) },
      at: now,
    });
    const heading = `Your appeal against the decision “${caseOutcomeSiteLabels[appealed.outcome]}” was decided: ${appealOutcomeSiteLabels[data.outcome].toLowerCase()}.`;
    const complainantText = {
      stands: `The site appealed the decision; the appeal was rejected and the decision stands.`,
      reversed: `The site appealed the decision; on appeal the decision was reversed.`,
      changed: `The site appealed the decision; on appeal it was changed to: ${caseOutcomeSiteLabels[inEffect.outcome]}.\n\n${inEffect.summaryForComplainant}`,
    }[data.outcome];
    await announceDecision(tx, { jobs: ctx.jobs, now }, {
      caseRow: moved,
      actorId: actor.id,
      kind: 'case.appeal-decided',
      subject: `Case ${caseRow.reference}: your appeal was decided`,
      siteText: [heading, data.note, data.outcome === 'changed' ? decisionTextForSite(inEffect) : null, appealed.outcome === 'suspension' && data.outcome !== 'stands' ? 'The suspension of your seal is lifted.' : null].filter(Boolean).join('\n\n'),
      complainantText,
      now,
    });
    return { caseRow: moved, appeal: decided, decision: inEffect };
  });
}
