import { redirect } from 'next/navigation';
import { signIn, signOut } from './auth';

/**
 * Signs in with a password (and the second factor's code, when the account has one) and goes to `path` (already checked by safeReturnPath). The redirect is
 * ours and relative: Auth.js would make it absolute, and we want no origin in it but the browser's.
 * A refused sign-in throws Auth.js's error (CredentialsSignin), as `signIn` does.
 */
export async function signInAndGoTo(credentials: { email: unknown; password: unknown; code?: unknown }, path: string): Promise<never> {
  await signIn('credentials', { email: credentials.email, password: credentials.password, code: credentials.code ?? '', redirect: false });
  redirect(path);
}

/** Ends the session and goes to the home page, by a relative redirect as above. */
export async function signOutAndGoHome(): Promise<never> {
  await signOut({ redirect: false });
  redirect('/');
}
