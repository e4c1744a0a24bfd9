'use client';

import { useActionState } from 'react';
import { FormMessage } from '@/components/form-fields';
import { sealLifecycleAction } from './actions';

type Props = { sealId: string; status: 'active' | 'suspended' | 'revoked' | 'expired'; reasons: Array<{ value: string; label: string }> };

/** The reviewer's actions on a seal; which ones show follows its current state. */
export function SealLifecycleForms({ sealId, status, reasons }: Props) {
  const [state, action, pending] = useActionState(sealLifecycleAction, undefined);
  const value = (name: string) => state?.values?.[name] ?? '';
  return (
    <div className="space-y-6">
      <div aria-live="polite">
        <FormMessage state={state} />
      </div>
      {status === 'active' && (
        <form action={action} className="card max-w-2xl" aria-labelledby="suspend-heading">
          <h3 id="suspend-heading" className="font-semibold">Suspend</h3>
          <input type="hidden" name="sealId" value={sealId} />
          <input type="hidden" name="intent" value="suspend" />
          <label htmlFor="suspend-reason" className="field-label mt-2">Public reason</label>
          <textarea id="suspend-reason" name="reason" rows={2} className="field-input" defaultValue={value('reason')} />
          <label htmlFor="suspend-requirements" className="field-label mt-2">What the holder must do to be reinstated</label>
          <textarea id="suspend-requirements" name="reinstatementRequirements" rows={2} className="field-input" defaultValue={value('reinstatementRequirements')} />
          <button type="submit" className="btn-danger mt-3" disabled={pending}>Suspend the seal</button>
        </form>
      )}
      {status === 'suspended' && (
        <form action={action} className="card max-w-2xl" aria-labelledby="reinstate-heading">
          <h3 id="reinstate-heading" className="font-semibold">Reinstate</h3>
          <input type="hidden" name="sealId" value={sealId} />
          <input type="hidden" name="intent" value="reinstate" />
          <label htmlFor="reinstate-note" className="field-label mt-2">Note (optional)</label>
          <textarea id="reinstate-note" name="note" rows={2} className="field-input" defaultValue={value('note')} />
          <button type="submit" className="btn mt-3" disabled={pending}>Reinstate the seal</button>
        </form>
      )}
      {(status === 'active' || status === 'suspended') && (
        <form action={action} className="card max-w-2xl" aria-labelledby="revoke-heading" onSubmit={(event) => { if (!window.confirm('Revoke this seal? Revocation is final.')) event.preventDefault(); }}>
          <h3 id="revoke-heading" className="font-semibold">Revoke (final)</h3>
          <input type="hidden" name="sealId" value={sealId} />
          <input type="hidden" name="intent" value="revoke" />
          <label htmlFor="revoke-reason" className="field-label mt-2">Reason</label>
          <select id="revoke-reason" name="reason" className="field-input" defaultValue={value('reason')}>
            <option value="">Choose a reason…</option>
            {reasons.map((reason) => (
              <option key={reason.value} value={reason.value}>{reason.label}</option>
            ))}
          </select>
          <label htmlFor="revoke-statement" className="field-label mt-2">Public statement</label>
          <textarea id="revoke-statement" name="statement" rows={2} className="field-input" defaultValue={value('statement')} />
          <button type="submit" className="btn-danger mt-3" disabled={pending}>Revoke the seal</button>
        </form>
      )}
    </div>
  );
}
