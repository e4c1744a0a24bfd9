'use client';

import { fieldErrorsFor, TextField } from '@/components/form-fields';
import { SecretShownOnceAnswer } from '@/components/secret-shown-once';
import type { FormState } from '@/lib/forms';

/*
 * The parts of the forms that make an API key (the portal's and the staff workspace's): the
 * answer, with the token shown this once; the scopes as checkboxes in a fieldset; name and expiry.
 */

export type ScopeOption = { value: string; label: string };

/**
 * The form's answer, taking the focus (ADR 0017); a key made comes with its token to copy and the
 * warning that it will not be shown again (only its hash is kept).
 */
export function KeyFormAnswer({ state }: { state: FormState | undefined }) {
  return (
    <SecretShownOnceAnswer
      state={state}
      testId="api-key-token"
      label="API key token (shown once)"
      rows={2}
      copyNow="Copy this token now and keep it as you would a password."
      ifLost="It will not be shown again: OpenSeal keeps only a fingerprint of it. If it is lost, revoke the key and make another."
    />
  );
}

/** What a key is called and until when it works: the fields both forms share. */
export function KeyNameField({ state, idPrefix }: { state: FormState | undefined; idPrefix: string }) {
  return <TextField name="name" label="Name" hint="What will use the key, so you recognise it later, e.g. “Shop back office”." state={state} idPrefix={idPrefix} />;
}

export function KeyExpiryField({ state, idPrefix, maxDays }: { state: FormState | undefined; idPrefix: string; maxDays: number }) {
  return (
    <TextField
      name="expiresOn"
      type="date"
      label="Expires on (optional)"
      hint={`The key works until the end of that day (UTC), at most ${maxDays} days from today. Leave it empty for a key that works until it is revoked.`}
      required={false}
      state={state}
      idPrefix={idPrefix}
    />
  );
}

/**
 * The scopes a key may be given, as checkboxes named `scopes` in a fieldset; after a refusal, the
 * ones that were ticked (sent back space-separated, lib/api/key-form.ts) stay ticked.
 */
export function ScopeFieldset({ legend, options, state, idPrefix }: { legend: string; options: ScopeOption[]; state: FormState | undefined; idPrefix: string }) {
  const errors = fieldErrorsFor(state, 'scopes');
  const ticked = new Set((state?.values?.scopes ?? '').split(' ').filter(Boolean));
  const errorId = `${idPrefix}-scopes-error`;
  return (
    <fieldset className="mb-4" aria-describedby={errors ? errorId : undefined}>
      <legend className="field-label">{legend}</legend>
      <div className="space-y-1">
        {options.map((option) => {
          const id = `${idPrefix}-scope-${option.value.replace(/[^a-z0-9]+/gi, '-')}`;
          return (
            <div key={option.value} className="flex items-start gap-2">
              <input id={id} type="checkbox" name="scopes" value={option.value} defaultChecked={ticked.has(option.value)} aria-invalid={errors ? true : undefined} className="mt-1 h-4 w-4" />
              <label htmlFor={id}>
                {option.label} <code className="text-xs text-slate-600">{option.value}</code>
              </label>
            </div>
          );
        })}
      </div>
      {errors && (
        <p id={errorId} className="field-error">
          {errors.join(' ')}
        </p>
      )}
    </fieldset>
  );
}
