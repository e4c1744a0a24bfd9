'use client';

import { useActionState } from 'react';
import type { UserListEntry } from '@/lib/services/users/list-users';
import { userAdminAction } from './actions';

type Props = { user: Pick<UserListEntry, 'id' | 'email' | 'role' | 'disabledAt'>; isSelf: boolean };

/**
 * What an admin can do to one account, in its row of the users list. Each button is a form that
 * posts an `intent` to `userAdminAction`; every intent has its own row in the permission table.
 */
export function UserRowActions({ user, isSelf }: Props) {
  const [state, action, pending] = useActionState(userAdminAction, undefined);
  const { id: userId, email } = user;
  const disabled = !!user.disabledAt;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <form action={action} className="flex items-center gap-2">
        <input type="hidden" name="userId" value={userId} />
        <input type="hidden" name="intent" value="change-role" />
        <label className="sr-only" htmlFor={`role-${userId}`}>
          Role of {email}
        </label>
        <select id={`role-${userId}`} name="role" defaultValue={user.role} className="rounded border border-slate-400 px-2 py-1 text-sm">
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
      {/*
        Account recovery goes here (issue 11): "Send a password reset link", "Resend the verification
        mail", "Reset the second factor". Each one a form like the ones above — hidden userId, its own
        intent handled in userAdminAction (actions.ts) and a row in lib/auth/permissions.ts — so the
        answer shows in the status line below. `user` carries the row; widen its Pick for more fields.
      */}
      <span aria-live="polite" className={`text-sm ${state?.error ? 'text-red-800' : 'text-green-800'}`}>
        {state?.error ?? state?.success}
      </span>
    </div>
  );
}
