'use client';

import { useActionState } from 'react';
import type { ChangeOfControlItem, ChecklistFinding } from '@/db/schema';
import { fieldErrorsFor, FormMessage, TextField } from '@/components/form-fields';
import { checklistFindingLabels } from '@/lib/cases/change-of-control';
import { recordChecklistFindingAction } from './change-of-control-actions';

// From the labels, not the schema: the schema module is server code and stays out of the browser bundle.
const findings = Object.keys(checklistFindingLabels) as ChecklistFinding[];

type Props = { caseRef: string; item: ChangeOfControlItem; title: string; finding: ChecklistFinding; evidence: string };

/** The finding on one checklist item and the evidence it rests on; shows the current values to change them. */
export function ChecklistFindingForm({ caseRef, item, title, finding, evidence }: Props) {
  const [state, action, pending] = useActionState(recordChecklistFindingAction, undefined);
  const findingErrors = fieldErrorsFor(state, 'finding');
  const chosen = state?.error ? state.values?.finding : finding;
  return (
    <form action={action} noValidate className="mt-3 border-t border-slate-200 pt-3" aria-label={`Finding: ${title}`}>
      <div aria-live="polite">
        <FormMessage state={state} />
      </div>
      <input type="hidden" name="caseRef" value={caseRef} />
      <input type="hidden" name="item" value={item} />
      <fieldset className="mb-3" aria-describedby={findingErrors ? `finding-${item}-error` : undefined}>
        <legend className="field-label">Finding</legend>
        <div className="flex flex-wrap gap-x-4 gap-y-1">
          {findings.map((value) => (
            <label key={value} className="flex items-center gap-1 text-sm">
              <input type="radio" name="finding" value={value} defaultChecked={chosen === value} />
              {checklistFindingLabels[value]}
            </label>
          ))}
        </div>
        {findingErrors && (
          <p id={`finding-${item}-error`} className="field-error">
            {findingErrors.join(' ')}
          </p>
        )}
      </fieldset>
      <TextField
        name="evidence"
        label="Evidence"
        rows={3}
        required={false}
        hint="What shows it: the document, the clause, the page, the date."
        defaultValue={evidence}
        state={state}
        idPrefix={`finding-${item}`}
      />
      <button type="submit" className="btn-secondary" disabled={pending}>
        {pending ? 'Recording…' : 'Record the finding'}
      </button>
    </form>
  );
}
