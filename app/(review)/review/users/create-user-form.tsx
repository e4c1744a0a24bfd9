'use client';

import { useActionState } from 'react';
import { FormMessage, TextField } from '@/components/form-fields';
import { createUserAction } from './actions';

export function CreateUserForm() {
  const [state, action, pending] = useActionState(createUserAction, undefined);
  return (
    <form action={action} noValidate className="card max-w-lg" aria-labelledby="create-user-heading">
      <h2 id="create-user-heading" className="mt-0">
        Create an account
      </h2>
      <div aria-live="polite">
        <FormMessage state={state} />
      </div>
      <TextField name="name" label="Name" state={state} />
      <TextField name="email" label="Email address" type="email" state={state} />
      <div className="mb-4">
        <label htmlFor="field-role" className="field-label">
          Role
        </label>
        <select key={state?.values?.role ?? ''} id="field-role" name="role" className="field-input" defaultValue={state?.values?.role ?? 'reviewer'}>
          <option value="reviewer">Reviewer</option>
          <option value="admin">Administrator</option>
          <option value="applicant">Applicant</option>
        </select>
      </div>
      <TextField
        name="password"
        label="Password (optional)"
        type="password"
        autoComplete="new-password"
        hint="Leave empty to generate one; it is shown once."
        required={false}
        state={state}
      />
      <button type="submit" className="btn" disabled={pending}>
        Create account
      </button>
    </form>
  );
}
