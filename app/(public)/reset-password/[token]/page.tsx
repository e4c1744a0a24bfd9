import type { Metadata } from 'next';
import Link from '@/components/link';
import { getRuntime } from '@/lib/runtime';
import { nowDate } from '@/lib/clock';
import { findUsableUserToken } from '@/lib/services/users/user-tokens';
import { ResetPasswordForm } from './reset-password-form';

export const metadata: Metadata = { title: 'Choose a new password', referrer: 'no-referrer' };

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const { db, clock } = await getRuntime();
  const found = await findUsableUserToken(db, token, 'password_reset', nowDate(clock));
  return (
    <div className="card mx-auto max-w-md">
      <h1>Choose a new password</h1>
      {'problem' in found ? (
        <>
          <p role="alert" className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm" data-testid="link-problem">
            {found.problem}
          </p>
          <p className="text-sm">
            <Link href="/forgot-password">Ask for a new link</Link>
          </p>
        </>
      ) : (
        <>
          <p className="mb-4 text-sm text-slate-700">Choosing a new password signs this account out everywhere, on every device.</p>
          <ResetPasswordForm token={token} />
        </>
      )}
    </div>
  );
}
