'use client';

import { useActionState } from 'react';
import { FormMessage, TextField } from '@/components/form-fields';
import { fileAppealAction } from './actions';

/** Appeals one decision in effect, before its deadline; the grounds go to an uninvolved reviewer. */
export function AppealForm({ caseRef, decisionId, outcome, until }: { caseRef: string; decisionId: string; outcome: string; until: string }) {
  const [state, action, pending] = useActionState(fileAppealAction, undefined);
  if (state?.success) return <FormMessage state={state} />;
  return (
    <details className="mt-3" open={!!state?.error}>
      <summary className="cursor-pointer text-sm font-medium">Appeal this decision…</summary>
      <form action={action} noValidate className="mt-2" aria-label={`Appeal the decision “${outcome}”`}>
        <div aria-live="polite">
          <FormMessage state={state} />
        </div>
        <input type="hidden" name="caseRef" value={caseRef} />
        <input type="hidden" name="decisionId" value={decisionId} />
        <TextField
          name="grounds"
          label="Grounds of the appeal"
          rows={5}
          hint={`What the decision got wrong, and what shows it. A reviewer who took no part in the case decides. You can appeal once, until ${until}.`}
          state={state}
          idPrefix={`appeal-${decisionId}`}
        />
        <button type="submit" className="btn" disabled={pending}>
          {pending ? 'Filing…' : 'File the appeal'}
        </button>
      </form>
    </details>
  );
}
