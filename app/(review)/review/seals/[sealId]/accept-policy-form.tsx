'use client';

import { useActionState } from 'react';
import { FormMessage, fieldErrorsFor } from '@/components/form-fields';
import { acceptPolicyChangeAction } from './policy-actions';

/** Accept the newest change as the certified policy, with the reason the audit trail keeps. */
export function AcceptPolicyForm({ sealId, changeId }: { sealId: string; changeId: string }) {
  const [state, action, pending] = useActionState(acceptPolicyChangeAction, undefined);
  const errors = fieldErrorsFor(state, 'note');
  return (
    <form action={action} className="card max-w-2xl" aria-labelledby="accept-policy-heading">
      <div aria-live="polite">
        <FormMessage state={state} />
      </div>
      <h4 id="accept-policy-heading" className="font-semibold">Accept as the new certified text</h4>
      <input type="hidden" name="sealId" value={sealId} />
      <input type="hidden" name="changeId" value={changeId} />
      <label htmlFor="accept-policy-note" className="field-label mt-2">Why the new text may be certified</label>
      <textarea
        id="accept-policy-note"
        name="note"
        rows={2}
        className="field-input"
        defaultValue={state?.values?.note ?? ''}
        aria-invalid={errors ? true : undefined}
        aria-describedby={errors ? 'accept-policy-note-error' : undefined}
      />
      {errors && (
        <p id="accept-policy-note-error" className="field-error">
          {errors.join(' ')}
        </p>
      )}
      <button type="submit" className="btn mt-3" disabled={pending}>
        Accept the new text
      </button>
    </form>
  );
}
