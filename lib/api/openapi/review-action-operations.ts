import { z } from 'zod';
import { caseDecisionStates, caseKinds, caseMessageKinds, caseOutcomes, caseStatuses, complaintDismissalReasons, sealStatuses } from '@/db/schema';
import { authorityRevocationReasons } from '@/lib/seals/reasons';
import { confirmReviewRevocation, decideReviewCase, dismissReviewComplaint, openReviewCase, proposeReviewRevocation, reviewCase, sendReviewNotice } from '@/lib/api/routes/review-actions';
import { ApiErrorBody, nullableTimestamp, timestamp } from './common';
import { CaseReferenceParam } from './integrator-schemas';
import type { ApiOperation, ResponseSpec } from './operation';

/*
 * The authority's own tools act (issue #17): the staff workspace's verbs with an authority tool's
 * key, as its creator. The bodies are the verbs' own inputs; the rules are the pages' rules.
 */

const TAG = 'Authority tools';
const text = (description: string) => z.string().meta({ description });

const ComplaintReferenceParam = z.object({ reference: z.string().min(1).max(100).meta({ description: 'The complaint’s reference.', example: 'C-7KQ4-M2XP' }) });
const DecisionIdParam = z.object({ decisionId: z.uuid().meta({ description: 'The proposal’s id: `openRevocationProposal` of the case, or `decision.id` of the proposing call.' }) });

const CaseState = z.looseObject({ reference: z.string(), status: z.enum(caseStatuses), responseDueAt: nullableTimestamp('When the site must have answered the last notice.') }).meta({ id: 'ReviewCaseState' });
const Decision = z
  .looseObject({ id: z.uuid(), outcome: z.enum(caseOutcomes), state: z.enum(caseDecisionStates), decidedAt: timestamp(), appealableUntil: nullableTimestamp() })
  .meta({ id: 'ReviewDecision' });
const DecisionResult = z.looseObject({ case: CaseState, decision: Decision }).meta({ id: 'ReviewDecisionResult' });

const ReviewCaseDetail = CaseState.extend({
  kind: z.enum(caseKinds),
  title: z.string(),
  fastTrack: z.boolean(),
  organization: z.string(),
  seal: z.looseObject({ sealId: z.string(), status: z.enum(sealStatuses), domain: z.string() }).nullable(),
  assignee: z.string().nullable(),
  overdue: z.boolean(),
  noticeAllowed: z.boolean(),
  complaints: z.array(z.string()),
  messages: z.array(z.looseObject({ kind: z.enum(caseMessageKinds), author: z.string().nullable(), complaint: z.string().nullable(), body: z.string(), createdAt: timestamp(), attachments: z.array(z.string()) })),
  decisions: z.array(Decision.extend({ decidedBy: z.string(), confirmedBy: z.string().nullable() })),
  openRevocationProposal: z.uuid().nullable(),
}).meta({ id: 'ReviewCaseDetail' });

const decisionTexts = {
  reasonForSite: text('What the site reads with the decision (10–4,000 characters).'),
  summaryForComplainant: text('What the complainants read on their tracking page (10–4,000 characters).'),
};

const conflicted: ResponseSpec = {
  description: 'The key’s creator may not do this here: tied to the organization (a member, or a declared conflict of interest), not the case’s decider, or (confirming) the proposer (four eyes).',
  json: ApiErrorBody,
  example: { error: 'forbidden', message: 'You proposed this revocation, so you cannot confirm it: a different reviewer or an administrator must (four eyes).' },
};
const notFound = (what: string): ResponseSpec => ({ description: `No such ${what}.`, json: ApiErrorBody });

