'use client';

import { useActionState, useState } from 'react';
import { FormMessage, TextField, fieldErrorsFor } from '@/components/form-fields';
import type { FormState } from '@/lib/forms';
import { decideAppealAction, decideCaseAction, proposeRevocationAction } from './decision-actions';

type Choice = { value: string; label: string; hint?: string };

function Radios({ name, legend, choices, state, selected, onSelect, idPrefix }: { name: string; legend: string; choices: Choice[]; state: FormState | undefined; selected: string; onSelect: (value: string) => void; idPrefix: string }) {
  const errors = fieldErrorsFor(state, name);
  return (
    <fieldset className="mb-4" aria-invalid={errors ? true : undefined} aria-describedby={errors ? `${idPrefix}-${name}-error` : undefined}>
      <legend className="field-label">{legend}</legend>
      {choices.map((choice) => {
        const id = `${idPrefix}-${name}-${choice.value}`;
        return (
          <div key={choice.value} className="mb-1 flex items-start gap-2 text-sm">
            <input id={id} type="radio" name={name} value={choice.value} checked={selected === choice.value} onChange={() => onSelect(choice.value)} className="mt-1" aria-describedby={choice.hint ? `${id}-hint` : undefined} />
            <div>
              <label htmlFor={id} className="font-medium">
                {choice.label}
              </label>
              {choice.hint && (
                <p id={`${id}-hint`} className="text-slate-600">
                  {choice.hint}
                </p>
              )}
            </div>
          </div>
        );
      })}
      {errors && (
        <p id={`${idPrefix}-${name}-error`} className="field-error">
          {errors.join(' ')}
        </p>
      )}
    </fieldset>
  );
}

/** Due date, regulator and reinstatement requirements: shown for the outcome that needs them. */
function OutcomeFields({ outcome, state, idPrefix }: { outcome: string; state: FormState | undefined; idPrefix: string }) {
  return (
    <>
      {outcome === 'corrective_action' && (
        <TextField name="correctiveDueAt" label="Due date (UTC)" type="text" state={state} idPrefix={idPrefix} hint="The day by which the site must have acted, like 2026-03-12. The case awaits its response until then, and escalates after." />
      )}
      {outcome === 'referral' && <TextField name="referredTo" label="Regulator" state={state} idPrefix={idPrefix} hint="For example: Federal Trade Commission. Export the dossier to send with it." />}
      {outcome === 'suspension' && <TextField name="reinstatementRequirements" label="What the site must do to be reinstated" rows={2} state={state} idPrefix={idPrefix} />}
    </>
  );
}

function DecisionTexts({ state, idPrefix, publicNote }: { state: FormState | undefined; idPrefix: string; publicNote?: string }) {
  return (
    <>
      <TextField name="reasonForSite" label="Reason for the site" rows={4} state={state} idPrefix={idPrefix} hint={`The site reads it with the decision.${publicNote ? ` ${publicNote}` : ''}`} />
      <TextField name="summaryForComplainant" label="Summary for the complainant" rows={3} state={state} idPrefix={idPrefix} hint="The complainants read it on their tracking page and are mailed it. Write nothing the site asked to keep private." />
    </>
  );
}

export function DecideCaseForm({ caseRef, outcomes, appealDays }: { caseRef: string; outcomes: Choice[]; appealDays: number }) {
  const [state, action, pending] = useActionState(decideCaseAction, undefined);
  const [chosen, setOutcome] = useState('');
  // After a suspension the choice disappears from the list (the seal is no longer active).
  const outcome = outcomes.some((choice) => choice.value === chosen) ? chosen : '';
  return (
    <form action={action} noValidate className="card max-w-2xl" aria-labelledby="decide-heading">
      <h3 id="decide-heading" className="mt-0 font-semibold">
        Decide the case
      </h3>
      <p className="mb-3 text-sm text-slate-700">The site may appeal for {appealDays} days; a reviewer who took no part in the case decides the appeal.</p>
      <div aria-live="polite">
        <FormMessage state={state} />
      </div>
      <input type="hidden" name="caseRef" value={caseRef} />
      <Radios name="outcome" legend="Outcome" choices={outcomes} state={state} selected={outcome} onSelect={setOutcome} idPrefix="decide" />
      <DecisionTexts state={state} idPrefix="decide" publicNote={outcome === 'suspension' ? 'For a suspension it is also the public reason on the verification page.' : undefined} />
      <OutcomeFields outcome={outcome} state={state} idPrefix="decide" />
      <button type="submit" className={outcome === 'suspension' ? 'btn-danger' : 'btn'} disabled={pending}>
        {outcome === 'suspension' ? 'Decide and suspend the seal' : 'Record the decision'}
      </button>
    </form>
  );
}

