'use client';

import { useActionState } from 'react';
import { KeyExpiryField, KeyFormAnswer, KeyNameField, ScopeFieldset, type ScopeOption } from '@/components/api-keys/key-form-parts';
import { createOrganizationApiKeyAction } from './api-key-actions';

/** An owner's form for a new key of their organization; the token appears above it, once. */
export function CreateOrganizationApiKeyForm({ organizationId, scopes, maxDays }: { organizationId: string; scopes: ScopeOption[]; maxDays: number }) {
  const [state, action, pending] = useActionState(createOrganizationApiKeyAction, undefined);
  return (
    <form action={action} noValidate aria-labelledby="new-api-key-heading" className="card max-w-2xl">
      <h3 id="new-api-key-heading" className="mt-0">
        Make a key
      </h3>
      <KeyFormAnswer state={state} />
      <input type="hidden" name="organizationId" value={organizationId} />
      <KeyNameField state={state} idPrefix="api-key" />
      <ScopeFieldset legend="What the key may do" options={scopes} state={state} idPrefix="api-key" />
      <KeyExpiryField state={state} idPrefix="api-key" maxDays={maxDays} />
      <button type="submit" className="btn" disabled={pending}>
        Make key
      </button>
    </form>
  );
}
