import { listCasesForReview } from '@/lib/services/cases/list-cases';
import { listComplaintsForReview } from '@/lib/services/complaints/list-complaints';
import type { ApiCall } from '../serve-api-call';
import type { ApiRoute } from '../api-route';

/*
 * The authority's own tools (issue #17): the staff lists of complaints and cases, read with an
 * authority tool's key as its creator reads them at /review — the same verbs, filters and cursors.
 * Rows about an organization the creator is tied to are left out, as the staff search leaves them
 * out: a tool must not carry what its creator may not open.
 */

/** The staff list's query string, as the page reads it; `cursor` is the list's `after`. */
function listQuery(call: ApiCall): Record<string, string> {
  const query = Object.fromEntries(call.url.searchParams);
  const { cursor, ...rest } = query;
  return cursor ? { ...rest, after: cursor } : rest;
}

export const reviewComplaints: ApiRoute = {
  spec: { scope: 'review:read' },
  handle: async (call) => {
    const page = await listComplaintsForReview({ ctx: call.ctx, input: listQuery(call) });
    return {
      data: page.complaints
        .filter((row) => !row.conflicted)
        .map((row) => ({
          reference: row.reference,
          status: row.status,
          category: row.category,
          source: row.source,
          fastTrack: row.fastTrack,
          site: row.site,
          organization: row.organizationName,
          sealId: row.sealPublicId,
          createdAt: row.createdAt.toISOString(),
          dismissalReason: row.dismissalReason,
          case: row.caseReference ? { reference: row.caseReference, status: row.caseStatus, outcome: row.caseOutcome } : null,
        })),
      nextCursor: page.next,
    };
  },
};

export const reviewCases: ApiRoute = {
  spec: { scope: 'review:read' },
  handle: async (call) => {
    const page = await listCasesForReview({ ctx: call.ctx, input: listQuery(call) });
    return {
      data: page.cases
        .filter((row) => !row.conflicted)
        .map((row) => ({
          reference: row.reference,
          kind: row.kind,
          title: row.title,
          status: row.status,
          fastTrack: row.fastTrack,
          organization: row.organizationName,
          sealId: row.sealPublicId,
          domain: row.domain,
          assignee: row.assignedName,
          responseDueAt: row.responseDueAt?.toISOString() ?? null,
          overdue: row.overdue,
          escalationLevel: row.escalationLevel,
          complaints: row.complaints,
          outcome: row.outcome,
          openedAt: row.openedAt.toISOString(),
          closedAt: row.closedAt?.toISOString() ?? null,
        })),
      nextCursor: page.next,
    };
  },
};
