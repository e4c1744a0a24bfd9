import { cache } from 'react';
import { redirect } from 'next/navigation';
import { auth } from './auth';
import { hasRole, loadActor, type Actor } from './actor';
import { getRuntime } from '@/lib/runtime';
import type { UserRole } from '@/db/schema';
import type { ServiceContext } from '@/lib/services/context';
import { netPolicyFromEnv } from '@/lib/net/policy';
import { mustEnrolSecondFactor, withoutStaffRights } from './second-factor-policy';

/**
 * The signed-in user as the database says now, once per request. The session token only names
 * the user: a disabled, deleted or demoted account takes effect on the very next request.
 */
export const getActor = cache(async (): Promise<Actor | null> => (await getSessionActor()).actor);

/**
 * The actor with the rights they may use now, and whether they are a staff account that must
 * first enrol a second factor (then `actor` has an applicant's rights only: ADR 0011).
 */
const getSessionActor = cache(async (): Promise<{ actor: Actor | null; mustEnrol: boolean }> => {
  const session = await auth();
  if (!session?.user?.id) return { actor: null, mustEnrol: false };
  const { db } = await getRuntime();
  // Tokens issued before session versions existed carry none: they count as version 0, the start.
  const actor = await loadActor(db, session.user.id, session.sessionVersion ?? 0);
  if (!actor || !(await mustEnrolSecondFactor(db, actor))) return { actor, mustEnrol: false };
  return { actor: withoutStaffRights(actor), mustEnrol: true };
});

/** Whether the request carries a session whose account no longer may sign in. */
export const hasStaleSession = cache(async (): Promise<boolean> => {
  const session = await auth();
  return !!session?.user?.id && !(await getActor());
});

/**
 * Why a stale session ended, for the sign-in page: `ended` when the account still works (the user
 * signed out elsewhere, or the password was changed or reset), `disabled` otherwise.
 */
export async function staleSessionReason(): Promise<'ended' | 'disabled' | null> {
  if (!(await hasStaleSession())) return null;
  const session = await auth();
  const { db } = await getRuntime();
  return (await loadActor(db, session?.user?.id)) ? 'ended' : 'disabled';
}

export async function getServiceContext(): Promise<ServiceContext> {
  const runtime = await getRuntime();
  return {
    db: runtime.db,
    clock: runtime.clock,
    jobs: runtime.jobs ?? undefined,
    actor: await getActor(),
    net: netPolicyFromEnv(runtime.env),
    limits: { signUpsPerAddressPerHour: runtime.env.OPENSEAL_SIGN_UPS_PER_ADDRESS_PER_HOUR },
    secrets: runtime.secretBox,
  };
}

/** Where a staff account without the second factor the site requires is sent (ADR 0011). */
export const SECOND_FACTOR_ENROLMENT_PATH = '/account/security?required=staff';

/** For pages: sends the visitor to sign in, or to the forbidden page, instead of rendering. */
export async function requirePageActor(returnTo: string, role: UserRole = 'applicant'): Promise<Actor> {
  const actor = await getActor();
  if (!actor) {
    const stale = await staleSessionReason();
    const reason = stale ? `&reason=${stale}` : '';
    redirect(`/login?next=${encodeURIComponent(returnTo)}${reason}`);
  }
  if (!hasRole(actor, role)) redirect((await getSessionActor()).mustEnrol ? SECOND_FACTOR_ENROLMENT_PATH : '/forbidden');
  return actor;
}
