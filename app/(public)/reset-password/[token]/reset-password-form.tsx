'use client';

import { useActionState } from 'react';
import { FormMessage, TextField } from '@/components/form-fields';
import { resetPasswordAction } from './actions';

export function ResetPasswordForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState(resetPasswordAction, undefined);
  return (
    <form action={action} noValidate>
      <div aria-live="polite">
        <FormMessage state={state} />
      </div>
      <input type="hidden" name="token" value={token} />
      <TextField
        name="password"
        label="New password"
        type="password"
        autoComplete="new-password"
        hint="At least 12 characters. A few unrelated words make a strong password that is easy to remember."
        state={state}
      />
      <button type="submit" className="btn" disabled={pending}>
        {pending ? 'Saving…' : 'Set the new password'}
      </button>
    </form>
  );
}
