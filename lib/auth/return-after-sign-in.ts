import { redirect } from 'next/navigation';
import type { UserRole } from '@/db/schema';
import { getRuntime } from '@/lib/runtime';
import { findUserByEmail } from '@/lib/services/users/fields';
import { signIn, signOut } from './auth';

/** The staff dashboard (ADR 0015): the review queue stays at `/review`, one click away in the staff menu. */
export const STAFF_LANDING_PATH = '/review/dashboard';

/** Where a signed-in person starts when no page asked for the sign-in: staff at their dashboard, applicants at the portal. */
export function landingPathFor(role: UserRole): string {
  return role === 'applicant' ? '/portal' : STAFF_LANDING_PATH;
}

/**
 * Signs in with a password (and the second factor's code, when the account has one) and goes to `path` (already checked by safeReturnPath). The redirect is
 * ours and relative: Auth.js would make it absolute, and we want no origin in it but the browser's.
 * A refused sign-in throws Auth.js's error (CredentialsSignin), as `signIn` does.
 */
export async function signInAndGoTo(credentials: { email: unknown; password: unknown; code?: unknown }, path: string | null): Promise<never> {
  await signIn('credentials', { email: credentials.email, password: credentials.password, code: credentials.code ?? '', redirect: false });
  redirect(path ?? (await landingAfterSignIn(String(credentials.email))));
}

/** The landing page of the account just signed in (its role, read as authenticate found it: by address). */
async function landingAfterSignIn(email: string): Promise<string> {
  const user = await findUserByEmail((await getRuntime()).db, email.trim());
  return landingPathFor(user?.role ?? 'applicant');
}

/** Ends the session and goes to the home page, by a relative redirect as above. */
export async function signOutAndGoHome(): Promise<never> {
  await signOut({ redirect: false });
  redirect('/');
}
