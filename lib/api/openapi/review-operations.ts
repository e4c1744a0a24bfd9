import { z } from 'zod';
import { caseKinds, caseOutcomes, caseStatuses, complaintCategories, complaintSources, complaintStatuses } from '@/db/schema';
import { reviewCases, reviewComplaints } from '@/lib/api/routes/review';
import { nullableTimestamp, pageOf, PageQuery, timestamp } from './common';
import type { ApiOperation } from './operation';

/* The authority's own tools (issue #17): the staff lists, read with an authority tool's key. */

export const REVIEW_TAG = { name: 'Authority tools', description: 'The staff workspace with an authority tool’s key, as its creator: the lists of complaints and cases (rows about an organization the creator is tied to left out), one case, and the verbs of triage, notices, decisions and revocations under the pages’ own rules (conflicts of interest, four eyes).' } as const;

const ReviewComplaint = z
  .looseObject({
    reference: z.string().meta({ example: 'C-7KQ4-M2XP' }),
    status: z.enum(complaintStatuses),
    category: z.enum(complaintCategories),
    source: z.enum(complaintSources),
    fastTrack: z.boolean(),
    site: z.string(),
    organization: z.string().nullable(),
    sealId: z.string().nullable(),
    createdAt: timestamp(),
    dismissalReason: z.string().nullable(),
    case: z.looseObject({ reference: z.string(), status: z.enum(caseStatuses).nullable(), outcome: z.enum(caseOutcomes).nullable() }).nullable(),
  })
  .meta({ id: 'ReviewComplaint' });

const ReviewCase = z
  .looseObject({
    reference: z.string().meta({ example: 'K-4TQM-9XWA' }),
    kind: z.enum(caseKinds),
    title: z.string(),
    status: z.enum(caseStatuses),
    fastTrack: z.boolean(),
    organization: z.string(),
    sealId: z.string().nullable(),
    domain: z.string().nullable(),
    assignee: z.string().nullable(),
    responseDueAt: nullableTimestamp(),
    overdue: z.boolean(),
    escalationLevel: z.number().int(),
    complaints: z.number().int(),
    outcome: z.enum(caseOutcomes).nullable(),
    openedAt: timestamp(),
    closedAt: nullableTimestamp(),
  })
  .meta({ id: 'ReviewCase' });

const ComplaintQuery = PageQuery.omit({ limit: true }).extend({
  state: z.enum(['new', 'in_case', 'dismissed', 'all']).optional().meta({ description: '`new` (the default: the triage queue, fast track first), or the record of what became of complaints.' }),
  category: z.enum(complaintCategories).optional(),
  source: z.enum(complaintSources).optional(),
  track: z.enum(['fast']).optional(),
  q: z.string().optional().meta({ description: 'Part of a reference, a domain or an organization’s name (3 characters at least).' }),
});

const CaseQuery = PageQuery.omit({ limit: true }).extend({
  q: z.string().optional().meta({ description: 'Part of a reference, a domain or an organization’s name (3 characters at least).' }),
});

export const REVIEW_OPERATIONS: Array<ApiOperation & { tag: typeof REVIEW_TAG.name }> = [
  {
    method: 'get',
    path: '/api/v1/review/complaints',
    operationId: 'listReviewComplaints',
    tag: 'Authority tools',
    summary: 'The complaints list',
    description: 'As `/review/complaints`: 50 a page, with its filters.',
    access: { key: reviewComplaints },
    params: { query: ComplaintQuery },
    responses: { '200': { description: 'A page of complaints.', json: pageOf(ReviewComplaint, 'ReviewComplaintPage') } },
  },
  {
    method: 'get',
    path: '/api/v1/review/cases',
    operationId: 'listReviewCases',
    tag: 'Authority tools',
    summary: 'The cases list',
    description: 'As `/review/cases`: 50 a page, with its filters (`state`, `view`, `kind`, `q`, as on the page).',
    access: { key: reviewCases },
    params: { query: CaseQuery },
    responses: { '200': { description: 'A page of cases.', json: pageOf(ReviewCase, 'ReviewCasePage') } },
  },
];
