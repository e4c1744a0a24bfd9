'use client';

import { useActionState } from 'react';
import { FormMessage, TextField } from '@/components/form-fields';
import { acceptPolicyChangeAction } from './policy-actions';

/** Accept the newest change as the certified policy, with the reason the audit trail keeps. */
export function AcceptPolicyForm({ sealId, changeId }: { sealId: string; changeId: string }) {
  const [state, action, pending] = useActionState(acceptPolicyChangeAction, undefined);
  return (
    <form action={action} className="card max-w-2xl" aria-labelledby="accept-policy-heading">
      <div aria-live="polite">
        <FormMessage state={state} />
      </div>
      <h4 id="accept-policy-heading" className="font-semibold">Accept as the new certified text</h4>
      <input type="hidden" name="sealId" value={sealId} />
      <input type="hidden" name="changeId" value={changeId} />
      <TextField name="note" label="Why the new text may be certified" state={state} rows={2} required={false} idPrefix="accept-policy" />
      <button type="submit" className="btn" disabled={pending}>
        Accept the new text
      </button>
    </form>
  );
}
