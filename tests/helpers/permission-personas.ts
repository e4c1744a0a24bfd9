import type { ApiKeyRule, ClosedDoor, DoorRule } from '../../lib/auth/permissions';

/**
 * The eight personas the permission table is walked with, what each one is, and what the table
 * says each may do. Pure, so the integration test and the e2e spec read the same rule.
 */
export const PERSONAS = ['anonymous', 'outsider', 'member', 'owner', 'reviewer', 'conflictedReviewer', 'admin', 'conflictedAdmin'] as const;
export type Persona = (typeof PERSONAS)[number];

/** What a persona is: the role, the tie to the world's organization, and whether a conflict of interest binds them. */
export type PersonaTraits = { role: 'anonymous' | 'applicant' | 'reviewer' | 'admin'; membership: 'none' | 'member' | 'owner'; conflicted: boolean };

export const TRAITS: Record<Persona, PersonaTraits> = {
  anonymous: { role: 'anonymous', membership: 'none', conflicted: false },
  outsider: { role: 'applicant', membership: 'none', conflicted: false },
  member: { role: 'applicant', membership: 'member', conflicted: false },
  owner: { role: 'applicant', membership: 'owner', conflicted: false },
  reviewer: { role: 'reviewer', membership: 'none', conflicted: false },
  conflictedReviewer: { role: 'reviewer', membership: 'none', conflicted: true },
  admin: { role: 'admin', membership: 'none', conflicted: false },
  conflictedAdmin: { role: 'admin', membership: 'member', conflicted: true },
};

const RANK = { anonymous: 0, applicant: 1, reviewer: 2, admin: 3 } as const;

/**
 * What the table says for `persona`: true when the row lets them through. `traits` overrides what
 * the persona is where a walk casts it differently (the e2e walk's conflicted admin declared a
 * conflict instead of being a member).
 */
export function tableAllows(who: DoorRule | ClosedDoor | ApiKeyRule, persona: Persona, traits: PersonaTraits = TRAITS[persona]): boolean {
  // A door of the integrator API reads no session: every persona is refused there (401).
  if ('closed' in who || 'apiKey' in who) return false;
  if (RANK[traits.role] < RANK[who.role]) return false;
  if (who.organization === 'member' && traits.membership === 'none') return false;
  if (who.organization === 'owner' && traits.membership !== 'owner') return false;
  if (who.refusesConflicted && traits.conflicted) return false;
  return true;
}

