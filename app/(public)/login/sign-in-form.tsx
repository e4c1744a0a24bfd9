'use client';

import { useActionState } from 'react';
import { FormMessage, TextField } from '@/components/form-fields';
import { signInAction } from './actions';

export function SignInForm({ next }: { next?: string }) {
  const [state, action, pending] = useActionState(signInAction, undefined);
  return (
    <form action={action} noValidate aria-describedby="sign-in-status">
      <div id="sign-in-status" aria-live="polite">
        <FormMessage state={state} />
      </div>
      <input type="hidden" name="next" value={state?.values?.next ?? next ?? ''} />
      <TextField name="email" label="Email address" type="email" autoComplete="username" state={state} />
      <TextField name="password" label="Password" type="password" autoComplete="current-password" state={state} />
      <button type="submit" className="btn" disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
