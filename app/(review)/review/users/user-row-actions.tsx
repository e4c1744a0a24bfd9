'use client';

import { useActionState } from 'react';
import { userAdminAction } from './actions';

type Props = { userId: string; email: string; role: string; disabled: boolean; isSelf: boolean };

export function UserRowActions({ userId, email, role, disabled, isSelf }: Props) {
  const [state, action, pending] = useActionState(userAdminAction, undefined);
  return (
    <div className="flex flex-wrap items-center gap-2">
      <form action={action} className="flex items-center gap-2">
        <input type="hidden" name="userId" value={userId} />
        <input type="hidden" name="intent" value="change-role" />
        <label className="sr-only" htmlFor={`role-${userId}`}>
          Role of {email}
        </label>
        <select id={`role-${userId}`} name="role" defaultValue={role} className="rounded border border-slate-400 px-2 py-1 text-sm">
          <option value="applicant">Applicant</option>
          <option value="reviewer">Reviewer</option>
          <option value="admin">Administrator</option>
        </select>
        <button type="submit" className="btn-secondary" disabled={pending} aria-label={`Change role of ${email}`}>
          Change role
        </button>
      </form>
      {!isSelf && (
        <form action={action}>
          <input type="hidden" name="userId" value={userId} />
          <input type="hidden" name="intent" value={disabled ? 'enable' : 'disable'} />
          <button type="submit" className={disabled ? 'btn-secondary' : 'btn-danger'} disabled={pending} aria-label={`${disabled ? 'Enable' : 'Disable'} ${email}`}>
            {disabled ? 'Enable' : 'Disable'}
          </button>
        </form>
      )}
      <span aria-live="polite" className={`text-sm ${state?.error ? 'text-red-800' : 'text-green-800'}`}>
        {state?.error ?? state?.success}
      </span>
    </div>
  );
}
