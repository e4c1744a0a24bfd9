import type { Executor } from '@/db/client';
import { enabledSecondFactorOf } from '@/lib/services/second-factor/codes';
import { readSiteSettings } from '@/lib/services/site-settings/read';
import type { Actor } from './actor';

/**
 * Whether this staff account must enrol a second factor before it may act as staff: the site
 * requires one for reviewers and admins, and the account has none switched on (ADR 0011).
 */
export async function mustEnrolSecondFactor(db: Executor, actor: Actor): Promise<boolean> {
  if (actor.role === 'applicant') return false;
  if (!(await readSiteSettings(db)).requireStaffSecondFactor) return false;
  return !(await enabledSecondFactorOf(db, actor.id));
}

/**
 * The actor the services see meanwhile: the same person with an applicant's rights, so every staff
 * verb refuses them (the permission check is each verb's first line) while their own account,
 * their second-factor enrolment and the portal stay open.
 */
export function withoutStaffRights(actor: Actor): Actor {
  return { ...actor, role: 'applicant' };
}
