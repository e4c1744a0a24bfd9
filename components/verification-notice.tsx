'use client';

import { useActionState } from 'react';
import { resendVerificationAction } from '@/app/actions/resend-verification';

/** Shown on every page to a signed-in user whose address is not verified yet. */
export function VerificationNotice({ email }: { email: string }) {
  const [state, action, pending] = useActionState(resendVerificationAction, undefined);
  return (
    <section aria-label="Verify your email address" data-testid="verification-notice" className="mb-6 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
      <p>
        <span className="font-medium">Verify your email address.</span> We mailed a link to {email}. Until you open it, you can look around but not create an
        organization, add a site, file a complaint under your name or accept an invitation.
      </p>
      <form action={action} className="mt-2 flex flex-wrap items-center gap-3">
        <button type="submit" className="btn-secondary" disabled={pending}>
          {pending ? 'Sending…' : 'Resend the link'}
        </button>
        <span aria-live="polite" role={state?.error ? 'alert' : 'status'}>
          {state?.error ?? state?.success}
        </span>
      </form>
    </section>
  );
}
