'use client';

import { useActionState } from 'react';
import { FormMessage, TextField } from '@/components/form-fields';
import { signUpAction } from './actions';

export function SignUpForm({ next, email }: { next?: string; email?: string }) {
  const [state, action, pending] = useActionState(signUpAction, undefined);
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
