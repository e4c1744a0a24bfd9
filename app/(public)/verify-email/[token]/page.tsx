import type { Metadata } from 'next';
import { getRuntime } from '@/lib/runtime';
import { getActor } from '@/lib/auth/session';
import { nowDate } from '@/lib/clock';
import { findUsableUserToken } from '@/lib/services/users/user-tokens';
import { VerifyEmailForm } from './verify-email-form';

export const metadata: Metadata = { title: 'Verify your email address', referrer: 'no-referrer' };

export default async function VerifyEmailPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const { db, clock } = await getRuntime();
  const found = await findUsableUserToken(db, token, 'email_verification', nowDate(clock));
  const actor = await getActor();
  return (
    <div className="card mx-auto max-w-md">
      <h1>Verify your email address</h1>
      {'problem' in found ? (
        <p role="alert" className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm" data-testid="link-problem">
          {found.problem} {actor ? 'You can ask for a new link from the notice at the top of the page or on your account page.' : 'Sign in to ask for a new link.'}
        </p>
      ) : (
        <VerifyEmailForm token={token} address={found.row.email} signedIn={!!actor} />
      )}
    </div>
  );
}
