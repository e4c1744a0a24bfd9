import type { FormState } from '@/lib/forms';

/** Errors for a field, including those on its items (`commitments.0`). */
function errorsFor(state: FormState | undefined, name: string): string[] | undefined {
  const entries = Object.entries(state?.fieldErrors ?? {}).filter(([key]) => key === name || key.startsWith(`${name}.`));
  return entries.length > 0 ? entries.flatMap(([, messages]) => messages) : undefined;
}

function describedBy(id: string, hint: boolean, errors: boolean) {
  return [hint ? `${id}-hint` : null, errors ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
}

type TextAreaProps = { name: string; label: string; state: FormState | undefined; defaultValue?: string; hint?: string; rows?: number; required?: boolean; idPrefix?: string };

/** A labelled textarea that shows its own error and keeps what was typed after a failed submit. */
export function TextAreaField({ name, label, state, defaultValue, hint, rows = 4, required = true, idPrefix = 'field' }: TextAreaProps) {
  const errors = errorsFor(state, name);
  const id = `${idPrefix}-${name}`;
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
      <textarea
        id={id}
        name={name}
        rows={rows}
        required={required}
        aria-invalid={errors ? true : undefined}
        aria-describedby={describedBy(id, !!hint, !!errors)}
        defaultValue={state?.values?.[name] ?? defaultValue}
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

/** A checkbox; after a failed submit it shows what was sent (an unticked box sends nothing). */
export function CheckboxField({ name, label, state, defaultChecked }: { name: string; label: string; state: FormState | undefined; defaultChecked: boolean }) {
  const checked = state?.values ? state.values[name] === 'on' : defaultChecked;
  return (
    <div className="mb-4 flex items-center gap-2">
      <input id={`field-${name}`} name={name} type="checkbox" defaultChecked={checked} className="h-4 w-4" />
      <label htmlFor={`field-${name}`}>{label}</label>
    </div>
  );
}

/** Mandatory or recommended, as radio buttons in a fieldset. */
export function RequirementField({ state, defaultValue }: { state: FormState | undefined; defaultValue: string }) {
  const value = state?.values?.requirement ?? defaultValue;
  const errors = errorsFor(state, 'requirement');
  return (
    <fieldset className="mb-4" aria-describedby={errors ? 'field-requirement-error' : undefined}>
      <legend className="field-label">Requirement</legend>
      {[
        ['mandatory', 'Mandatory: a seal needs it met'],
        ['recommended', 'Recommended: assessed, but does not block a seal'],
      ].map(([option, label]) => (
        <div key={option} className="flex items-center gap-2">
          <input id={`field-requirement-${option}`} type="radio" name="requirement" value={option} defaultChecked={value === option} />
          <label htmlFor={`field-requirement-${option}`}>{label}</label>
        </div>
      ))}
      {errors && (
        <p id="field-requirement-error" className="field-error">
          {errors.join(' ')}
        </p>
      )}
    </fieldset>
  );
}
