'use client';

import { useActionState } from 'react';
import { FormMessage } from '@/components/form-fields';
import { saveApplicationAction, type ApplicationFormState } from './actions';

export type FormCriterion = {
  code: string;
  title: string;
  guidance: string;
  mandatory: boolean;
  question: string;
  evidencePrompt: string | null;
  evidenceRequired: boolean;
  commitments: string[];
  saved: { answer: string; evidence: string; affirmed: number[] };
  reviewerNote: string | null;
};

type Props = {
  applicationId: string;
  criteria: FormCriterion[];
  extraSites: Array<{ id: string; domain: string; chosen: boolean }>;
};

export function ApplicationForm({ applicationId, criteria, extraSites }: Props) {
  const [state, action, pending] = useActionState<ApplicationFormState | undefined, FormData>(saveApplicationAction, undefined);
  // After a refused submission the form shows what was sent, not what was saved before.
  const value = (name: string, saved: string) => state?.values?.[name] ?? saved;
  const checked = (name: string, savedChecked: boolean) => (state?.checked ? state.checked.includes(name) : savedChecked);

  return (
    <form action={action} noValidate>
      <input type="hidden" name="applicationId" value={applicationId} />
      <div aria-live="polite">
        <FormMessage state={state} />
        {state?.missing && (
          <div className="mb-4 rounded-md border border-red-300 bg-red-50 p-3 text-sm" data-testid="missing-list">
            <p className="font-semibold">Still missing:</p>
            <ul className="list-disc pl-6">
              {state.missing.map((item) => (
                <li key={item.code}>
                  <a href={`#criterion-${item.code}`}>{item.title}</a>: {item.problems.join(' ')}
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>

      {criteria.map((criterion) => (
        <fieldset key={criterion.code} id={`criterion-${criterion.code}`} className="card mb-4" data-testid={`criterion-${criterion.code}`}>
          <legend className="px-1 text-base font-semibold">
            {criterion.title} <span className="text-sm font-normal text-slate-600">({criterion.mandatory ? 'mandatory' : 'recommended'})</span>
          </legend>
          <input type="hidden" name={`present:${criterion.code}`} value="1" />
          {criterion.reviewerNote && (
            <p className="mb-2 rounded border border-amber-300 bg-amber-50 p-2 text-sm" data-testid={`reviewer-note-${criterion.code}`}>
              <span className="font-medium">Reviewer’s request: </span>
              {criterion.reviewerNote}
            </p>
          )}
          <details className="mb-2 text-sm text-slate-700">
            <summary>Guidance</summary>
            <p className="mt-1">{criterion.guidance}</p>
          </details>
          <label htmlFor={`answer-${criterion.code}`} className="field-label">
            {criterion.question}
          </label>
          <textarea id={`answer-${criterion.code}`} name={`answer:${criterion.code}`} rows={4} className="field-input" defaultValue={value(`answer:${criterion.code}`, criterion.saved.answer)} />
          {criterion.evidencePrompt && (
            <div className="mt-3">
              <label htmlFor={`evidence-${criterion.code}`} className="field-label">
                Evidence{criterion.evidenceRequired ? '' : ' (optional)'}: {criterion.evidencePrompt}
              </label>
              <input id={`evidence-${criterion.code}`} name={`evidence:${criterion.code}`} className="field-input" defaultValue={value(`evidence:${criterion.code}`, criterion.saved.evidence)} />
            </div>
          )}
          {criterion.commitments.length > 0 && (
            <div className="mt-3 space-y-2">
              <p className="text-sm font-medium">Commitments — tick each one your organization makes:</p>
              {criterion.commitments.map((commitment, index) => (
                <label key={index} className="flex items-start gap-2 text-sm">
                  <input type="checkbox" name={`commit:${criterion.code}`} value={index} className="mt-1" defaultChecked={checked(`commit:${criterion.code}=${index}`, criterion.saved.affirmed.includes(index))} />
                  <span>{commitment}</span>
                </label>
              ))}
            </div>
          )}
        </fieldset>
      ))}

      {extraSites.length > 0 && (
        <fieldset className="card mb-4">
          <legend className="px-1 font-semibold">Further domains this seal should cover</legend>
          <p className="mb-2 text-sm text-slate-700">Only your organization’s sites whose ownership is proven can be added.</p>
          {extraSites.map((site) => (
            <label key={site.id} className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="extraSiteIds" value={site.id} defaultChecked={checked(`extraSiteIds=${site.id}`, site.chosen)} /> {site.domain}
            </label>
          ))}
        </fieldset>
      )}

      <div className="flex flex-wrap gap-3">
        <button type="submit" name="intent" value="save" className="btn-secondary" disabled={pending}>
          Save draft
        </button>
        <button type="submit" name="intent" value="submit" className="btn" disabled={pending}>
          Submit for review
        </button>
      </div>
    </form>
  );
}
