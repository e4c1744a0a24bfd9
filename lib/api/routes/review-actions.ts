import { loadCaseDecisionView } from '@/lib/cases/decision-queries';
import { nowDate } from '@/lib/clock';
import { decideCase } from '@/lib/services/cases/decide-case';
import { openCaseFromComplaint } from '@/lib/services/cases/open-case';
import { readCaseForReview } from '@/lib/services/cases/read-case';
import { confirmRevocation, proposeRevocation } from '@/lib/services/cases/revocation-proposals';
import { sendNotice } from '@/lib/services/cases/send-notice';
import { dismissComplaint } from '@/lib/services/complaints/dismiss-complaint';
import type { Case, CaseDecision } from '@/db/schema';
import { ValidationError } from '@/lib/services/errors';
import type { ApiCall } from '../serve-api-call';
import type { ApiRoute } from '../api-route';
import { readJsonBody } from '../request-body';

/*
 * The authority's own tools act (issue #17): open a case from a complaint, dismiss one, send a
 * notice, decide, propose a revocation and confirm another's. Each is the staff workspace's own verb
 * run as the key's creator, so every rule of the page holds at this door too: a creator tied to the
 * organization is refused, a revocation takes a second person (a key of the same creator cannot
 * confirm its own proposal), a revocation waits for the site's response window. The body is the
 * verb's input; the record named in the path wins over one named in the body.
 */

/** The JSON body as an object, or a 422 that says what to send; `optional`: no body stands for `{}`. */
async function bodyOf(call: ApiCall, shape: string, { optional = false } = {}): Promise<Record<string, unknown>> {
  const body = await readJsonBody(call.request, shape, optional ? {} : undefined);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ValidationError(`Send the body as a JSON object: ${shape}.`);
  return body as Record<string, unknown>;
}

const caseSummary = (caseRow: Case) => ({
  reference: caseRow.reference,
  status: caseRow.status,
  responseDueAt: caseRow.responseDueAt?.toISOString() ?? null,
});

const decisionSummary = (decision: CaseDecision) => ({
  id: decision.id,
  outcome: decision.outcome,
  state: decision.state,
  decidedAt: decision.decidedAt.toISOString(),
  appealableUntil: decision.appealableUntil?.toISOString() ?? null,
});

/** One case as a reviewer reads it: its state, the site's deadline, the thread and the decisions (an open revocation proposal with its id, for the second person). */
export const reviewCase: ApiRoute<{ reference: string }> = {
  spec: { scope: 'review:read' },
  handle: async (call, { reference }) => {
    const read = await readCaseForReview({ ctx: call.ctx, input: { caseRef: reference } });
    const view = await loadCaseDecisionView(call.ctx.db, read.caseRow, read.actor, nowDate(call.ctx.clock));
    return {
      ...caseSummary(read.caseRow),
      kind: read.caseRow.kind,
      title: read.caseRow.title,
      fastTrack: read.caseRow.fastTrack,
      organization: read.organizationName,
      seal: read.seal ? { sealId: read.seal.publicId, status: read.seal.status, domain: read.seal.domain } : null,
      assignee: read.assignedName,
      overdue: read.overdue,
      noticeAllowed: read.noticeAllowed,
      complaints: read.complaints.map((complaint) => complaint.reference),
      messages: read.messages.map((message) => ({
        kind: message.kind,
        author: message.authorName,
        complaint: message.complaintReference,
        body: message.body,
        createdAt: message.createdAt.toISOString(),
        attachments: message.attachments.map((file) => file.fileName),
      })),
      decisions: view.decisions.map((decision) => ({ ...decisionSummary(decision), decidedBy: decision.decidedByName, confirmedBy: decision.confirmedByName })),
      openRevocationProposal: view.proposal ? view.proposal.id : null,
    };
  },
};

export const openReviewCase: ApiRoute<{ reference: string }> = {
  spec: { scope: 'review:triage', creates: true },
  handle: async (call, { reference }) => {
    const body = await bodyOf(call, '{"title": "…"}', { optional: true });
    const caseRow = await openCaseFromComplaint({ ctx: call.ctx, input: { ...body, complaintRef: reference } });
    return { ...caseSummary(caseRow), complaint: reference };
  },
};

export const dismissReviewComplaint: ApiRoute<{ reference: string }> = {
  spec: { scope: 'review:triage', creates: true },
  handle: async (call, { reference }) => {
    const body = await bodyOf(call, '{"reason": "…", "note": "…"}');
    const complaint = await dismissComplaint({ ctx: call.ctx, input: { ...body, complaint: reference } });
    return { reference: complaint.reference, status: complaint.status, dismissalReason: complaint.dismissalReason };
  },
};

export const sendReviewNotice: ApiRoute<{ reference: string }> = {
  spec: { scope: 'review:notices', creates: true },
  handle: async (call, { reference }) => {
    const body = await bodyOf(call, '{"body": "…", "responseDueOn": "2026-03-12"}');
    const { caseRow } = await sendNotice({ ctx: call.ctx, input: { ...body, caseRef: reference } });
    return caseSummary(caseRow);
  },
};

export const decideReviewCase: ApiRoute<{ reference: string }> = {
  spec: { scope: 'review:decide', creates: true },
  handle: async (call, { reference }) => {
    const body = await bodyOf(call, '{"outcome": "…", "reasonForSite": "…", "summaryForComplainant": "…"}');
    const { caseRow, decision } = await decideCase({ ctx: call.ctx, input: { ...body, caseRef: reference } });
    return { case: caseSummary(caseRow), decision: decisionSummary(decision) };
  },
};

export const proposeReviewRevocation: ApiRoute<{ reference: string }> = {
  spec: { scope: 'review:revoke', creates: true },
  handle: async (call, { reference }) => {
    const body = await bodyOf(call, '{"revocationReason": "…", "reasonForSite": "…", "summaryForComplainant": "…"}');
    const { caseRow, decision } = await proposeRevocation({ ctx: call.ctx, input: { ...body, caseRef: reference } });
    return { case: caseSummary(caseRow), decision: decisionSummary(decision) };
  },
};

export const confirmReviewRevocation: ApiRoute<{ decisionId: string }> = {
  spec: { scope: 'review:revoke', creates: true },
  handle: async (call, { decisionId }) => {
    const body = await bodyOf(call, '{"reasonForSite": "…", "summaryForComplainant": "…"}', { optional: true });
    const { caseRow, decision } = await confirmRevocation({ ctx: call.ctx, input: { ...body, decisionId } });
    return { case: caseSummary(caseRow), decision: decisionSummary(decision) };
  },
};
