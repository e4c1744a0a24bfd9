import type { AppealOutcome, CaseKind, CaseMessageKind, CaseOutcome, CaseStatus } from '@/db/schema';

/** Case states as the site reads them in the portal: what is happening, in its own terms. */
export const caseStatusSiteLabels: Record<CaseStatus, string> = {
  open: 'Opened',
  awaiting_site_response: 'Waiting for your response',
  in_review: 'In review',
  decided: 'Decided',
  appealed: 'Appeal pending',
  closed: 'Closed',
};

/** What the site is expected to do in each state, when no deadline says more. */
export const caseStatusSiteExpectations: Record<CaseStatus, string> = {
  open: 'Nothing yet: a reviewer is looking into it and will send you a notice if they need your answer.',
  awaiting_site_response: 'Respond to the notice, with documents if you have them.',
  in_review: 'Nothing for now: a reviewer is assessing your response. You may add to it.',
  decided: 'Nothing for now: read the decision below.',
  appealed: 'Nothing for now: a reviewer who took no part in the case is deciding your appeal.',
  closed: 'Nothing: the case is closed.',
};

/** What a case is about, without the reviewers' own title (which is written for the queue, not the site). */
export function caseSubjectForSite(caseRow: { kind: CaseKind; domain: string | null }, sealPublicId: string | null): string {
  const what = sealPublicId ? `${caseRow.domain ?? 'your site'} (seal ${sealPublicId})` : (caseRow.domain ?? 'your organization');
  return caseRow.kind === 'change_of_control' ? `Change of control declared for ${what}` : `Complaint about ${what}`;
}

export const caseOutcomeSiteLabels: Record<CaseOutcome, string> = {
  no_violation: 'No violation found',
  remedied: 'Remedied',
  warning: 'Warning',
  corrective_action: 'Corrective action required',
  suspension: 'Seal suspended',
  revocation: 'Seal revoked',
  referral: 'Referred to a regulator',
};

/**
 * What an appeal of a revocation means (ADR 0008 amendment of 2026-12-05), in the words each reader
 * gets: a confirmed revocation is final and cannot be appealed; the holder may apply for a new seal.
 * The site is heard before it: a revocation waits for the site's response or its deadline.
 */
export const REVOCATION_FINALITY_FOR_SITE = 'A revocation is final: it cannot be appealed. To hold a seal again, apply for a new one in the portal.';
export const REVOCATION_FINALITY_FOR_REVIEWER = 'Final: a revocation cannot be appealed. The holder may only apply for a new seal.';
export const REVOCATION_FINALITY_FOR_COMPLAINANT = 'This is final: the site cannot appeal a revocation.';

export const appealOutcomeSiteLabels: Record<AppealOutcome, string> = {
  stands: 'The decision stands',
  changed: 'The decision was changed',
  reversed: 'The decision was reversed',
};

/** The messages of a case as the site reads them (only `audience = 'site'` ones reach the site). */
export function siteMessageHeading(kind: CaseMessageKind, from: string): string {
  switch (kind) {
    case 'notice':
      return 'Notice from the seal program';
    case 'site_response':
      return `Response from ${from}`;
    case 'reminder':
      return 'Reminder from the seal program';
    case 'decision':
      return 'Decision of the seal program';
    case 'site_message':
      return 'Message from the seal program';
    default:
      return `Message from ${from}`;
  }
}
