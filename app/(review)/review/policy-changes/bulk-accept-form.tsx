'use client';

import { useActionState } from 'react';
import Link from '@/components/link';
import { TextField, fieldErrorsFor } from '@/components/form-fields';
import { FocusedFormMessage } from '@/components/focused-form-message';
import { acceptPolicyChangesAction } from './actions';

export type PolicyChangeRow = {
  id: string;
  fetchedAt: string;
  fetchedAtText: string;
  classification: 'material' | 'editorial';
  publicId: string;
  holder: string;
  added: number;
  removed: number;
  touches: string;
  explained: boolean;
  conflicted: boolean;
};

/**
 * The open changes with a box each, and one reason for all the chosen: accepted together or not at
 * all. Drawn even when the list is empty, with `empty` in place of the form: accepting the last
 * changes empties the list, and the answer must stay in view (and keep the focus) after it.
 */
export function BulkAcceptForm({ rows, caption, empty }: { rows: PolicyChangeRow[]; caption: string; empty: string }) {
  const [state, action, pending] = useActionState(acceptPolicyChangesAction, undefined);
  const choiceErrors = fieldErrorsFor(state, 'changeIds');
  const chosen = new Set(state?.error ? (state.values?.changeIds ?? '').split(',') : []);
  return (
    <div className="space-y-4">
      <FocusedFormMessage state={state} />
      {rows.length === 0 ? (
        <p data-testid="policy-changes-empty">{empty}</p>
      ) : (
        <form action={action} className="space-y-4" aria-label="Accept policy changes">
          <table className="w-full border-collapse text-sm" data-testid="policy-changes">
            <caption className="mb-2 text-left font-semibold">{caption}</caption>
            <thead>
              <tr className="border-b border-slate-300 text-left">
                <th scope="col" className="py-2">
                  Accept
                </th>
                <th scope="col">Seal</th>
                <th scope="col">Holder</th>
                <th scope="col">Found</th>
                <th scope="col">Change</th>
                <th scope="col">Words</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} className="border-b border-slate-200 align-top [&>td]:py-2" data-testid={`policy-change-${row.publicId}`}>
                  <td>
                    {row.conflicted ? (
                      <span className="text-xs">You have a conflict</span>
                    ) : (
                      <input type="checkbox" name="changeIds" value={row.id} aria-label={`Accept the change to the policy of seal ${row.publicId}`} defaultChecked={chosen.has(row.id)} />
                    )}
                  </td>
                  <td className="font-mono">
                    <Link href={`/review/seals/${row.publicId}#policy-heading`}>{row.publicId}</Link>
                  </td>
                  <td>{row.holder}</td>
                  <td>
                    <time dateTime={row.fetchedAt}>{row.fetchedAtText}</time>
                  </td>
                  <td>
                    {row.classification}
                    {row.touches ? `: ${row.touches}` : ''}
                    {row.explained ? ' (the holder explained it)' : ''}
                  </td>
                  <td className="whitespace-nowrap">
                    +{row.added} −{row.removed}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {choiceErrors && <p className="field-error">{choiceErrors.join(' ')}</p>}
          <div className="card max-w-2xl">
            <TextField name="note" label="Why the chosen texts may be certified" state={state} rows={2} required={false} idPrefix="bulk-accept" />
            <button type="submit" className="btn" disabled={pending}>
              Accept the chosen changes
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
