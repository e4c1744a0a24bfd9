'use client';

import { useActionState } from 'react';
import { FormMessage } from '@/components/form-fields';
import { updateSignInPolicyAction } from './actions';

export function SignInPolicyForm({ requireStaffSecondFactor }: { requireStaffSecondFactor: boolean }) {
  const [state, action, pending] = useActionState(updateSignInPolicyAction, undefined);
  return (
    <form action={action} aria-labelledby="sign-in-policy-heading" className="card">
      <h2 id="sign-in-policy-heading" className="mt-0">
        Sign-in
      </h2>
      <div aria-live="polite">
        <FormMessage state={state} />
      </div>
      <div className="mb-4 flex items-start gap-2">
        <input id="requireStaffSecondFactor" name="requireStaffSecondFactor" type="checkbox" defaultChecked={requireStaffSecondFactor} aria-describedby="requireStaffSecondFactor-hint" className="mt-1" />
        <div>
          <label htmlFor="requireStaffSecondFactor" className="font-medium">
            Require a second factor for admins and reviewers
          </label>
          <p id="requireStaffSecondFactor-hint" className="text-sm text-slate-600">
            A reviewer or administrator without two-factor sign-in is sent to set it up after signing in, and has only an applicant’s rights until then.
          </p>
        </div>
      </div>
      <button type="submit" className="btn-secondary" disabled={pending}>
        Save
      </button>
    </form>
  );
}
