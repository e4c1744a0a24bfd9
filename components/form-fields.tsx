import type { Ref } from 'react';
import type { FormState } from '@/lib/forms';

type FieldProps = {
  name: string;
  label: string;
  state: FormState | undefined;
  type?: 'text' | 'email' | 'password' | 'date';
  autoComplete?: string;
  hint?: string;
  defaultValue?: string;
  required?: boolean;
  /** Given, the field is a textarea of this many rows. */
  rows?: number;
  idPrefix?: string;
};

/** Errors for a field, including those on its items (`commitments.0`). */
export function fieldErrorsFor(state: FormState | undefined, name: string): string[] | undefined {
  const entries = Object.entries(state?.fieldErrors ?? {}).filter(([key]) => key === name || key.startsWith(`${name}.`));
  return entries.length > 0 ? entries.flatMap(([, messages]) => messages) : undefined;
}

/** A labelled input (or textarea) that shows its own error and keeps what was typed after a failed submit. */
export function TextField({ name, label, state, type = 'text', autoComplete, hint, defaultValue, required = true, rows, idPrefix = 'field' }: FieldProps) {
  const errors = fieldErrorsFor(state, name);
  const id = `${idPrefix}-${name}`;
  const describedBy = [hint ? `${id}-hint` : null, errors ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name,
    required,
    'aria-invalid': errors ? true : undefined,
    'aria-describedby': describedBy,
    defaultValue: type === 'password' ? undefined : (state?.values?.[name] ?? defaultValue),
    className: 'field-input',
  };
  return (
    <div className="mb-4">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      {hint && (
        <p id={`${id}-hint`} className="mb-1 text-sm text-slate-600">
          {hint}
        </p>
      )}
      {rows ? <textarea rows={rows} {...common} /> : <input type={type} autoComplete={autoComplete} {...common} />}
      {errors && (
        <p id={`${id}-error`} className="field-error">
          {errors.join(' ')}
        </p>
      )}
    </div>
  );
}

/** The answer of a form's action; `focusRef` makes it focusable from code (components/focused-form-message.tsx). */
export function FormMessage({ state, focusRef }: { state: FormState | undefined; focusRef?: Ref<HTMLDivElement> }) {
  const focusable = focusRef ? { ref: focusRef, tabIndex: -1 } : {};
  if (state?.error) {
    return (
      <div role="alert" {...focusable} className="mb-4 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900">
        {state.error}
      </div>
    );
  }
  if (state?.success) {
    return (
      <div role="status" {...focusable} className="mb-4 rounded-md border border-green-300 bg-green-50 p-3 text-sm text-green-900">
        {state.success}
        {state.secret && (
          <p className="mt-2">
            <span className="font-medium">{state.secretLabel ?? 'Password (shown once)'}: </span>
            <code data-testid="one-time-secret" className="rounded bg-white px-1 font-mono">
              {state.secret}
            </code>
          </p>
        )}
      </div>
    );
  }
  return null;
}
