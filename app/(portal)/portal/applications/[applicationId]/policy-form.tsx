'use client';

import { useActionState, useState } from 'react';
import { FormMessage } from '@/components/form-fields';
import { attachPolicyAction } from './actions';

export function PolicyForm({ applicationId, defaultUrl }: { applicationId: string; defaultUrl: string }) {
  const [state, action, pending] = useActionState(attachPolicyAction, undefined);
  const [source, setSource] = useState<'url' | 'text'>(state?.values?.source === 'text' ? 'text' : 'url');
  return (
    <form action={action} noValidate className="max-w-2xl">
      <input type="hidden" name="applicationId" value={applicationId} />
      <div aria-live="polite">
        <FormMessage state={state} />
      </div>
      <fieldset className="mb-3 flex gap-4 text-sm">
        <legend className="sr-only">How to attach the policy</legend>
        <label className="flex items-center gap-1">
          <input type="radio" name="source" value="url" checked={source === 'url'} onChange={() => setSource('url')} /> By its address
        </label>
        <label className="flex items-center gap-1">
          <input type="radio" name="source" value="text" checked={source === 'text'} onChange={() => setSource('text')} /> Paste the text
        </label>
      </fieldset>
      {source === 'url' ? (
        <div className="mb-3">
          <label htmlFor="policy-url" className="field-label">
            Address of the privacy policy
          </label>
          <input id="policy-url" name="url" type="url" className="field-input" defaultValue={state?.values?.url ?? defaultUrl} placeholder="https://example.com/privacy" />
          {state?.fieldErrors?.url && <p className="field-error">{state.fieldErrors.url.join(' ')}</p>}
        </div>
      ) : (
        <div className="mb-3">
          <label htmlFor="policy-text" className="field-label">
            Privacy policy text
          </label>
          <textarea id="policy-text" name="text" rows={10} className="field-input" defaultValue={state?.values?.text ?? ''} />
          {state?.fieldErrors?.text && <p className="field-error">{state.fieldErrors.text.join(' ')}</p>}
        </div>
      )}
      <button type="submit" className="btn-secondary" disabled={pending}>
        {pending ? 'Capturing…' : 'Capture policy'}
      </button>
    </form>
  );
}
