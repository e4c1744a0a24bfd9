import type { FormState } from '@/lib/forms';

type FieldProps = {
  name: string;
  label: string;
  state: FormState | undefined;
  type?: 'text' | 'email' | 'password';
  autoComplete?: string;
  hint?: string;
  defaultValue?: string;
  required?: boolean;
};

/** A labelled input that shows its own error and keeps what was typed after a failed submit. */
export function TextField({ name, label, state, type = 'text', autoComplete, hint, defaultValue, required = true }: FieldProps) {
  const errors = state?.fieldErrors?.[name];
  const id = `field-${name}`;
  const describedBy = [hint ? `${id}-hint` : null, errors ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
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
      <input
        id={id}
        name={name}
        type={type}
        autoComplete={autoComplete}
        required={required}
        aria-invalid={errors ? true : undefined}
        aria-describedby={describedBy}
        defaultValue={type === 'password' ? undefined : (state?.values?.[name] ?? defaultValue)}
        className="field-input"
      />
      {errors && (
        <p id={`${id}-error`} className="field-error">
          {errors.join(' ')}
        </p>
      )}
    </div>
  );
}

export function FormMessage({ state }: { state: FormState | undefined }) {
  if (state?.error) {
    return (
      <div role="alert" className="mb-4 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900">
        {state.error}
      </div>
    );
  }
  if (state?.success) {
    return (
      <div role="status" className="mb-4 rounded-md border border-green-300 bg-green-50 p-3 text-sm text-green-900">
        {state.success}
        {state.secret && (
          <p className="mt-2">
            <span className="font-medium">Password (shown once): </span>
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
