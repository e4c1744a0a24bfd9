'use client';

import { useActionState } from 'react';
import { fieldErrorsFor, FormMessage } from '@/components/form-fields';
import { revokeOwnSealAction } from './actions';

/** The two reasons a holder may give (lib/seals/reasons.ts), in the holder's own words. */
const HOLDER_REASONS = [
  { value: 'ceased_operation', label: 'We ceased operation', hint: 'The business or the site has closed.' },
  { value: 'no_longer_wanted', label: 'We no longer want the seal', hint: 'The site keeps running without the seal.' },
] as const;

type Props = { sealId: string; publicId: string; domain: string; live: boolean };

/**
 * An owner gives up the organization's seal. Shown only to owners, and the form only while the
 * seal is live; the outcome stays in view after the page re-renders the seal as revoked.
 */
export function RevokeSealForm({ sealId, publicId, domain, live }: Props) {
  const [state, action, pending] = useActionState(revokeOwnSealAction, undefined);
  if (!live) return state?.success ? <FormMessage state={state} /> : null;
  const value = (name: string) => state?.values?.[name];
  const errors = (name: string) => fieldErrorsFor(state, name);
  return (
    <details className="mt-4 max-w-2xl" open={!!state?.error}>
      <summary className="cursor-pointer text-sm font-medium text-red-800">Revoke this seal…</summary>
      <form action={action} className="card mt-2" aria-labelledby={`revoke-${publicId}-heading`} noValidate>
        <h3 id={`revoke-${publicId}-heading`} className="font-semibold">
          Revoke seal {publicId} for {domain}
        </h3>
        <div aria-live="polite" className="mt-2">
          <FormMessage state={state} />
        </div>
        <input type="hidden" name="sealId" value={sealId} />
        <fieldset className="mt-2" aria-describedby={errors('reason') ? `revoke-${publicId}-reason-error` : undefined}>
          <legend className="field-label">Why do you give it up?</legend>
          {HOLDER_REASONS.map((reason) => (
            <label key={reason.value} className="flex items-start gap-2 text-sm">
              <input type="radio" name="reason" value={reason.value} className="mt-1" defaultChecked={value('reason') === reason.value} />
              <span>
                {reason.label} <span className="text-slate-600">— {reason.hint}</span>
              </span>
            </label>
          ))}
          {errors('reason') && (
            <p id={`revoke-${publicId}-reason-error`} className="field-error">
              {errors('reason')!.join(' ')}
            </p>
          )}
        </fieldset>
        <label htmlFor={`revoke-${publicId}-statement`} className="field-label mt-3">
          Public statement
        </label>
        <p className="mb-1 text-sm text-slate-600">Shown with the revoked seal on its verification page, e.g. “We closed the shop on 1 March.”</p>
        <textarea id={`revoke-${publicId}-statement`} name="statement" rows={2} className="field-input" defaultValue={value('statement')} aria-invalid={errors('statement') ? true : undefined} />
        {errors('statement') && <p className="field-error">{errors('statement')!.join(' ')}</p>}
        <label className="mt-3 flex items-start gap-2 text-sm">
          <input type="checkbox" name="confirm" value="yes" className="mt-1" defaultChecked={value('confirm') === 'yes'} aria-invalid={errors('confirm') ? true : undefined} />
          <span>
            Revocation is final: the seal cannot be reinstated or renewed, and its badge shows “revoked” on every page that embeds it. I confirm that I want to revoke seal {publicId}.
          </span>
        </label>
        <button type="submit" className="btn-danger mt-3" disabled={pending}>
          Revoke the seal
        </button>
      </form>
    </details>
  );
}
