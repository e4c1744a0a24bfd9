'use client';

import { useActionState } from 'react';
import { FormMessage, TextField } from '@/components/form-fields';
import { createOrganizationAction } from '../../actions';

export function OrganizationForm({ countries }: { countries: Array<{ code: string; name: string }> }) {
  const [state, action, pending] = useActionState(createOrganizationAction, undefined);
  const countryError = state?.fieldErrors?.country;
  return (
    <form action={action} noValidate className="card max-w-xl">
      <div aria-live="polite">
        <FormMessage state={state} />
      </div>
      <TextField name="legalName" label="Legal name" hint="As registered, e.g. “Toysmart.com, Inc.”" state={state} autoComplete="organization" />
      <div className="mb-4">
        <label htmlFor="field-country" className="field-label">
          Country of registration
        </label>
        <select key={state?.values?.country ?? ''} id="field-country" name="country" className="field-input" defaultValue={state?.values?.country ?? ''} aria-invalid={countryError ? true : undefined} aria-describedby={countryError ? 'field-country-error' : undefined}>
          <option value="">Choose a country…</option>
          {countries.map((country) => (
            <option key={country.code} value={country.code}>
              {country.name}
            </option>
          ))}
        </select>
        {countryError && (
          <p id="field-country-error" className="field-error">
            {countryError.join(' ')}
          </p>
        )}
      </div>
      <TextField name="contactEmail" label="Contact email for privacy matters" type="email" state={state} hint="Where the seal program and complainants' notices reach you." />
      <TextField name="website" label="Website (optional)" state={state} required={false} hint="e.g. https://toysmart.example" />
      <button type="submit" className="btn" disabled={pending}>
        Create organization
      </button>
    </form>
  );
}
