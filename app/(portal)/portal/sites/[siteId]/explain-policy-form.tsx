'use client';

import { useActionState } from 'react';
import { FormMessage, TextField } from '@/components/form-fields';
import { explainPolicyChangeAction } from './policy-actions';

/** Explain a change the monitor found; writing again replaces the explanation. */
export function ExplainPolicyForm({ siteId, changeId, current }: { siteId: string; changeId: string; current: string | null }) {
  const [state, action, pending] = useActionState(explainPolicyChangeAction, undefined);
  return (
    <form action={action} className="card max-w-2xl" aria-label="Explain this change">
      <div aria-live="polite">
        <FormMessage state={state} />
      </div>
      <input type="hidden" name="siteId" value={siteId} />
      <input type="hidden" name="changeId" value={changeId} />
      <TextField name="explanation" label={current ? 'Your explanation (you can change it)' : 'Explain the change to the reviewers'} state={state} rows={3} required={false} defaultValue={current ?? ''} idPrefix={`explain-${changeId}`} />
      <button type="submit" className="btn" disabled={pending}>
        Send the explanation
      </button>
    </form>
  );
}
