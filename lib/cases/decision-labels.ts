import type { AppealOutcome, CaseDecisionState, CaseOutcome } from '@/db/schema';

/** Outcomes as reviewers read them on the case page and in the dossier. */
export const caseOutcomeLabels: Record<CaseOutcome, string> = {
  no_violation: 'No violation',
  remedied: 'Remedied',
  warning: 'Warning',
  corrective_action: 'Corrective action with a due date',
  suspension: 'Suspension of the seal',
  revocation: 'Revocation of the seal',
  referral: 'Referral to a regulator',
};

/** What each outcome does, for the decision form. */
export const caseOutcomeHints: Record<CaseOutcome, string> = {
  no_violation: 'The complaint is not upheld.',
  remedied: 'The site has put the problem right.',
  warning: 'Upheld; a warning on record, no sanction.',
  corrective_action: 'The site must act by the due date; the case awaits its response until then and escalates if it misses it.',
  suspension: 'The seal is suspended at once; the reason you write for the site is also shown publicly on its verification page.',
  revocation: 'Needs a second reviewer or an administrator to confirm; final once confirmed.',
  referral: 'The case is handed to a regulator, with the dossier.',
};

export const caseDecisionStateLabels: Record<CaseDecisionState, string> = {
  proposed: 'Proposed, awaiting confirmation',
  in_effect: 'In effect',
  withdrawn: 'Withdrawn',
  overturned: 'Overturned on appeal',
};

export const appealOutcomeLabels: Record<AppealOutcome, string> = {
  stands: 'The decision stands',
  changed: 'The decision is changed',
  reversed: 'The decision is reversed',
};
