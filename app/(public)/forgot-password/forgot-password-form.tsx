'use client';

import { useActionState } from 'react';
import { FormMessage, TextField } from '@/components/form-fields';
import { requestPasswordResetAction } from './actions';

export function ForgotPasswordForm({ email }: { email?: string }) {
  const [state, action, pending] = useActionState(requestPasswordResetAction, undefined);
  return (
    <form action={action} noValidate>
      <div aria-live="polite">
        <FormMessage state={state} />
      </div>
      <TextField name="email" label="Email address" type="email" autoComplete="email" state={state} defaultValue={email} />
      <button type="submit" className="btn" disabled={pending}>
        {pending ? 'Sending…' : 'Send me a link'}
      </button>
    </form>
  );
}
