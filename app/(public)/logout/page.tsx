import type { Metadata } from 'next';
import Link from '@/components/link';
import { getActor } from '@/lib/auth/session';
import { signOutAction } from '@/app/actions/sign-out';

export const metadata: Metadata = { title: 'Sign out' };

/**
 * Our sign-out page, in place of Auth.js's own (lib/auth/auth.ts sends GET /api/auth/signout here).
 * Its form posts to this page, on the origin the browser is on, never to an address the server
 * builds; it ends every session of the account, as the header's button does. Reading the page
 * signs nobody out: only the button does.
 */
export default async function SignOutPage() {
  const actor = await getActor();
  if (!actor) {
    return (
      <div className="card mx-auto max-w-md">
        <h1>Sign out</h1>
        <p className="mb-4" data-testid="sign-out-status">
          You are not signed in.
        </p>
        <p className="text-sm">
          <Link href="/login">Sign in</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="card mx-auto max-w-md">
      <h1>Sign out</h1>
      <p className="mb-4" data-testid="sign-out-status">
        You are signed in as {actor.email}. Signing out ends your sessions on every device, not only this one.
      </p>
      <form action={signOutAction} aria-label="Sign out of OpenSeal">
        <button type="submit" className="btn">
          Sign out
        </button>
      </form>
    </div>
  );
}
