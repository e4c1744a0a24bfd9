'use client';

import Link from '@/components/link';
import { useActionState } from 'react';
import { FormMessage } from '@/components/form-fields';
import { verifyEmailAction } from './actions';

/**
 * A button, not a verification on opening the page: mail scanners open links, and must not use
 * the one-time token before the person does.
 */
export function VerifyEmailForm({ token, address, signedIn }: { token: string; address: string; signedIn: boolean }) {
  const [state, action, pending] = useActionState(verifyEmailAction, undefined);
  if (state?.success) {
    return (
      <div>
        <FormMessage state={state} />
        <p className="text-sm">{signedIn ? <Link href="/portal">Go to the portal</Link> : <Link href="/login">Sign in</Link>}</p>
      </div>
    );
  }
  return (
    <form action={action}>
      <div aria-live="polite">
        <FormMessage state={state} />
      </div>
      <input type="hidden" name="token" value={token} />
      <button type="submit" className="btn" disabled={pending}>
        {pending ? 'Verifying…' : `Verify ${address}`}
      </button>
    </form>
  );
}
