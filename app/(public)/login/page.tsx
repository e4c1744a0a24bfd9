import type { Metadata } from 'next';
import Link from '@/components/link';
import { redirect } from 'next/navigation';
import { getActor } from '@/lib/auth/session';
import { safeReturnPath } from '@/lib/safe-redirect';
import { landingPathFor } from '@/lib/auth/return-after-sign-in';
import { SignInForm } from './sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const next = typeof params.next === 'string' ? safeReturnPath(params.next) : undefined;
  const actor = await getActor();
  if (actor) redirect(next ?? landingPathFor(actor.role));
  return (
    <div className="card mx-auto max-w-md">
      <h1>Sign in</h1>
      {params.reason === 'disabled' && (
        <p role="alert" className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
          Your session has ended: this account has been disabled or removed. Contact the seal program’s administrators if you think this is a mistake.
        </p>
      )}
      {params.reason === 'ended' && (
        <p role="alert" className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
          Your session has ended: you signed out, or the password was changed, on this or another device. Sign in again.
        </p>
      )}
      {(params.reason === 'password-reset' || params.reason === 'password-changed') && (
        <p role="status" className="mb-4 rounded-md border border-green-300 bg-green-50 p-3 text-sm text-green-900">
          Your new password is set, and every session of your account has been signed out. Sign in with the new password.
        </p>
      )}
      <SignInForm next={next} />
      <p className="mt-4 text-sm">
        <Link href="/forgot-password">Forgot your password?</Link>
      </p>
      <p className="mt-6 text-sm">
        No account yet? <Link href="/signup">Sign up</Link>
      </p>
    </div>
  );
}
