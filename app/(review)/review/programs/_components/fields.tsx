import type { FormState } from '@/lib/forms';
import { fieldErrorsFor } from '@/components/form-fields';

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
  const errors = fieldErrorsFor(state, 'requirement');
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
