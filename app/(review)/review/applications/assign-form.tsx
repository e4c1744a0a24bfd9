'use client';

import { useActionState } from 'react';
import { ReviewerSelect } from '../_components/reviewer-select';
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
      <ReviewerSelect id={id} name="reviewerId" reviewers={reviewers} current={current} className="text-sm" />
      <button type="submit" className="btn-secondary" disabled={pending}>
        Assign
      </button>
      <span aria-live="polite" role={state?.error ? 'alert' : undefined} className={`text-sm ${state?.error ? 'text-red-800' : 'text-green-800'}`}>
        {state?.error ?? state?.success}
      </span>
    </form>
  );
}
