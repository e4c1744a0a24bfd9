'use client';

import { useActionState } from 'react';
import { FormMessage, TextField } from '@/components/form-fields';
import { declareConflictAction } from './actions';

export function DeclareConflictForm({ organizations }: { organizations: Array<{ id: string; legalName: string }> }) {
  const [state, action, pending] = useActionState(declareConflictAction, undefined);
  const errors = state?.fieldErrors?.organizationId;
  return (
    <form action={action} noValidate className="card max-w-lg" aria-labelledby="declare-heading">
      <h2 id="declare-heading" className="mt-0">
        Declare a conflict of interest
      </h2>
      <div aria-live="polite">
        <FormMessage state={state} />
      </div>
      <div className="mb-4">
        <label htmlFor="field-organizationId" className="field-label">
          Organization
        </label>
        <select key={state?.values?.organizationId ?? ''} id="field-organizationId" name="organizationId" className="field-input" defaultValue={state?.values?.organizationId ?? ''} aria-invalid={errors ? true : undefined}>
          <option value="" disabled>
            Choose an organization
          </option>
          {organizations.map((organization) => (
            <option key={organization.id} value={organization.id}>
              {organization.legalName}
            </option>
          ))}
        </select>
        {errors && <p className="field-error">{errors.join(' ')}</p>}
      </div>
      <TextField name="reason" label="What ties you to it" hint="For example: former employer until 2025; a relative works there; I own shares." state={state} />
      <button type="submit" className="btn" disabled={pending}>
        Declare
      </button>
    </form>
  );
}
