import type { CaseKind, CaseMessageAudience, CaseMessageKind, CaseStatus } from '@/db/schema';

/** Case states as reviewers read them. */
export const caseStatusLabels: Record<CaseStatus, string> = {
  open: 'Open',
  awaiting_site_response: 'Awaiting the site’s response',
  in_review: 'In review',
  decided: 'Decided',
  appealed: 'Appealed',
  closed: 'Closed',
};

export const caseKindLabels: Record<CaseKind, string> = {
  complaint: 'Complaint',
  change_of_control: 'Change of control',
  authority: 'Opened by the seal authority',
};

/** Who reads a message, as the case page labels it. */
export const messageAudienceLabels: Record<CaseMessageAudience, string> = {
  site: 'To and from the site',
  complainant: 'To and from the complainant',
  internal: 'Internal — the site and the complainant never see this',
};

export const messageKindLabels: Record<CaseMessageKind, string> = {
  notice: 'Notice to the site',
  site_response: 'The site’s response',
  reminder: 'Reminder to the site',
  internal_note: 'Internal note',
  complainant_request: 'Question to the complainant',
  complainant_reply: 'The complainant’s reply',
  decision: 'Decision',
  site_message: 'Message to the site',
};

/** The escalation level in words, for the queue and the case page. */
export function escalationWords(level: number): string | null {
  if (level >= 2) return 'Overdue, level 2: grace period over — consider suspending for non-response';
  if (level === 1) return 'Overdue, level 1: the site was reminded';
  return null;
}
