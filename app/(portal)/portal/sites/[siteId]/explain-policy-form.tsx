'use client';

import { useActionState } from 'react';
import { FormMessage, fieldErrorsFor } from '@/components/form-fields';
import { explainPolicyChangeAction } from './policy-actions';

/** Explain a change the monitor found; writing again replaces the explanation. */
export function ExplainPolicyForm({ siteId, changeId, current }: { siteId: string; changeId: string; current: string | null }) {
  const [state, action, pending] = useActionState(explainPolicyChangeAction, undefined);
  const errors = fieldErrorsFor(state, 'explanation');
  const id = `explain-${changeId}`;
  return (
    <form action={action} className="card max-w-2xl" aria-label="Explain this change">
      <div aria-live="polite">
        <FormMessage state={state} />
      </div>
      <input type="hidden" name="siteId" value={siteId} />
      <input type="hidden" name="changeId" value={changeId} />
      <label htmlFor={id} className="field-label">
        {current ? 'Your explanation (you can change it)' : 'Explain the change to the reviewers'}
      </label>
      <textarea
        id={id}
        name="explanation"
        rows={3}
        className="field-input"
        defaultValue={state?.values?.explanation ?? current ?? ''}
        aria-invalid={errors ? true : undefined}
        aria-describedby={errors ? `${id}-error` : undefined}
      />
      {errors && (
        <p id={`${id}-error`} className="field-error">
          {errors.join(' ')}
        </p>
      )}
      <button type="submit" className="btn mt-3" disabled={pending}>
        Send the explanation
      </button>
    </form>
  );
}
