'use client';

import { useActionState } from 'react';
import { FormMessage, TextField } from '@/components/form-fields';
import { changeNameAction, changePasswordAction, requestEmailChangeAction } from './actions';

export function ChangeNameForm({ name }: { name: string }) {
  const [state, action, pending] = useActionState(changeNameAction, undefined);
  return (
    <form action={action} noValidate>
      <FormMessage state={state} />
      <TextField name="name" label="Your name" autoComplete="name" state={state} defaultValue={name} idPrefix="name" />
      <button type="submit" className="btn" disabled={pending}>
        Save name
      </button>
    </form>
  );
}

export function ChangeEmailForm() {
  const [state, action, pending] = useActionState(requestEmailChangeAction, undefined);
  return (
    <form action={action} noValidate>
      <FormMessage state={state} />
      <TextField name="email" label="New email address" type="email" autoComplete="email" state={state} idPrefix="email" />
      <TextField name="currentPassword" label="Current password" type="password" autoComplete="current-password" state={state} idPrefix="email" />
      <button type="submit" className="btn" disabled={pending}>
        Send a confirmation link
      </button>
    </form>
  );
}

export function ChangePasswordForm() {
  const [state, action, pending] = useActionState(changePasswordAction, undefined);
  return (
    <form action={action} noValidate>
      <FormMessage state={state} />
      <TextField name="currentPassword" label="Current password" type="password" autoComplete="current-password" state={state} idPrefix="password" />
      <TextField
        name="password"
        label="New password"
        type="password"
        autoComplete="new-password"
        hint="At least 12 characters. Changing it signs you out on every other device."
        state={state}
        idPrefix="password"
      />
      <button type="submit" className="btn" disabled={pending}>
        Change password
      </button>
    </form>
  );
}
