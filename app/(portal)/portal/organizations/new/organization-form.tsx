'use client';

import { useActionState } from 'react';
import { FormMessage, TextField } from '@/components/form-fields';
import type { FormState } from '@/lib/forms';
import { createOrganizationAction } from '../../actions';

type Details = { legalName: string; country: string; contactEmail: string; website: string | null };
type Props = {
  countries: Array<{ code: string; name: string }>;
  /** Given, the form edits this organization's details (its owner's form); absent, it creates one. */
  editing?: { organizationId: string; details: Details; action: (previous: FormState | undefined, formData: FormData) => Promise<FormState> };
};

/** The organization's details: created with them, and corrected by an owner with the same fields. */
export function OrganizationForm({ countries, editing }: Props) {
  const [state, action, pending] = useActionState(editing?.action ?? createOrganizationAction, undefined);
  const countryError = state?.fieldErrors?.country;
  const saved = editing?.details;
  const country = state?.values?.country ?? saved?.country ?? '';
  return (
    <form action={action} noValidate className="card max-w-xl">
      <div aria-live="polite">
        <FormMessage state={state} />
      </div>
      {editing && <input type="hidden" name="organizationId" value={editing.organizationId} />}
      <TextField name="legalName" label="Legal name" hint="As registered, e.g. “Toysmart.com, Inc.”" state={state} autoComplete="organization" defaultValue={saved?.legalName} />
      <div className="mb-4">
        <label htmlFor="field-country" className="field-label">
          Country of registration
        </label>
        <select key={country} id="field-country" name="country" className="field-input" defaultValue={country} aria-invalid={countryError ? true : undefined} aria-describedby={countryError ? 'field-country-error' : undefined}>
          <option value="">Choose a country…</option>
          {countries.map((option) => (
            <option key={option.code} value={option.code}>
              {option.name}
            </option>
          ))}
        </select>
        {countryError && (
          <p id="field-country-error" className="field-error">
            {countryError.join(' ')}
          </p>
        )}
      </div>
      <TextField name="contactEmail" label="Contact email for privacy matters" type="email" state={state} hint="Where the seal program and complainants' notices reach you." defaultValue={saved?.contactEmail} />
      <TextField name="website" label="Website (optional)" state={state} required={false} hint="e.g. https://toysmart.example" defaultValue={saved?.website ?? undefined} />
      <button type="submit" className="btn" disabled={pending}>
        {editing ? 'Save the details' : 'Create organization'}
      </button>
    </form>
  );
}