export function ProposeRevocationForm({ caseRef, reasons }: { caseRef: string; reasons: Choice[] }) {
  const [state, action, pending] = useActionState(proposeRevocationAction, undefined);
  const reasonErrors = fieldErrorsFor(state, 'revocationReason');
  return (
    <form action={action} noValidate className="card max-w-2xl" aria-labelledby="propose-heading">
      <h3 id="propose-heading" className="mt-0 font-semibold">
        Propose to revoke the seal
      </h3>
      <p className="mb-3 text-sm text-slate-700">Four eyes: a different reviewer or an administrator must confirm it. Once confirmed the revocation is final; nothing brings the seal back.</p>
      <div aria-live="polite">
        <FormMessage state={state} />
      </div>
      <input type="hidden" name="caseRef" value={caseRef} />
      <label htmlFor="propose-revocationReason" className="field-label">
        Reason for the revocation
      </label>
      <select id="propose-revocationReason" name="revocationReason" className="field-input mb-4" defaultValue={state?.values?.revocationReason ?? ''} aria-invalid={reasonErrors ? true : undefined}>
        <option value="" disabled>
          Choose a reason…
        </option>
        {reasons.map((reason) => (
          <option key={reason.value} value={reason.value}>
            {reason.label}
          </option>
        ))}
      </select>
      {reasonErrors && <p className="field-error">{reasonErrors.join(' ')}</p>}
      <DecisionTexts state={state} idPrefix="propose" publicNote="It is also the public statement shown with the revoked seal." />
      <button type="submit" className="btn-danger" disabled={pending}>
        Propose the revocation
      </button>
    </form>
  );
}

export function DecideAppealForm({ appealId, outcomes, replacements, revocation }: { appealId: string; outcomes: Choice[]; replacements: Choice[]; revocation: boolean }) {
  const [state, action, pending] = useActionState(decideAppealAction, undefined);
  const [outcome, setOutcome] = useState('');
  const [replacement, setReplacement] = useState('');
  return (
    <form action={action} noValidate className="card max-w-2xl" aria-labelledby="appeal-heading">
      <h3 id="appeal-heading" className="mt-0 font-semibold">
        Decide the appeal
      </h3>
      {revocation && <p className="mb-3 text-sm text-slate-700">The decision appealed is a revocation: it is final, so the appeal can only stand.</p>}
      <div aria-live="polite">
        <FormMessage state={state} />
      </div>
      <input type="hidden" name="appealId" value={appealId} />
      <Radios name="outcome" legend="Outcome of the appeal" choices={outcomes} state={state} selected={outcome} onSelect={setOutcome} idPrefix="appeal" />
      <TextField name="note" label="Why (the site reads it)" rows={3} state={state} idPrefix="appeal" />
      {outcome === 'changed' && (
        <>
          <Radios name="newOutcome" legend="The decision that replaces it" choices={replacements} state={state} selected={replacement} onSelect={setReplacement} idPrefix="appeal" />
          <DecisionTexts state={state} idPrefix="appeal" />
          <OutcomeFields outcome={replacement} state={state} idPrefix="appeal" />
        </>
      )}
      <button type="submit" className="btn" disabled={pending}>
        Decide the appeal
      </button>
    </form>
  );
}
