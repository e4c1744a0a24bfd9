'use client';

import { useActionState } from 'react';
import type { FormState } from '@/lib/forms';
import type { UserListEntry } from '@/lib/services/users/list-users';
import { userAdminAction } from './actions';
import { resendVerificationMailAction, sendPasswordResetLinkAction } from './account-mail-actions';
import { resetSecondFactorAction } from './second-factor-actions';

type Props = { user: Pick<UserListEntry, 'id' | 'email' | 'role' | 'disabledAt' | 'emailVerifiedAt' | 'hasSecondFactor'>; isSelf: boolean };

type RecoveryAction = (previous: FormState | undefined, formData: FormData) => Promise<FormState>;

/**
 * One account-recovery button with its own answer beside it (each action is its own door). When
 * what it did takes the button away (a second factor reset), the answer stays in its place.
 */
function RecoveryButton({ action, userId, label, accessibleName, available }: { action: RecoveryAction; userId: string; label: string; accessibleName: string; available: boolean }) {
  const [state, formAction, pending] = useActionState(action, undefined);
  if (!available) {
    return state?.success ? (
      <span aria-live="polite" className="text-sm text-green-800">
        {state.success}
      </span>
    ) : null;
  }
  return (
    <form action={formAction} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="userId" value={userId} />
      <button type="submit" className="btn-secondary" disabled={pending} aria-label={accessibleName}>
        {label}
      </button>
      <span aria-live="polite" className={`text-sm ${state?.error ? 'text-red-800' : 'text-green-800'}`}>
        {state?.error ?? state?.success}
      </span>
    </form>
  );
}

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
      <RecoveryButton action={sendPasswordResetLinkAction} available={!disabled} userId={userId} label="Send reset link" accessibleName={`Send reset link to ${email}`} />
      <RecoveryButton
        action={resendVerificationMailAction}
        available={!disabled && !user.emailVerifiedAt}
        userId={userId}
        label="Resend verification"
        accessibleName={`Resend verification to ${email}`}
      />
      <RecoveryButton action={resetSecondFactorAction} available={user.hasSecondFactor} userId={userId} label="Reset second factor" accessibleName={`Reset second factor of ${email}`} />
      <span aria-live="polite" className={`text-sm ${state?.error ? 'text-red-800' : 'text-green-800'}`}>
        {state?.error ?? state?.success}
      </span>
    </div>
  );
}
