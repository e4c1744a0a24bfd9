'use client';

import { useActionState } from 'react';
import { TextField } from '@/components/form-fields';
import { FocusedFormMessage } from '@/components/focused-form-message';
import { acceptPolicyChangeAction } from './policy-actions';

/**
 * Accept the newest change as the certified policy, with the reason the audit trail keeps. Drawn
 * while the seal is watched, the form only while a change is open (`changeId`): accepting it closes
 * the change, and the answer must stay in view (and keep the focus) once the form is gone.
 */
export function AcceptPolicyForm({ sealId, changeId }: { sealId: string; changeId: string | null }) {
  const [state, action, pending] = useActionState(acceptPolicyChangeAction, undefined);
  return (
    <>
      <FocusedFormMessage state={state} />
      {changeId && (
        <form action={action} className="card max-w-2xl" aria-labelledby="accept-policy-heading">
          <h4 id="accept-policy-heading" className="font-semibold">Accept as the new certified text</h4>
          <input type="hidden" name="sealId" value={sealId} />
          <input type="hidden" name="changeId" value={changeId} />
          <TextField name="note" label="Why the new text may be certified" state={state} rows={2} required={false} idPrefix="accept-policy" />
          <button type="submit" className="btn" disabled={pending}>
            Accept the new text
          </button>
        </form>
      )}
    </>
  );
}
