'use client';

import { useActionState, useState, useSyncExternalStore } from 'react';
import { fieldErrorsFor, TextField } from '@/components/form-fields';
import { API_RATE_LIMITS } from '@/lib/api/rate-limit-policy';
import { KeyExpiryField, KeyFormAnswer, KeyNameField, ScopeFieldset, type ScopeOption } from '@/components/api-keys/key-form-parts';
import { createStaffApiKeyAction } from './actions';

export type StaffKeyKind = { value: 'relying_party' | 'authority'; label: string; hint: string; scopes: ScopeOption[] };

const noSubscription = () => () => {};

/**
 * An admin's form for a relying party's key or an authority tool's. Each kind has its own scopes:
 * once the page runs its script only the chosen kind's are shown (and sent); without it, every
 * kind's are listed under its own legend, and a scope of another kind is refused by name.
 */
export function CreateStaffApiKeyForm({ kinds, maxDays }: { kinds: StaffKeyKind[]; maxDays: number }) {
  const [state, action, pending] = useActionState(createStaffApiKeyAction, undefined);
  const [kind, setKind] = useState(state?.values?.kind ?? kinds[0]!.value);
  const interactive = useSyncExternalStore(noSubscription, () => true, () => false);
  const kindErrors = fieldErrorsFor(state, 'kind');
  return (
    <form action={action} noValidate aria-labelledby="new-staff-key-heading" className="card max-w-2xl">
      <h2 id="new-staff-key-heading" className="mt-0">
        Make a key
      </h2>
      <KeyFormAnswer state={state} />
      <fieldset className="mb-4" aria-describedby={kindErrors ? 'staff-key-kind-error' : undefined}>
        <legend className="field-label">Who the key is for</legend>
        {kinds.map((option) => (
          <div key={option.value} className="flex items-start gap-2">
            <input
              id={`staff-key-kind-${option.value}`}
              type="radio"
              name="kind"
              value={option.value}
              checked={kind === option.value}
              onChange={() => setKind(option.value)}
              aria-describedby={`staff-key-kind-${option.value}-hint`}
              className="mt-1 h-4 w-4"
            />
            <label htmlFor={`staff-key-kind-${option.value}`}>
              {option.label}
              <span id={`staff-key-kind-${option.value}-hint`} className="block text-sm text-slate-600">
                {option.hint}
              </span>
            </label>
          </div>
        ))}
        {kindErrors && (
          <p id="staff-key-kind-error" className="field-error">
            {kindErrors.join(' ')}
          </p>
        )}
      </fieldset>
      <KeyNameField state={state} idPrefix="staff-key" />
      {kinds
        .filter((option) => !interactive || option.value === kind)
        .map((option) => (
          <ScopeFieldset key={option.value} legend={interactive ? 'What the key may do' : `What a key for a ${option.label.toLowerCase()} may do`} options={option.scopes} state={state} idPrefix={`staff-key-${option.value}`} />
        ))}
      <KeyExpiryField state={state} idPrefix="staff-key" maxDays={maxDays} />
      <TextField
        name="callsPerMinute"
        label="Calls a minute (optional)"
        hint={`Leave empty for the default of its kind (${API_RATE_LIMITS.relying_party} for a relying party, ${API_RATE_LIMITS.authority} for an authority tool); raise it for a busy marketplace.`}
        required={false}
        state={state}
        idPrefix="staff-key"
      />
      <button type="submit" className="btn" disabled={pending}>
        Make key
      </button>
    </form>
  );
}
