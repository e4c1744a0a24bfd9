'use client';

import { useActionState } from 'react';
import type { FormState } from '@/lib/forms';
import { useConfirmBeforeSubmit } from './confirm-dialog';

type Props = {
  action: (previous: FormState | undefined, formData: FormData) => Promise<FormState>;
  fields: Record<string, string | undefined>;
  label: string;
  pendingLabel?: string;
  className?: string;
  /** Asked, in a dialog, before a step that cannot be undone; its "yes" button repeats `label`. */
  confirm?: string;
  /** A sentence under the question: what happens next. */
  confirmDetail?: string;
  ariaLabel?: string;
};

/** A one-button form (hidden fields + submit) that shows its own outcome next to the button. */
export function ActionButton({ action, fields, label, pendingLabel, className = 'btn-secondary', confirm, confirmDetail, ariaLabel }: Props) {
  const [state, formAction, pending] = useActionState(action, undefined);
  const { formRef, onSubmit, dialog } = useConfirmBeforeSubmit({ question: confirm, detail: confirmDetail, confirmLabel: label });
  return (
    <form ref={formRef} action={formAction} className="inline-flex flex-wrap items-center gap-2" onSubmit={onSubmit}>
      {dialog}
      {Object.entries(fields).map(([name, value]) => (value === undefined ? null : <input key={name} type="hidden" name={name} value={value} />))}
      <button type="submit" className={className} disabled={pending} aria-label={ariaLabel}>
        {pending ? (pendingLabel ?? label) : label}
      </button>
      <span aria-live="polite" role={state?.error ? 'alert' : undefined} className={`text-sm ${state?.error ? 'text-red-800' : 'text-green-800'}`}>
        {state?.error ?? state?.success}
      </span>
    </form>
  );
}
