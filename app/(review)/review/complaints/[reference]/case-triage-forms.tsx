'use client';

import { useActionState } from 'react';
import { FormMessage, TextField } from '@/components/form-fields';
import { mergeIntoCaseAction, openCaseAction } from './case-triage-actions';

/** Opens a case from the complaint, with an optional title. */
export function OpenCaseForm({ complaintRef, suggestedTitle }: { complaintRef: string; suggestedTitle: string }) {
  const [state, action, pending] = useActionState(openCaseAction, undefined);
  return (
    <form action={action} noValidate className="card max-w-2xl" aria-labelledby="open-case-heading">
      <h3 id="open-case-heading" className="mt-0 font-semibold">
        Open a case
      </h3>
      <p className="mb-3 text-sm text-slate-700">Starts an investigation of the organization, assigned to you. The complainant is mailed that an investigation is open.</p>
      <div aria-live="polite">
        <FormMessage state={state} />
      </div>
      <input type="hidden" name="complaintRef" value={complaintRef} />
      <TextField name="title" label="Case title" state={state} idPrefix="case" required={false} defaultValue={suggestedTitle} hint="One line that reviewers see in the case queue." />
      <button type="submit" className="btn" disabled={pending}>
        Open a case
      </button>
    </form>
  );
}

/** Adds the complaint to one of the organization's open cases. */
export function MergeIntoCaseForm({ complaintRef, cases }: { complaintRef: string; cases: Array<{ reference: string; label: string }> }) {
  const [state, action, pending] = useActionState(mergeIntoCaseAction, undefined);
  return (
    <form action={action} noValidate className="card max-w-2xl" aria-labelledby="merge-case-heading">
      <h3 id="merge-case-heading" className="mt-0 font-semibold">
        Add to a case
      </h3>
      <p className="mb-3 text-sm text-slate-700">The organization already has an open case: add this complaint to it rather than opening another.</p>
      <div aria-live="polite">
        <FormMessage state={state} />
      </div>
      <input type="hidden" name="complaintRef" value={complaintRef} />
      <label htmlFor="merge-caseRef" className="field-label">
        Case
      </label>
      <select key={state?.values?.caseRef ?? ''} id="merge-caseRef" name="caseRef" className="field-input" defaultValue={state?.values?.caseRef ?? cases[0]?.reference ?? ''}>
        {cases.map((item) => (
          <option key={item.reference} value={item.reference}>
            {item.label}
          </option>
        ))}
      </select>
      <button type="submit" className="btn-secondary mt-3" disabled={pending}>
        Add to case {cases.length === 1 ? cases[0]!.reference : ''}
      </button>
    </form>
  );
}
