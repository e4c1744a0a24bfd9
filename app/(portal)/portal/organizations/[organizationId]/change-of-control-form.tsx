'use client';

import { useActionState } from 'react';
import type { ChangeOfControlKind } from '@/db/schema';
import { fieldErrorsFor, FormMessage, TextField } from '@/components/form-fields';
import { changeOfControlKindLabels } from '@/lib/cases/change-of-control';
import { declareChangeOfControlAction } from './change-of-control-actions';

// From the labels, not the schema: the schema module is server code and stays out of the browser bundle.
const kinds = Object.keys(changeOfControlKindLabels) as ChangeOfControlKind[];

/**
 * The declaration of a change of control (issue 6, item 7): bankruptcy, merger or acquisition,
 * sale of assets including customer data, or dissolution. Any member may declare; it opens a case
 * in which the seal program checks that customers' data is handled as the privacy policy promises.
 */
export function ChangeOfControlDeclaration({ organizationId, legalName }: { organizationId: string; legalName: string }) {
  const [state, action, pending] = useActionState(declareChangeOfControlAction, undefined);
  const kindErrors = fieldErrorsFor(state, 'kind');
  return (
    <section aria-labelledby="change-of-control-heading">
      <h2 id="change-of-control-heading">Change of control</h2>
      <p className="max-w-prose text-sm text-slate-700">
        If {legalName} goes bankrupt, merges, is acquired, sells assets that include customer data, or is dissolved, declare it here before the data changes hands. The seal
        program opens a case and checks that your customers’ data is not sold on its own, goes only to a successor bound by your privacy policy, and is otherwise destroyed.
      </p>
      <details className="mt-2 max-w-2xl" open={!!state?.error}>
        <summary className="cursor-pointer text-sm font-medium">Declare a change of control…</summary>
        <form action={action} noValidate className="card mt-2" aria-label="Declare a change of control">
          <div aria-live="polite">
            <FormMessage state={state} />
          </div>
          <input type="hidden" name="organizationId" value={organizationId} />
          <fieldset className="mb-4" aria-describedby={kindErrors ? 'coc-kind-error' : undefined}>
            <legend className="field-label">What is happening?</legend>
            {kinds.map((kind) => (
              <label key={kind} className="flex items-start gap-2 text-sm">
                <input type="radio" name="kind" value={kind} className="mt-1" defaultChecked={state?.values?.kind === kind} aria-invalid={kindErrors ? true : undefined} />
                <span>{changeOfControlKindLabels[kind]}</span>
              </label>
            ))}
            {kindErrors && (
              <p id="coc-kind-error" className="field-error">
                {kindErrors.join(' ')}
              </p>
            )}
          </fieldset>
          <TextField name="effectiveOn" type="date" label="Effective date" hint="The day the change takes (or took) effect." state={state} idPrefix="coc" />
          <TextField
            name="counterparty"
            label="Counterparty"
            hint="Who takes over: the buyer of the assets, the company you merge with or that acquires you, the trustee or the liquidator. Required for a merger, acquisition or sale of assets."
            state={state}
            required={false}
            idPrefix="coc"
          />
          <TextField name="description" label="Description" rows={5} hint="What is happening, and what is planned for your customers’ personal data." state={state} idPrefix="coc" />
          <button type="submit" className="btn" disabled={pending}>
            {pending ? 'Declaring…' : 'Declare the change of control'}
          </button>
        </form>
      </details>
    </section>
  );
}
