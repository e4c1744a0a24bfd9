'use client';

import { useActionState } from 'react';
import { FormMessage, fieldErrorsFor } from '@/components/form-fields';
import type { FormState } from '@/lib/forms';
import { PROGRAM_SETTING_LIMITS, type ProgramSettingName, type ProgramSettings } from '@/lib/programs/settings-limits';
import { updateProgramSettingsAction } from '../settings-actions';

const labels: Record<ProgramSettingName, { label: string; hint: string }> = {
  sealValidityMonths: { label: 'Seal validity', hint: 'How long a seal issued or renewed under this program is valid.' },
  reviewOverdueDays: { label: 'Application overdue after', hint: 'A submitted application waiting longer stands out in the reviewers’ queue.' },
  caseResponseDays: { label: 'Response to a case notice', hint: 'How long a site has to answer a notice or a corrective action. Shown on the public program page.' },
  caseEscalationGraceDays: { label: 'Grace after a missed deadline', hint: 'How long after a missed response deadline the reviewer is prompted to suspend the seal.' },
  caseAppealDays: { label: 'Appeal period', hint: 'How long a site may appeal a case decision.' },
  policyCheckIntervalHours: { label: 'Policy checks', hint: 'How often each certified privacy policy is read again and compared with the certified text; the checks are spread over the period.' },
};

/** A labelled whole-number field with its unit beside it; keeps what was typed after a refusal. */
function NumberField({ name, idPrefix, state, defaultValue }: { name: ProgramSettingName; idPrefix: string; state: FormState | undefined; defaultValue: number }) {
  const { min, max, unit } = PROGRAM_SETTING_LIMITS[name];
  const errors = fieldErrorsFor(state, name);
  const id = `${idPrefix}-${name}`;
  return (
    <div className="mb-4">
      <label htmlFor={id} className="field-label">
        {labels[name].label} ({unit})
      </label>
      <p id={`${id}-hint`} className="mb-1 text-sm text-slate-600">
        {labels[name].hint} From {min} to {max} {unit}.
      </p>
      <div className="flex items-center gap-2">
        <input
          id={id}
          name={name}
          type="number"
          inputMode="numeric"
          min={min}
          max={max}
          step={1}
          required
          aria-invalid={errors ? true : undefined}
          aria-describedby={[`${id}-hint`, errors ? `${id}-error` : null].filter(Boolean).join(' ')}
          defaultValue={state?.values?.[name] ?? String(defaultValue)}
          className="field-input w-24"
        />
        <span aria-hidden="true">{unit}</span>
      </div>
      {errors && (
        <p id={`${id}-error`} className="field-error">
          {errors.join(' ')}
        </p>
      )}
    </div>
  );
}

/** An admin's form for one program's deadlines and seal validity. */
export function ProgramSettingsForm({ programId, programSlug, programName, settings }: { programId: string; programSlug: string; programName: string; settings: ProgramSettings }) {
  const [state, action, pending] = useActionState(updateProgramSettingsAction, undefined);
  const idPrefix = `settings-${programSlug}`;
  return (
    <form action={action} noValidate aria-labelledby={`${idPrefix}-heading`} className="card max-w-3xl">
      <h3 id={`${idPrefix}-heading`} className="mt-0">
        Settings of {programName}
      </h3>
      <p className="mb-4 text-sm">
        Changes apply to what happens next. Seals already issued keep their expiry date, and a case notice already sent keeps its response deadline.
      </p>
      <div aria-live="polite">
        <FormMessage state={state} />
      </div>
      <input type="hidden" name="programId" value={programId} />
      {(Object.keys(labels) as ProgramSettingName[]).map((name) => (
        <NumberField key={name} name={name} idPrefix={idPrefix} state={state} defaultValue={settings[name]} />
      ))}
      <button type="submit" className="btn-secondary" disabled={pending}>
        Save settings
      </button>
    </form>
  );
}