/** What every acting door may refuse: a creator who may not act here, no such `record`, not now (`notNow`), and input refused (`invalid`: its message, and the field it names). */
function refusals(record: string, notNow: string, invalid?: { message: string; field?: string }): ApiOperation['responses'] {
  const fields = invalid?.field ? { fields: { [invalid.field]: [invalid.message] } } : {};
  return {
    '403': conflicted,
    '404': notFound(record),
    '409': { description: notNow, json: ApiErrorBody },
    ...(invalid ? { '422': { description: 'The input was refused; `fields` says which and why.', json: ApiErrorBody, example: { error: 'validation', message: invalid.message, ...fields } } } : {}),
  };
}

export const REVIEW_ACTION_OPERATIONS: Array<ApiOperation & { tag: typeof TAG }> = [
  {
    method: 'get',
    path: '/api/v1/review/cases/{reference}',
    operationId: 'getReviewCase',
    tag: TAG,
    summary: 'One case',
    description: 'The case as its page shows a reviewer: state, deadline, the thread (internal notes too), the complaints and the decisions, with the id of an open revocation proposal.',
    access: { key: reviewCase },
    params: { path: CaseReferenceParam },
    responses: { '200': { description: 'The case.', json: ReviewCaseDetail }, '403': conflicted, '404': notFound('case') },
  },
  {
    method: 'post',
    path: '/api/v1/review/complaints/{reference}/case',
    operationId: 'openReviewCase',
    tag: TAG,
    summary: 'Open a case from a complaint',
    description: 'As “Open a case” on the complaint’s page: the case is about the complaint’s organization, the key’s creator is its assignee, the complainant is told. The body may be empty.',
    access: { key: openReviewCase },
    params: { path: ComplaintReferenceParam },
    body: { schema: z.object({ title: text('A title instead of the one made from the complaint (200 characters at most).').optional() }), example: { title: 'Customer list offered for sale' } },
    responses: {
      '201': { description: 'The case is open.', json: CaseState.extend({ complaint: z.string() }), example: { reference: 'K-4TQM-9XWA', status: 'open', responseDueAt: null, complaint: 'C-7KQ4-M2XP' } },
      ...refusals('complaint', 'The complaint is no longer new (another reviewer opened a case or dismissed it).', { message: 'Complaint C-7KQ4-M2XP names no organization we know…' }),
    },
  },
  {
    method: 'post',
    path: '/api/v1/review/complaints/{reference}/dismissal',
    operationId: 'dismissReviewComplaint',
    tag: TAG,
    summary: 'Dismiss a complaint',
    description: 'Closes a new complaint without a case; the complainant reads the reason and the note.',
    access: { key: dismissReviewComplaint },
    params: { path: ComplaintReferenceParam },
    body: { schema: z.object({ reason: z.enum(complaintDismissalReasons), note: text('To the complainant (at least 10 characters).') }), example: { reason: 'duplicate', note: 'The same sale is already being investigated under complaint C-7KQ4-M2XP.' } },
    responses: {
      '201': { description: 'The complaint is dismissed.', json: z.looseObject({ reference: z.string(), status: z.literal('dismissed'), dismissalReason: z.enum(complaintDismissalReasons) }) },
      ...refusals('complaint', 'The complaint is no longer new.', { message: 'Choose why the complaint is dismissed: the complainant reads it.', field: 'reason' }),
    },
  },
  {
    method: 'post',
    path: '/api/v1/review/cases/{reference}/notices',
    operationId: 'sendReviewNotice',
    tag: TAG,
    summary: 'Send a notice to the site',
    description: 'As on the case page: the site is asked to answer by the program’s response period, or by `responseDueOn` (the end of that day in the creator’s time zone).',
    access: { key: sendReviewNotice },
    params: { path: CaseReferenceParam },
    body: {
      schema: z.object({ body: text('The notice (20–10,000 characters).'), responseDueOn: z.string().optional().meta({ description: 'A day, like 2026-03-12.' }), deadlineReason: text('Why a change-of-control notice’s deadline falls on or after the effective date.').optional() }),
      example: { body: 'A complaint says your shop offered its customer list for sale. Explain what was offered, to whom, and what you will do.' },
    },
    responses: {
      '201': { description: 'The notice was sent; the case awaits the site.', json: CaseState, example: { reference: 'K-4TQM-9XWA', status: 'awaiting_site_response', responseDueAt: '2026-06-15T23:59:59.999Z' } },
      ...refusals('case', 'The case cannot take a notice now (it is decided, closed or under appeal).', { message: 'Write the notice (at least 20 characters)…', field: 'body' }),
    },
  },
  {
    method: 'post',
    path: '/api/v1/review/cases/{reference}/decision',
    operationId: 'decideReviewCase',
    tag: TAG,
    summary: 'Decide a case',
    description: 'Every outcome but revocation, which takes two people (propose it, another confirms). A suspension suspends the seal at once; before the site’s deadline, `actBeforeDeadline` and `earlyActionReason` are needed.',
    access: { key: decideReviewCase },
    params: { path: CaseReferenceParam },
    body: {
      schema: z.object({
        outcome: z.enum(caseOutcomes.filter((outcome) => outcome !== 'revocation') as [string, ...string[]]),
        ...decisionTexts,
        correctiveDueAt: z.string().optional().meta({ description: 'For `corrective_action`: a day or a moment.' }),
        referredTo: text('For `referral`: the regulator.').optional(),
        reinstatementRequirements: text('For `suspension`: what the site must do to be reinstated.').optional(),
        actBeforeDeadline: z.boolean().optional(),
        earlyActionReason: text('Why act before the site’s deadline.').optional(),
      }),
      example: { outcome: 'suspension', reasonForSite: 'Your shop offered its customer list for sale, contrary to its privacy policy.', summaryForComplainant: 'We upheld your complaint and suspended the seal.', reinstatementRequirements: 'Withdraw the list from sale and confirm in writing.' },
    },
    responses: {
      '201': { description: 'The decision is in effect.', json: DecisionResult },
      ...refusals('case', 'The case cannot be decided so now (a revocation proposal is open, it is closed, or the outcome no longer changes anything).', { message: 'Say what the site must do to have the seal reinstated…', field: 'reinstatementRequirements' }),
    },
  },
  {
    method: 'post',
    path: '/api/v1/review/cases/{reference}/revocation-proposals',
    operationId: 'proposeReviewRevocation',
    tag: TAG,
    summary: 'Propose a revocation',
    description: 'The first of the two people a revocation takes: nothing happens to the seal until a different reviewer or an administrator confirms. Refused while the site’s response window is open.',
    access: { key: proposeReviewRevocation },
    params: { path: CaseReferenceParam },
    body: { schema: z.object({ revocationReason: z.enum(authorityRevocationReasons), ...decisionTexts }), example: { revocationReason: 'privacy_violation', reasonForSite: 'Your shop sold its customer list, contrary to its privacy policy.', summaryForComplainant: 'We upheld your complaint; the seal will be revoked.' } },
    responses: {
      '201': { description: 'The proposal is open (`decision.state`: `proposed`); its `decision.id` is what the second person confirms.', json: DecisionResult },
      ...refusals('case', 'A proposal is already open, or the site’s response window is.', { message: 'Choose the reason for the revocation from the list.', field: 'revocationReason' }),
    },
  },
  {
    method: 'post',
    path: '/api/v1/review/revocation-proposals/{decisionId}/confirmation',
    operationId: 'confirmReviewRevocation',
    tag: TAG,
    summary: 'Confirm a revocation',
    description: 'The second person: never the proposer, whichever key or page proposed it. The seal is revoked (final), the site and complainants told. The texts may be revised; the body may be empty.',
    access: { key: confirmReviewRevocation },
    params: { path: DecisionIdParam },
    body: { schema: z.object({ ...decisionTexts }).partial(), example: {} },
    responses: {
      '201': { description: 'The revocation is in effect.', json: DecisionResult },
      ...refusals('revocation proposal', 'The proposal was confirmed or withdrawn meanwhile, or the site’s response window is open.'),
    },
  },
];
