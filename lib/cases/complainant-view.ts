import { and, asc, eq, inArray } from 'drizzle-orm';
import { caseDecisions, caseMessages, cases, type CaseOutcome, type CaseStatus } from '@/db/schema';
import type { Executor } from '@/db/client';

/** The investigation as the complainant reads it, in four words at most. */
export type InvestigationStage = 'under_investigation' | 'decided' | 'closed';

export const investigationStageLabels: Record<InvestigationStage, string> = {
  under_investigation: 'Under investigation',
  decided: 'Decided',
  closed: 'Closed',
};

const stageOf: Record<CaseStatus, InvestigationStage> = {
  open: 'under_investigation',
  awaiting_site_response: 'under_investigation',
  in_review: 'under_investigation',
  decided: 'decided',
  appealed: 'decided',
  closed: 'closed',
};

export type ComplainantMessage = { at: Date; body: string; from: 'reviewer' | 'you' };
export type ComplainantOutcome = { outcome: CaseOutcome; summary: string; at: Date; appealableUntil: Date | null };

export type ComplainantCaseView = {
  stage: InvestigationStage;
  /** A reviewer asked something and the case still takes answers. */
  mayReply: boolean;
  messages: ComplainantMessage[];
  /** The decisions in effect, by their summary for the complainant (never the reason the site reads). */
  outcomes: ComplainantOutcome[];
};

/**
 * What the tracking page shows of the case a complaint is in: only messages addressed to this
 * complaint's complainant (never the site's, never internal notes, never another complaint's),
 * and the decisions in effect by their summary for the complainant.
 */
export async function complainantCaseView(db: Executor, complaint: { id: string; caseId: string | null }): Promise<ComplainantCaseView | null> {
  if (!complaint.caseId) return null;
  const [caseRow] = await db.select({ status: cases.status }).from(cases).where(eq(cases.id, complaint.caseId)).limit(1);
  if (!caseRow) return null;
  const [messages, decisions] = await Promise.all([
    db
      .select({ kind: caseMessages.kind, body: caseMessages.body, at: caseMessages.createdAt })
      .from(caseMessages)
      .where(and(eq(caseMessages.caseId, complaint.caseId), eq(caseMessages.complaintId, complaint.id), eq(caseMessages.audience, 'complainant'), inArray(caseMessages.kind, ['complainant_request', 'complainant_reply'])))
      .orderBy(asc(caseMessages.createdAt), asc(caseMessages.id)),
    db
      .select({ outcome: caseDecisions.outcome, summary: caseDecisions.summaryForComplainant, decidedAt: caseDecisions.decidedAt, confirmedAt: caseDecisions.confirmedAt, appealableUntil: caseDecisions.appealableUntil })
      .from(caseDecisions)
      .where(and(eq(caseDecisions.caseId, complaint.caseId), eq(caseDecisions.state, 'in_effect')))
      .orderBy(asc(caseDecisions.decidedAt)),
  ]);
  const stage = stageOf[caseRow.status];
  return {
    stage,
    mayReply: stage !== 'closed' && messages.some((message) => message.kind === 'complainant_request'),
    messages: messages.map((message) => ({ at: message.at, body: message.body, from: message.kind === 'complainant_reply' ? 'you' : 'reviewer' })),
    outcomes: decisions.map((decision) => ({ outcome: decision.outcome, summary: decision.summary, at: decision.confirmedAt ?? decision.decidedAt, appealableUntil: decision.appealableUntil })),
  };
}
