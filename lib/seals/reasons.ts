import { revocationReasons, type RevocationReason } from '@/db/schema';

export { revocationReasons, type RevocationReason };

/** Who asks for the revocation: the seal holder itself, or the seal authority. */
export type RevokingParty = 'holder' | 'authority';

/** A holder may give up its own seal, but may not accuse itself of anything (cf. Boulder's per-actor reasons). */
export const holderRevocationReasons = ['ceased_operation', 'no_longer_wanted'] as const satisfies readonly RevocationReason[];
export const authorityRevocationReasons = revocationReasons;

export function reasonsFor(party: RevokingParty): readonly RevocationReason[] {
  return party === 'holder' ? holderRevocationReasons : authorityRevocationReasons;
}

export function mayUseReason(party: RevokingParty, reason: RevocationReason): boolean {
  return reasonsFor(party).includes(reason);
}

/** Least to most severe. Only a more severe reason may replace a revocation's reason (as RFC 5280 keyCompromise). */
export const revocationSeverityOrder = [
  'no_longer_wanted',
  'ceased_operation',
  'non_response',
  'complaint_upheld',
  'misrepresentation',
  'privacy_violation',
  'fraud',
] as const satisfies readonly RevocationReason[];

export function revocationSeverity(reason: RevocationReason): number {
  return (revocationSeverityOrder as readonly RevocationReason[]).indexOf(reason);
}

export function isMoreSevere(candidate: RevocationReason, current: RevocationReason): boolean {
  return revocationSeverity(candidate) > revocationSeverity(current);
}

/** How the reason reads on the verification page and in the public API. */
export const revocationReasonLabels: Record<RevocationReason, string> = {
  no_longer_wanted: 'Withdrawn at the holder’s request',
  ceased_operation: 'The holder ceased operation',
  non_response: 'The holder did not respond to the seal authority',
  complaint_upheld: 'A complaint against the holder was upheld',
  misrepresentation: 'The holder misrepresented its practices',
  privacy_violation: 'The holder violated its privacy commitments',
  fraud: 'Fraud',
};
