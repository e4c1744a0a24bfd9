import { and, asc, eq } from 'drizzle-orm';
import { caseDecisions, caseOutcomes, type CaseOutcome } from '@/db/schema';
import type { Executor } from '@/db/client';

/**
 * Which decisions a case may still take (issue 13, item 5; ADR 0008 amendment "further decisions").
 * A decided case is not finished: an interim suspension waits for the site's answer, a warning may be
 * followed by a heavier sanction, a suspension ends with "remedied" (which lifts it) or a revocation.
 * But a decision must change something: the same sanction twice, a lighter sanction after a heavier
 * one, or anything after the case was decided in the site's favour is refused. The decision form
 * offers only these outcomes, and `decideCase` refuses the others with `furtherDecisionRefusal`.
 *
 * Referrals stand aside: a case is referred to a regulator once, whatever else was decided.
 */

/** Every outcome but revocation, which takes two reviewers (lib/services/cases/revocation-proposals.ts). */
export type DirectOutcome = Exclude<CaseOutcome, 'revocation'>;
export const directOutcomes = caseOutcomes.filter((outcome): outcome is DirectOutcome => outcome !== 'revocation');

/** A decision in effect on the case, in the order taken. */
export type DecisionInEffect = { outcome: CaseOutcome; actedBeforeDeadline: Date | null };

/** Where the case stands: nothing decided yet, decided for the site, a sanction in effect, or revoked. */
export type CaseStanding = 'undecided' | 'in_favour' | 'sanctioned' | 'revoked';

const SANCTION_RANK: Partial<Record<CaseOutcome, number>> = { warning: 1, corrective_action: 2, suspension: 3, revocation: 4 };

export type FurtherDecisions = {
  standing: CaseStanding;
  /** The outcomes still possible, in the form's order. */
  outcomes: DirectOutcome[];
  /** A revocation may still be proposed (its other rules aside: four eyes, the site's window, a live seal). */
  revocation: boolean;
  /** Why the others are not offered, in a sentence for the reviewer. */
  why: string;
};

/**
 * The decisions still possible after those in effect. `sealActive`: the case's seal can be suspended
 * now; `suspendedByCase`: a suspension this case imposed still holds the seal.
 */
export function furtherDecisions(inEffect: readonly DecisionInEffect[], seal: { sealActive: boolean; suspendedByCase: boolean }): FurtherDecisions {
  let standing: CaseStanding = 'undecided';
  let rank = 0;
  // A sanction taken before the site's deadline is interim: having heard the site, the reviewer may find no violation.
  let interim = false;
  for (const decision of inEffect) {
    if (decision.outcome === 'referral') continue;
    if (decision.outcome === 'no_violation' || decision.outcome === 'remedied') {
      standing = 'in_favour';
      rank = 0;
      interim = false;
      continue;
    }
    const next = SANCTION_RANK[decision.outcome] ?? 0;
    if (standing !== 'sanctioned') rank = 0;
    rank = Math.max(rank, next);
    interim = interim || !!decision.actedBeforeDeadline;
    standing = rank >= 4 ? 'revoked' : 'sanctioned';
  }
  const referred = inEffect.some((decision) => decision.outcome === 'referral');
  const allowed = new Set<DirectOutcome>();
  if (!referred) allowed.add('referral');
  let why: string;
  if (standing === 'undecided') {
    for (const outcome of ['no_violation', 'remedied', 'warning', 'corrective_action'] as const) allowed.add(outcome);
    if (seal.sealActive) allowed.add('suspension');
    why = seal.sealActive ? '' : 'A suspension needs an active seal.';
  } else if (standing === 'in_favour') {
    why = 'The case was decided in the site’s favour, so no sanction follows on it: new facts belong in a new complaint.';
  } else if (standing === 'revoked') {
    why = 'The seal is revoked: nothing heavier exists, and a revocation is final.';
  } else {
    allowed.add('remedied');
    if (seal.suspendedByCase || interim) allowed.add('no_violation');
    if (rank <= 2) allowed.add('corrective_action');
    if (rank < 3 && seal.sealActive) allowed.add('suspension');
    why = [
      'A sanction in effect ends with “remedied”',
      seal.suspendedByCase || interim ? ' or “no violation”' : '',
      '; a further sanction must be heavier than the one in effect',
      rank <= 2 ? ' (a new corrective action sets a new due date)' : '',
      '.',
    ].join('');
  }
  if (referred) why = `${why}${why ? ' ' : ''}The case is already referred to a regulator.`;
  return {
    standing,
    outcomes: directOutcomes.filter((outcome) => allowed.has(outcome)),
    revocation: standing === 'undecided' || standing === 'sanctioned',
    why,
  };
}

/** The decisions in effect on a case, oldest first. */
export async function decisionsInEffect(db: Executor, caseId: string): Promise<DecisionInEffect[]> {
  return db
    .select({ outcome: caseDecisions.outcome, actedBeforeDeadline: caseDecisions.actedBeforeDeadline })
    .from(caseDecisions)
    .where(and(eq(caseDecisions.caseId, caseId), eq(caseDecisions.state, 'in_effect')))
    .orderBy(asc(caseDecisions.seq));
}
