import { and, asc, eq, inArray } from 'drizzle-orm';
import { caseAppeals, caseAttachments, caseDecisions, caseMessages, cases, type AppealOutcome, type CaseOutcome, type CaseStatus } from '@/db/schema';
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

/**
 * One entry of what the complainant reads, in the order it happened: the reviewer's questions and
 * their answers, each decision announced to them (with its summary; `overturned` once reversed or
 * changed on appeal), and the site's appeals (filed, then decided, in the words they were mailed).
 */
/** A file the complainant attached to an answer, as the tracking page lists it (never its bytes: ADR 0006). */
export type ComplainantFile = { name: string; contentType: string; sizeBytes: number };

export type ComplainantTimelineEntry =
  | { kind: 'message'; at: Date; from: 'reviewer' | 'you'; body: string; files: ComplainantFile[] }
  | { kind: 'decision'; at: Date; outcome: CaseOutcome; summary: string; overturned: boolean }
  | { kind: 'appeal'; at: Date; against: CaseOutcome; result: AppealOutcome | null };

export type ComplainantCaseView = {
  stage: InvestigationStage;
  /** A reviewer asked something and the case still takes answers. */
  mayReply: boolean;
  messages: ComplainantMessage[];
  /** The decisions in effect, by their summary for the complainant (never the reason the site reads). */
  outcomes: ComplainantOutcome[];
  /** Messages, decisions and appeals together, oldest first (issue 13, item 6). */
  timeline: ComplainantTimelineEntry[];
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
      .select({ id: caseMessages.id, kind: caseMessages.kind, body: caseMessages.body, at: caseMessages.createdAt })
      .from(caseMessages)
      .where(and(eq(caseMessages.caseId, complaint.caseId), eq(caseMessages.complaintId, complaint.id), eq(caseMessages.audience, 'complainant'), inArray(caseMessages.kind, ['complainant_request', 'complainant_reply'])))
      .orderBy(asc(caseMessages.createdAt), asc(caseMessages.id)),
    db
      .select({ id: caseDecisions.id, state: caseDecisions.state, outcome: caseDecisions.outcome, summary: caseDecisions.summaryForComplainant, decidedAt: caseDecisions.decidedAt, confirmedAt: caseDecisions.confirmedAt, appealableUntil: caseDecisions.appealableUntil })
      .from(caseDecisions)
      // Announced decisions only: a proposal or a withdrawn one never reached the complainant.
      .where(and(eq(caseDecisions.caseId, complaint.caseId), inArray(caseDecisions.state, ['in_effect', 'overturned'])))
      .orderBy(asc(caseDecisions.seq)),
  ]);
  // The files of the complainant's own answers, by name (files sent together share their time).
  const replyIds = messages.filter((message) => message.kind === 'complainant_reply').map((message) => message.id);
  const attachments = replyIds.length
    ? await db
        .select({ messageId: caseAttachments.messageId, name: caseAttachments.fileName, contentType: caseAttachments.contentType, sizeBytes: caseAttachments.sizeBytes })
        .from(caseAttachments)
        .where(inArray(caseAttachments.messageId, replyIds))
        .orderBy(asc(caseAttachments.fileName), asc(caseAttachments.id))
    : [];
  const filesOf = (messageId: string): ComplainantFile[] =>
    attachments.filter((file) => file.messageId === messageId).map(({ name, contentType, sizeBytes }) => ({ name, contentType, sizeBytes }));
  const appeals = decisions.length
    ? await db
        .select({ decisionId: caseAppeals.decisionId, filedAt: caseAppeals.filedAt, outcome: caseAppeals.outcome, decidedAt: caseAppeals.decidedAt })
        .from(caseAppeals)
        .where(inArray(caseAppeals.decisionId, decisions.map((decision) => decision.id)))
    : [];
  const stage = stageOf[caseRow.status];
  const inEffect = decisions.filter((decision) => decision.state === 'in_effect');
  const announced = (decision: (typeof decisions)[number]) => decision.confirmedAt ?? decision.decidedAt;
  const outcomeOf = new Map(decisions.map((decision) => [decision.id, decision.outcome]));
  const timeline: ComplainantTimelineEntry[] = [
    ...messages.map((message): ComplainantTimelineEntry => ({ kind: 'message', at: message.at, from: message.kind === 'complainant_reply' ? 'you' : 'reviewer', body: message.body, files: filesOf(message.id) })),
    ...decisions.map((decision): ComplainantTimelineEntry => ({ kind: 'decision', at: announced(decision), outcome: decision.outcome, summary: decision.summary, overturned: decision.state === 'overturned' })),
    ...appeals.flatMap((appeal): ComplainantTimelineEntry[] => {
      const against = outcomeOf.get(appeal.decisionId)!;
      const filed: ComplainantTimelineEntry = { kind: 'appeal', at: appeal.filedAt, against, result: null };
      return appeal.outcome && appeal.decidedAt ? [filed, { kind: 'appeal', at: appeal.decidedAt, against, result: appeal.outcome }] : [filed];
    }),
  ];
  // Oldest first; at the same moment an appeal's result before the decision that replaces it, and a message last.
  const rank = { appeal: 0, decision: 1, message: 2 } as const;
  timeline.sort((a, b) => a.at.getTime() - b.at.getTime() || rank[a.kind] - rank[b.kind]);
  return {
    stage,
    mayReply: stage !== 'closed' && messages.some((message) => message.kind === 'complainant_request'),
    messages: messages.map((message) => ({ at: message.at, body: message.body, from: message.kind === 'complainant_reply' ? 'you' : 'reviewer' })),
    outcomes: inEffect.map((decision) => ({ outcome: decision.outcome, summary: decision.summary, at: announced(decision), appealableUntil: decision.appealableUntil })),
    timeline,
  };
}
