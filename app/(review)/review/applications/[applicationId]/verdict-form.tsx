'use client';

import { useActionState } from 'react';
import { FormMessage } from '@/components/form-fields';
import { recordVerdictsAction } from '../actions';
import { Icon } from '@/components/icons';

export type AssessmentItem = {
  code: string;
  title: string;
  mandatory: boolean;
  guidance: string;
  question: string;
  evidencePrompt: string | null;
  commitments: string[];
  answer: string;
  evidence: string;
  affirmed: number[];
  verdict: string;
  note: string;
};

const VERDICTS = [
  { value: 'meets', label: 'Meets' },
  { value: 'does_not_meet', label: 'Does not meet' },
  { value: 'not_applicable', label: 'Not applicable' },
];

/** Guidance beside the applicant's answer, criterion by criterion, with the reviewer's verdict and note. */
export function VerdictForm({ applicationId, items, editable }: { applicationId: string; items: AssessmentItem[]; editable: boolean }) {
  const [state, action, pending] = useActionState(recordVerdictsAction, undefined);
  const value = (name: string, saved: string) => state?.values?.[name] ?? saved;
  return (
    <form action={action} className="space-y-4">
      <input type="hidden" name="applicationId" value={applicationId} />
      {items.map((item) => (
        <fieldset key={item.code} className="card" data-testid={`assess-${item.code}`} disabled={!editable}>
          <legend className="px-1 font-semibold">
            {item.title} <span className="text-xs font-normal text-slate-600">({item.mandatory ? 'mandatory' : 'recommended'})</span>
          </legend>
          <div className="grid gap-4 md:grid-cols-2">
            <div className="text-sm">
              <h3 className="text-xs font-semibold uppercase text-slate-600">Published guidance</h3>
              <p className="whitespace-pre-wrap">{item.guidance}</p>
              <p className="mt-2 italic">{item.question}</p>
            </div>
            <div className="text-sm">
              <h3 className="text-xs font-semibold uppercase text-slate-600">Applicant’s answer</h3>
              <p className="whitespace-pre-wrap">{item.answer || '— no answer —'}</p>
              {item.evidencePrompt && (
                <p className="mt-2">
                  <span className="font-medium">Evidence:</span> {item.evidence || '— none given —'}
                </p>
              )}
              {item.commitments.length > 0 && (
                <ul className="mt-2 space-y-1">
                  {item.commitments.map((commitment, index) => (
                    <li key={index} className="flex gap-1">
                      <Icon name={item.affirmed.includes(index) ? 'check' : 'cross'} className="mt-1" />
                      <span>
                        {item.affirmed.includes(index) ? 'Affirmed: ' : 'Not affirmed: '}
                        {commitment}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </div>
          <div className="mt-3 flex flex-wrap items-center gap-4 text-sm" role="radiogroup" aria-label={`Verdict on ${item.title}`}>
            {VERDICTS.map((verdict) => (
              <label key={verdict.value} className="flex items-center gap-1">
                <input type="radio" name={`verdict:${item.code}`} value={verdict.value} defaultChecked={value(`verdict:${item.code}`, item.verdict) === verdict.value} />
                {verdict.label}
              </label>
            ))}
          </div>
          <label className="mt-2 block text-sm" htmlFor={`note-${item.code}`}>
            Note on {item.title} (the applicant reads it when you ask for changes)
          </label>
          <textarea id={`note-${item.code}`} name={`note:${item.code}`} rows={2} defaultValue={value(`note:${item.code}`, item.note)} className="field-input" />
        </fieldset>
      ))}
      {editable && (
        <div className="sticky bottom-0 bg-white py-2">
          <div aria-live="polite">
            <FormMessage state={state} />
          </div>
          <button type="submit" className="btn" disabled={pending}>
            Save verdicts
          </button>
        </div>
      )}
    </form>
  );
}
