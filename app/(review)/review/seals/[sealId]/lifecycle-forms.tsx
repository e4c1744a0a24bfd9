'use client';

import { useActionState } from 'react';
import Link from '@/components/link';
import { FormMessage } from '@/components/form-fields';
import { sealLifecycleAction } from './actions';

type Props = {
  sealId: string;
  status: 'active' | 'suspended' | 'revoked' | 'expired';
  reasons: Array<{ value: string; label: string }>;
  /** The case whose decision suspended the seal: only that case lifts it. */
  suspendingCase: string | null;
  /** The seal's open case, where a revocation proposal goes. */
  openCase: string | null;
};

/** The reviewer's actions on a seal; which ones show follows its current state. */
export function SealLifecycleForms({ sealId, status, reasons, suspendingCase, openCase }: Props) {
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
      {status === 'suspended' && suspendingCase && (
        <p className="card max-w-2xl" data-testid="suspended-by-case">
          This suspension was imposed by the decision on case <Link href={`/review/cases/${suspendingCase}`}>{suspendingCase}</Link>. It is lifted through that case: a “remedied” decision once the holder has met the requirements, or its appeal.
        </p>
      )}
      {status === 'suspended' && !suspendingCase && (
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
        <form action={action} className="card max-w-2xl" aria-labelledby="propose-revocation-heading">
          <h3 id="propose-revocation-heading" className="font-semibold">Propose revocation</h3>
          <p className="mt-1 text-sm text-slate-600">
            A revocation takes two people: {openCase ? <>your proposal is recorded in the seal’s open case <Link href={`/review/cases/${openCase}`}>{openCase}</Link></> : 'your proposal opens a case about this seal'}, and a different reviewer or an administrator confirms it there. Revocation is final.
          </p>
          <input type="hidden" name="sealId" value={sealId} />
          <input type="hidden" name="intent" value="propose-revocation" />
          <label htmlFor="revoke-reason" className="field-label mt-2">Reason</label>
          <select id="revoke-reason" name="revocationReason" className="field-input" defaultValue={value('revocationReason')}>
            <option value="">Choose a reason…</option>
            {reasons.map((reason) => (
              <option key={reason.value} value={reason.value}>{reason.label}</option>
            ))}
          </select>
          <label htmlFor="revoke-statement" className="field-label mt-2">Public statement (the site reads it too)</label>
          <textarea id="revoke-statement" name="statement" rows={2} className="field-input" defaultValue={value('statement')} />
          <button type="submit" className="btn-danger mt-3" disabled={pending}>Propose revocation</button>
        </form>
      )}
    </div>
  );
}
