'use client';

import { useActionState } from 'react';
import { assignAction } from './actions';

type Props = { applicationId: string; label: string; reviewers: Array<{ id: string; name: string }>; current: string | null };

/** The administrator's control: give the application to a reviewer (the service refuses one with a conflict). */
export function AssignForm({ applicationId, label, reviewers, current }: Props) {
  const [state, action, pending] = useActionState(assignAction, undefined);
  const id = `assign-${applicationId}`;
  return (
    <form action={action} className="inline-flex flex-wrap items-center gap-2">
      <input type="hidden" name="applicationId" value={applicationId} />
      <label htmlFor={id} className="sr-only">
        Assign {label} to
      </label>
      <select id={id} name="reviewerId" defaultValue={current ?? ''} className="rounded border border-slate-400 px-2 py-1 text-sm">
        <option value="" disabled>
          Choose a reviewer
        </option>
        {reviewers.map((reviewer) => (
          <option key={reviewer.id} value={reviewer.id}>
            {reviewer.name}
          </option>
        ))}
      </select>
      <button type="submit" className="btn-secondary" disabled={pending}>
        Assign
      </button>
      <span aria-live="polite" role={state?.error ? 'alert' : undefined} className={`text-sm ${state?.error ? 'text-red-800' : 'text-green-800'}`}>
        {state?.error ?? state?.success}
      </span>
    </form>
  );
}
