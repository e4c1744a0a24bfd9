import type { ComplaintCategory, ComplaintDismissalReason, ComplaintSource, ComplaintStatus } from '@/db/schema';

/** The categories as a complainant reads them (issue 6). */
export const complaintCategoryLabels: Record<ComplaintCategory, string> = {
  data_sale: 'Sale or transfer of personal data contrary to the privacy promise (e.g. in bankruptcy)',
  third_party_sharing: 'Sharing with third parties without consent',
  ignored_opt_out: 'Ignored opt-out or deletion request',
  security_incident: 'Security incident',
  seal_misuse: 'Seal displayed without certification',
  other: 'Other',
};

export const complaintSourceLabels: Record<ComplaintSource, string> = {
  public: 'Public (filed online)',
  reviewer: 'Reviewer',
  regulator: 'Regulator',
  monitor: 'Automated monitor',
};

/** The status as the complainant reads it on the tracking page. */
export const complaintStatusPublicLabels: Record<ComplaintStatus, string> = {
  new: 'Received',
  dismissed: 'Closed without investigation',
  in_case: 'Under investigation',
};

export const complaintStatusReviewerLabels: Record<ComplaintStatus, string> = {
  new: 'New',
  dismissed: 'Dismissed',
  in_case: 'In a case',
};

export const dismissalReasonLabels: Record<ComplaintDismissalReason, string> = {
  out_of_scope: 'Out of scope: not something the seal program covers',
  duplicate: 'Duplicate of a complaint we already have',
  spam: 'Spam or not a genuine complaint',
  insufficient_information: 'Not enough information to act on',
};
