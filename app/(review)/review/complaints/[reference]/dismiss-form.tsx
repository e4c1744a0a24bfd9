'use client';

import { useActionState } from 'react';
import { FormMessage, fieldErrorsFor } from '@/components/form-fields';
import type { ComplaintDismissalReason } from '@/db/schema';
import { dismissalReasonLabels } from '@/lib/complaints/labels';
import { dismissComplaintAction } from '../actions';

const reasons = Object.keys(dismissalReasonLabels) as ComplaintDismissalReason[];

/** Dismissal with a reason and a note; both are what the complainant reads on the tracking page. */
export function DismissComplaintForm({ reference }: { reference: string }) {
  const [state, action, pending] = useActionState(dismissComplaintAction, undefined);
  const reasonErrors = fieldErrorsFor(state, 'reason');
  const noteErrors = fieldErrorsFor(state, 'note');
  if (state?.success) {
    return (
      <div aria-live="polite">
        <FormMessage state={state} />
      </div>
    );
  }
  return (
    <form action={action} noValidate className="card max-w-2xl" aria-labelledby="dismiss-heading">
      <h3 id="dismiss-heading" className="mt-0 font-semibold">
        Dismiss
      </h3>
      <p className="mb-3 text-sm text-slate-700">Closes the complaint without a case. The complainant reads the reason and your note, and is mailed.</p>
      <div aria-live="polite">
        <FormMessage state={state} />
      </div>
      <input type="hidden" name="complaint" value={reference} />
      <label htmlFor="dismiss-reason" className="field-label">
        Reason
      </label>
      <select key={state?.values?.reason ?? ''} id="dismiss-reason" name="reason" className="field-input" defaultValue={state?.values?.reason ?? ''} aria-invalid={reasonErrors ? true : undefined}>
        <option value="" disabled>
          Choose a reason…
        </option>
        {reasons.map((reason) => (
          <option key={reason} value={reason}>
            {dismissalReasonLabels[reason]}
          </option>
        ))}
      </select>
      {reasonErrors && <p className="field-error">{reasonErrors.join(' ')}</p>}
      <label htmlFor="dismiss-note" className="field-label mt-3">
        Note to the complainant
      </label>
      <textarea id="dismiss-note" name="note" rows={3} className="field-input" defaultValue={state?.values?.note ?? ''} aria-invalid={noteErrors ? true : undefined} />
      {noteErrors && <p className="field-error">{noteErrors.join(' ')}</p>}
      <button type="submit" className="btn-danger mt-3" disabled={pending}>
        Dismiss the complaint
      </button>
    </form>
  );
}
