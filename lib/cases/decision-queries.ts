import { asc, eq, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { caseAppeals, caseDecisions, seals, users, type Case, type CaseAppeal, type CaseDecision } from '@/db/schema';
import type { Executor } from '@/db/client';
import { hasRole, type Actor } from '@/lib/auth/actor';
import { effectiveStatus } from '@/lib/seals/effective-status';
import { mayDecideCase } from '@/lib/services/cases/case-decider';
import { openResponseWindow } from '@/lib/services/cases/early-action';
import { furtherDecisions } from './further-decisions';
import { caseParticipantIds } from './participants';
import { caseProgramSettings } from './program-settings';

export type DecisionEntry = CaseDecision & {
  decidedByName: string;
  confirmedByName: string | null;
  appeal: (CaseAppeal & { filedByName: string; decidedByName: string | null }) | null;
};

/**
 * What the case page's decision section shows the reviewer reading it: the decisions so far with
 * who took them and their appeals, the open revocation proposal, the appeal pending, the seal's
 * state, and what this reviewer may do (confirm, withdraw, decide the appeal, close). The rules
 * stay in the services; this only spares a reviewer buttons that would be refused.
 */
export async function loadCaseDecisionView(db: Executor, caseRow: Case, actor: Actor, now: Date) {
  const decider = alias(users, 'decider');
  const confirmer = alias(users, 'confirmer');
  const rows = await db
    .select({ decision: caseDecisions, decidedByName: decider.name, confirmedByName: confirmer.name })
    .from(caseDecisions)
    .innerJoin(decider, eq(decider.id, caseDecisions.decidedById))
    .leftJoin(confirmer, eq(confirmer.id, caseDecisions.confirmedById))
    .where(eq(caseDecisions.caseId, caseRow.id))
    .orderBy(asc(caseDecisions.seq));
  const filer = alias(users, 'filer');
  const appealDecider = alias(users, 'appeal_decider');
  const appeals = rows.length
    ? await db
        .select({ appeal: caseAppeals, filedByName: filer.name, decidedByName: appealDecider.name })
        .from(caseAppeals)
        .innerJoin(filer, eq(filer.id, caseAppeals.filedById))
        .leftJoin(appealDecider, eq(appealDecider.id, caseAppeals.decidedById))
        .where(inArray(caseAppeals.decisionId, rows.map((row) => row.decision.id)))
    : [];
  const decisions: DecisionEntry[] = rows.map((row) => {
    const appeal = appeals.find((entry) => entry.appeal.decisionId === row.decision.id);
    return { ...row.decision, decidedByName: row.decidedByName, confirmedByName: row.confirmedByName, appeal: appeal ? { ...appeal.appeal, filedByName: appeal.filedByName, decidedByName: appeal.decidedByName } : null };
  });
  const [seal] = caseRow.sealId ? await db.select().from(seals).where(eq(seals.id, caseRow.sealId)).limit(1) : [];
  const sealStatus = seal ? effectiveStatus(seal, now) : null;
  const proposal = decisions.find((entry) => entry.state === 'proposed') ?? null;
  const pendingAppeal = decisions.find((entry) => entry.appeal && !entry.appeal.outcome) ?? null;
  const participants = await caseParticipantIds(db, caseRow.id);
  const { caseAppealDays } = await caseProgramSettings(db, caseRow);
  // Closing waits for the last day on which a decision in effect, not yet appealed, could still be appealed.
  const appealWindows = decisions.filter((entry) => entry.state === 'in_effect' && !entry.appeal && entry.appealableUntil && entry.appealableUntil > now).map((entry) => entry.appealableUntil!.getTime());
  const closableFrom = appealWindows.length ? new Date(Math.max(...appealWindows)) : null;
  const open = caseRow.status !== 'closed' && caseRow.status !== 'appealed';
  // The assignee decides; an administrator in their place; an unassigned case goes to whoever decides.
  const mayDecide = mayDecideCase(actor, caseRow);
  const suspendedByCase = !!seal && seal.suspensionCaseId === caseRow.id;
  // The site's response window (issue 13): a decision against it before the deadline needs a stated reason; a revocation waits.
  const siteDeadline = openResponseWindow(caseRow, now);
  // A decided case may still need a decision; only those that change something are offered (issue 13).
  const further = furtherDecisions(decisions.filter((entry) => entry.state === 'in_effect'), { sealActive: sealStatus === 'active', suspendedByCase });
  return {
    caseRow,
    decisions,
    sealPublicId: seal?.publicId ?? null,
    sealStatus,
    caseAppealDays,
    proposal,
    pendingAppeal,
    decider: mayDecide,
    suspendedByCase,
    siteDeadline,
    further,
    may: {
      decide: open && !proposal && mayDecide,
      suspend: sealStatus === 'active',
      proposeRevocation: open && !proposal && mayDecide && !siteDeadline && further.revocation && (sealStatus === 'active' || sealStatus === 'suspended'),
      confirm: !!proposal && proposal.decidedById !== actor.id && caseRow.status !== 'appealed' && !siteDeadline,
      withdraw: !!proposal && (proposal.decidedById === actor.id || hasRole(actor, 'admin')),
      decideAppeal: !!pendingAppeal && !participants.has(actor.id),
      close: caseRow.status === 'decided' && !proposal && !closableFrom && !suspendedByCase,
    },
    closableFrom,
  };
}

export type CaseDecisionView = Awaited<ReturnType<typeof loadCaseDecisionView>>;
