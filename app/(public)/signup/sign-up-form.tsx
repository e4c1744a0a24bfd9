'use client';

import Link from '@/components/link';
import { useActionState } from 'react';
import { FormMessage, TextField } from '@/components/form-fields';
import { signUpAction } from './actions';

export function SignUpForm({ next, email }: { next?: string; email?: string }) {
  const [state, action, pending] = useActionState(signUpAction, undefined);
  if (state?.success) {
    const returnTo = state.values?.next || next;
    return (
      <div data-testid="sign-up-sent">
        <FormMessage state={state} />
        <p className="text-sm">
          Then <Link href={returnTo ? `/login?next=${encodeURIComponent(returnTo)}` : '/login'}>sign in</Link>.
        </p>
      </div>
    );
  }
  return (
    <form action={action} noValidate>
      <div aria-live="polite">
        <FormMessage state={state} />
      </div>
      <input type="hidden" name="next" value={state?.values?.next ?? next ?? ''} />
      <TextField name="name" label="Your name" autoComplete="name" state={state} />
      <TextField name="email" label="Email address" type="email" autoComplete="email" state={state} defaultValue={email} />
      <TextField
        name="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        hint="At least 12 characters. A few unrelated words make a strong password that is easy to remember."
        state={state}
      />
      <button type="submit" className="btn" disabled={pending}>
        {pending ? 'Creating your account…' : 'Create account'}
      </button>
    </form>
  );
}
