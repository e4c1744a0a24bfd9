'use client';

import { useActionState } from 'react';
import type { FormState } from '@/lib/forms';

type Props = {
  action: (previous: FormState | undefined, formData: FormData) => Promise<FormState>;
  fields: Record<string, string | undefined>;
  label: string;
  pendingLabel?: string;
  className?: string;
  /** Asked before a step that cannot be undone. */
  confirm?: string;
  ariaLabel?: string;
};

/** A one-button form (hidden fields + submit) that shows its own outcome next to the button. */
export function ActionButton({ action, fields, label, pendingLabel, className = 'btn-secondary', confirm, ariaLabel }: Props) {
  const [state, formAction, pending] = useActionState(action, undefined);
  return (
    <form
      action={formAction}
      className="inline-flex flex-wrap items-center gap-2"
      onSubmit={(event) => {
        if (confirm && !window.confirm(confirm)) event.preventDefault();
      }}
    >
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
