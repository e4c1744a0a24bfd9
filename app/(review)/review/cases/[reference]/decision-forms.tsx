'use client';

import { useActionState, useState } from 'react';
import { FormMessage, TextField, fieldErrorsFor } from '@/components/form-fields';
import { useConfirmBeforeSubmit } from '@/components/confirm-dialog';
import type { FormState } from '@/lib/forms';
import { confirmRevocationAction, decideAppealAction, decideCaseAction, proposeRevocationAction } from './decision-actions';

type Choice = { value: string; label: string; hint?: string };

/**
 * A radio group that keeps the choice after a refusal (ADR 0017): React 19 resets a form once its
 * action answers, so the radios are uncontrolled, checked by default as the answer's `values` say,
 * and mounted again (a new `key`) when that value changes; `onSelect` tells the form what is chosen.
 */
function Radios({ name, legend, choices, state, onSelect, idPrefix }: { name: string; legend: string; choices: Choice[]; state: FormState | undefined; onSelect: (value: string) => void; idPrefix: string }) {
  const answered = state?.values?.[name] ?? '';
  return <RadioGroup key={answered} name={name} legend={legend} choices={choices} state={state} initial={answered} onSelect={onSelect} idPrefix={idPrefix} />;
}

function RadioGroup({ name, legend, choices, state, initial, onSelect, idPrefix }: { name: string; legend: string; choices: Choice[]; state: FormState | undefined; initial: string; onSelect: (value: string) => void; idPrefix: string }) {
  const errors = fieldErrorsFor(state, name);
  return (
    <fieldset className="mb-4" aria-invalid={errors ? true : undefined} aria-describedby={errors ? `${idPrefix}-${name}-error` : undefined}>
      <legend className="field-label">{legend}</legend>
      {choices.map((choice) => {
        const id = `${idPrefix}-${name}-${choice.value}`;
        return (
          <div key={choice.value} className="mb-1 flex items-start gap-2 text-sm">
            <input id={id} type="radio" name={name} value={choice.value} defaultChecked={initial === choice.value} onChange={() => onSelect(choice.value)} className="mt-1" aria-describedby={choice.hint ? `${id}-hint` : undefined} />
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

/** What is chosen in a radio group: the person's latest pick since the last answer, else what the answer gave back. */
function useChoice(state: FormState | undefined, name: string): [string, (value: string) => void] {
  const [pick, setPick] = useState<{ answer: FormState | undefined; value: string }>({ answer: state, value: '' });
  const chosen = pick.answer === state ? pick.value || (state?.values?.[name] ?? '') : (state?.values?.[name] ?? '');
  return [chosen, (value: string) => setPick({ answer: state, value })];
}

/** Due date, regulator and reinstatement requirements: shown for the outcome that needs them. */
function OutcomeFields({ outcome, state, idPrefix, zone }: { outcome: string; state: FormState | undefined; idPrefix: string; zone: string }) {
  return (
    <>
      {outcome === 'corrective_action' && (
        <TextField name="correctiveDueAt" label={`Due date (${zone})`} type="date" state={state} idPrefix={idPrefix} hint={`The day by which the site must have acted (the end of that day, ${zone}: your time zone). The case awaits its response until then, and escalates after.`} />
      )}
      {outcome === 'referral' && <TextField name="referredTo" label="Regulator" state={state} idPrefix={idPrefix} hint="For example: Federal Trade Commission. Export the dossier to send with it." />}
      {outcome === 'suspension' && <TextField name="reinstatementRequirements" label="What the site must do to be reinstated" rows={2} state={state} idPrefix={idPrefix} />}
    </>
  );
}

function DecisionTexts({ state, idPrefix, publicNote, summaryNote }: { state: FormState | undefined; idPrefix: string; publicNote?: string; summaryNote?: string }) {
  return (
    <>
      <TextField name="reasonForSite" label="Reason for the site" rows={4} state={state} idPrefix={idPrefix} hint={`The site reads it with the decision.${publicNote ? ` ${publicNote}` : ''}`} />
      <TextField name="summaryForComplainant" label="Summary for the complainant" rows={3} state={state} idPrefix={idPrefix} hint={`The complainants read it on their tracking page and are mailed it. Write nothing the site asked to keep private.${summaryNote ? ` ${summaryNote}` : ''}`} />
    </>
  );
}

/** Outcomes in the site's favour need no hearing first (lib/services/cases/early-action.ts). */
const FAVOURABLE = ['no_violation', 'remedied'];

/**
 * While the site's response window is open (issue 13): a decision against the site needs the
 * explicit choice to act before the deadline and the reason; the site reads both.
 */
function EarlyActionFields({ siteDeadline, state }: { siteDeadline: string; state: FormState | undefined }) {
  const errors = fieldErrorsFor(state, 'actBeforeDeadline');
  return (
    <fieldset className="mb-4 rounded-md border border-amber-400 bg-amber-50 p-3" data-testid="early-action-fields" aria-describedby="decide-early-hint">
      <legend className="field-label px-1">The site’s response is due by {siteDeadline}</legend>
      <p id="decide-early-hint" className="mb-2 text-sm">
        A decision against the site before then must say why it cannot wait (urgent harm, e.g. a sale about to happen). The site reads the reason, and can still respond by the deadline; you can then decide again. “No violation” and “remedied” need no reason.
      </p>
      <div className="mb-2 flex items-start gap-2 text-sm">
        <input id="decide-actBeforeDeadline" type="checkbox" name="actBeforeDeadline" defaultChecked={state?.values?.actBeforeDeadline === 'on'} aria-invalid={errors ? true : undefined} aria-describedby={errors ? 'decide-actBeforeDeadline-error' : undefined} className="mt-1" />
        <label htmlFor="decide-actBeforeDeadline" className="font-medium">
          Act before the deadline
        </label>
      </div>
      {errors && (
        <p id="decide-actBeforeDeadline-error" className="field-error">
          {errors.join(' ')}
        </p>
      )}
      <TextField name="earlyActionReason" label="Why it cannot wait (the site reads it)" rows={2} required={false} state={state} idPrefix="decide" />
    </fieldset>
  );
}

/**
 * The first decision, or a further one (issue 13): once decisions are in effect the form says so under
 * its own heading, lists them, and offers only the outcomes still possible (lib/cases/further-decisions.ts).
 */
export function DecideCaseForm({ caseRef, outcomes, appealDays, siteDeadline, further, zone }: { caseRef: string; outcomes: Choice[]; appealDays: number; siteDeadline: string | null; further: { decidedSoFar: string[]; why: string } | null; zone: string }) {
  const [state, action, pending] = useActionState(decideCaseAction, undefined);
  const [chosen, setOutcome] = useChoice(state, 'outcome');
  // After a decision the list may shrink (a suspension is not offered twice): a choice no longer offered is none.
  const outcome = outcomes.some((choice) => choice.value === chosen) ? chosen : '';
  const early = !!siteDeadline && !FAVOURABLE.includes(outcome);
  if (outcomes.length === 0) {
    // Nothing is left to decide: the answer to the last decision stays in view above the reason.
    return (
      <section className="card max-w-2xl" aria-labelledby="decide-heading" data-testid="no-further-decision">
        <h3 id="decide-heading" className="mt-0 font-semibold">
          No further decision on the case
        </h3>
        <div aria-live="polite">
          <FormMessage state={state} />
        </div>
        {further && <p className="text-sm">Decided so far: {further.decidedSoFar.join('; ')}.</p>}
        <p className="mt-1 text-sm text-slate-700">{further?.why}</p>
      </section>
    );
  }
  return (
    <form action={action} noValidate className="card max-w-2xl" aria-labelledby="decide-heading" data-testid="decide-form">
      <h3 id="decide-heading" className="mt-0 font-semibold">
        {further ? 'Further decision on the case' : 'Decide the case'}
      </h3>
      {further && (
        <div className="mb-3 text-sm" data-testid="further-decision-intro">
          <p>Decided so far: {further.decidedSoFar.join('; ')}.</p>
          <p className="mt-1 text-slate-700">Only the decisions still possible are offered. {further.why}</p>
        </div>
      )}
      <p className="mb-3 text-sm text-slate-700">The site may appeal for {appealDays} days; a reviewer who took no part in the case decides the appeal.</p>
      <div aria-live="polite">
        <FormMessage state={state} />
      </div>
      <input type="hidden" name="caseRef" value={caseRef} />
      <Radios name="outcome" legend={further ? 'Further outcome' : 'Outcome'} choices={outcomes} state={state} onSelect={setOutcome} idPrefix="decide" />
      <DecisionTexts state={state} idPrefix="decide" publicNote={outcome === 'suspension' ? 'For a suspension it is also the public reason on the verification page.' : undefined} />
      <OutcomeFields outcome={outcome} state={state} idPrefix="decide" zone={zone} />
      {early && <EarlyActionFields siteDeadline={siteDeadline!} state={state} />}
      <button type="submit" className={outcome === 'suspension' ? 'btn-danger' : 'btn'} disabled={pending}>
        {outcome === 'suspension' ? 'Decide and suspend the seal' : 'Record the decision'}
      </button>
    </form>
  );
}

/**
 * The second reviewer confirms a revocation (issue 13): they read the proposer's texts and may revise
 * them; nothing was sent to the site or the complainants before this.
 */
export function ConfirmRevocationForm({ decisionId, reasonForSite, summaryForComplainant }: { decisionId: string; reasonForSite: string; summaryForComplainant: string }) {
  const [state, action, pending] = useActionState(confirmRevocationAction, undefined);
  const { formRef, onSubmit, dialog } = useConfirmBeforeSubmit({
    question: 'Revoke this seal now?',
    detail: 'The badge and the verification page show it revoked at once, and the site and the complainants are sent the texts above. A revocation cannot be undone: the holder may only apply for a new seal.',
    confirmLabel: 'Confirm the revocation',
  });
  return (
    <form ref={formRef} action={action} noValidate aria-labelledby="confirm-heading" onSubmit={onSubmit}>
      {dialog}
      <h4 id="confirm-heading" className="font-semibold">
        Confirm the revocation
      </h4>
      <p className="mb-3 text-sm text-slate-700">Read what the site and the complainants will be sent, and revise it if needed: they receive it only now.</p>
      <div aria-live="polite">
        <FormMessage state={state} />
      </div>
      <input type="hidden" name="decisionId" value={decisionId} />
      <TextField name="reasonForSite" label="Reason for the site" rows={4} defaultValue={reasonForSite} state={state} idPrefix="confirm" hint="Also the public statement shown with the revoked seal." />
      <TextField name="summaryForComplainant" label="Summary for the complainant" rows={3} defaultValue={summaryForComplainant} state={state} idPrefix="confirm" hint="Say what was decided: the seal is revoked." />
      <button type="submit" className="btn-danger" disabled={pending}>
        Confirm the revocation
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
      <p className="mb-3 text-sm text-slate-700">
        Four eyes: a different reviewer or an administrator must confirm it, and may revise the texts below; the site and the complainants are told only once it is confirmed. A confirmed revocation is final: it cannot be appealed, and the holder may only apply for a new seal.
      </p>
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
      <DecisionTexts state={state} idPrefix="propose" publicNote="It is also the public statement shown with the revoked seal." summaryNote="Sent only when the revocation is confirmed: write what will then have been decided." />
      <button type="submit" className="btn-danger" disabled={pending}>
        Propose the revocation
      </button>
    </form>
  );
}

export function DecideAppealForm({ appealId, outcomes, replacements, revocation, zone }: { appealId: string; outcomes: Choice[]; replacements: Choice[]; revocation: boolean; zone: string }) {
  const [state, action, pending] = useActionState(decideAppealAction, undefined);
  const [outcome, setOutcome] = useChoice(state, 'outcome');
  const [replacement, setReplacement] = useChoice(state, 'newOutcome');
  return (
    <form action={action} noValidate className="card max-w-2xl" aria-labelledby="appeal-heading">
      <h3 id="appeal-heading" className="mt-0 font-semibold">
        Decide the appeal
      </h3>
      {revocation && <p className="mb-3 text-sm text-slate-700">The decision appealed is a revocation, filed before revocations became unappealable: it is final, so the appeal can only stand.</p>}
      <div aria-live="polite">
        <FormMessage state={state} />
      </div>
      <input type="hidden" name="appealId" value={appealId} />
      <Radios name="outcome" legend="Outcome of the appeal" choices={outcomes} state={state} onSelect={setOutcome} idPrefix="appeal" />
      <TextField name="note" label="Why (the site reads it)" rows={3} state={state} idPrefix="appeal" />
      {outcome === 'changed' && (
        <>
          <Radios name="newOutcome" legend="The decision that replaces it" choices={replacements} state={state} onSelect={setReplacement} idPrefix="appeal" />
          <DecisionTexts state={state} idPrefix="appeal" />
          <OutcomeFields outcome={replacement} state={state} idPrefix="appeal" zone={zone} />
        </>
      )}
      <button type="submit" className="btn" disabled={pending}>
        Decide the appeal
      </button>
    </form>
  );
}
