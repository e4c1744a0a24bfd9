'use client';

import { useActionState, useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { FormMessage } from '@/components/form-fields';
import type { MissingItem } from '@/lib/services/applications/submit-application';
import { saveApplicationAction, type ApplicationFormState } from './actions';
import { browserTimeZone, formatTime } from '@/lib/format/dates';

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

/** Criteria per part of the form: a screen or two each, instead of one page of 14 criteria. */
export const CRITERIA_PER_PART = 4;
/** Typing pauses this long before the draft saves itself. */
const AUTOSAVE_AFTER_MS = 2_500;

type Field = 'answer' | 'evidence' | 'commitments';
const fieldId = (code: string, field: Field) => (field === 'commitments' ? `commit-${code}-0` : `${field}-${code}`);

/** What a criterion still needs, read off the form as it stands (the server judges again on submit). */
function gapsOf(criterion: FormCriterion, form: HTMLFormElement | null): Field[] {
  if (!form || !criterion.mandatory) return [];
  const data = new FormData(form);
  const gaps: Field[] = [];
  if (!String(data.get(`answer:${criterion.code}`) ?? '').trim()) gaps.push('answer');
  if (criterion.evidenceRequired && !String(data.get(`evidence:${criterion.code}`) ?? '').trim()) gaps.push('evidence');
  if (data.getAll(`commit:${criterion.code}`).length < criterion.commitments.length) gaps.push('commitments');
  return gaps;
}

/**
 * The application's criteria in parts of four, with progress, a draft that saves itself as the
 * person types, and a warning before leaving with changes not yet saved (issue 13, item 7). All
 * parts stay in the one form (only shown one at a time), so "Save draft" and "Submit for review"
 * send every answer. A refused submission moves focus to a summary of what is missing; each line
 * opens the part and focuses the field, which is marked invalid.
 */
export function ApplicationForm({ applicationId, criteria, extraSites }: Props) {
  const [state, action, pending] = useActionState<ApplicationFormState | undefined, FormData>(saveApplicationAction, undefined);
  // After a refused submission the form shows what was sent, not what was saved before.
  const value = (name: string, saved: string) => state?.values?.[name] ?? saved;
  const checked = (name: string, savedChecked: boolean) => (state?.checked ? state.checked.includes(name) : savedChecked);

  const parts = Array.from({ length: Math.ceil(criteria.length / CRITERIA_PER_PART) }, (_, index) => criteria.slice(index * CRITERIA_PER_PART, (index + 1) * CRITERIA_PER_PART));
  const partOf = (code: string) => Math.max(0, parts.findIndex((part) => part.some((criterion) => criterion.code === code)));
  // A request for changes opens on the first part the reviewer commented on.
  const [current, setCurrent] = useState(() => {
    const noted = criteria.find((criterion) => criterion.reviewerNote);
    return noted ? partOf(noted.code) : 0;
  });
  const formRef = useRef<HTMLFormElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const partHeadingRef = useRef<HTMLHeadingElement>(null);
  const [gaps, setGaps] = useState<Record<string, Field[]>>({});
  const [save, setSave] = useState<{ state: 'idle' | 'dirty' | 'saving' | 'saved' | 'failed'; at?: Date; message?: string }>({ state: 'idle' });
  const edits = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const refreshGaps = () => setGaps(Object.fromEntries(criteria.map((criterion) => [criterion.code, gapsOf(criterion, formRef.current)])));
  // The first reading of the form once it is in the page, and again after each answer from the server.
  useEffect(refreshGaps, [state]); // eslint-disable-line react-hooks/exhaustive-deps -- refreshGaps reads the live form

  // A refused submission: focus the summary of what is missing, as a screen reader user needs it.
  useEffect(() => {
    if (state?.error) summaryRef.current?.focus();
  }, [state]);

  // Leaving with edits not yet saved asks first (the browser's own prompt: the only one allowed there).
  useEffect(() => {
    const unsaved = save.state === 'dirty' || save.state === 'saving' || save.state === 'failed';
    if (!unsaved) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [save.state]);

  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  async function autosave() {
    const form = formRef.current;
    if (!form) return;
    const edit = edits.current;
    const data = new FormData(form);
    data.set('intent', 'autosave');
    setSave({ state: 'saving' });
    try {
      const result = await saveApplicationAction(undefined, data);
      if (result.error) setSave({ state: 'failed', message: result.error });
      else setSave(edits.current === edit ? { state: 'saved', at: new Date() } : { state: 'dirty' });
    } catch {
      setSave({ state: 'failed', message: 'The connection failed.' });
    }
  }

  function onEdit() {
    edits.current += 1;
    setSave({ state: 'dirty' });
    refreshGaps();
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void autosave(), AUTOSAVE_AFTER_MS);
  }

  /** Shows a part and moves focus there: to a field named in the summary, else to the part's heading. */
  function showPart(index: number, focus?: string) {
    flushSync(() => setCurrent(index));
    if (focus) document.getElementById(focus)?.focus();
    else partHeadingRef.current?.focus();
  }

  const missingByCode = new Map<string, MissingItem>((state?.missing ?? []).map((item) => [item.code, item]));
  const mandatory = criteria.filter((criterion) => criterion.mandatory);
  const complete = mandatory.filter((criterion) => (gaps[criterion.code] ?? []).length === 0).length;

  return (
    <form
      ref={formRef}
      action={action}
      noValidate
      onInput={onEdit}
      onChange={onEdit}
      onSubmit={() => {
        if (timer.current) clearTimeout(timer.current);
        setSave({ state: 'idle' });
      }}
    >
      <input type="hidden" name="applicationId" value={applicationId} />
      <div aria-live="polite">
        {state?.missing ? (
          <div ref={summaryRef} tabIndex={-1} className="mb-4 rounded-md border-2 border-red-700 bg-red-50 p-4 text-sm" data-testid="missing-list" aria-labelledby="missing-heading">
            <h3 id="missing-heading" className="text-base font-semibold text-red-900">
              {state.error}
            </h3>
            <ul className="mt-2 list-disc pl-6">
              {state.missing.map((item) => {
                const criterion = criteria.find((c) => c.code === item.code);
                const field = item.fields?.[0];
                return (
                  <li key={item.code}>
                    {criterion && field ? (
                      <a
                        href={`#${fieldId(item.code, field)}`}
                        onClick={(event) => {
                          event.preventDefault();
                          showPart(partOf(item.code), fieldId(item.code, field));
                        }}
                      >
                        {item.title}
                      </a>
                    ) : item.code === 'privacy-policy' ? (
                      <a href="#policy-heading">{item.title}</a>
                    ) : (
                      item.title
                    )}
                    : {item.problems.join(' ')}
                  </li>
                );
              })}
            </ul>
          </div>
        ) : (
          <div ref={summaryRef} tabIndex={-1}>
            <FormMessage state={state} />
          </div>
        )}
      </div>

      <nav aria-label="Parts of the application" className="mb-4">
        <p className="mb-2 text-sm" data-testid="application-progress">
          {complete} of {mandatory.length} mandatory criteria answered in full.
        </p>
        <ol className="flex flex-wrap gap-2">
          {parts.map((part, index) => {
            const open = part.filter((criterion) => (gaps[criterion.code] ?? []).length > 0).length;
            return (
              <li key={index}>
                <button
                  type="button"
                  onClick={() => showPart(index)}
                  aria-current={index === current ? 'step' : undefined}
                  className={`rounded-md border px-3 py-1.5 text-left text-sm ${index === current ? 'border-blue-800 bg-blue-50 font-semibold' : 'border-slate-300 bg-white'}`}
                >
                  Part {index + 1} of {parts.length}
                  <span className="block text-xs font-normal text-slate-700">{open === 0 ? 'complete' : `${open} to answer`}</span>
                </button>
              </li>
            );
          })}
        </ol>
      </nav>

      {parts.map((part, index) => (
        <section key={index} hidden={index !== current} aria-labelledby={`part-${index}-heading`}>
          <h3 id={`part-${index}-heading`} ref={index === current ? partHeadingRef : undefined} tabIndex={-1} className="mb-3 text-base font-semibold">
            Part {index + 1} of {parts.length}: {part.map((criterion) => criterion.title).join(', ')}
          </h3>
          {part.map((criterion) => {
            const missing = missingByCode.get(criterion.code);
            const open = gaps[criterion.code] ?? [];
            // Marked invalid only while the gap the server named is still open.
            const invalid = (field: Field) => !!missing?.fields?.includes(field) && open.includes(field);
            const errorId = `error-${criterion.code}`;
            const describedBy = (field: Field) => (invalid(field) ? errorId : undefined);
            return (
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
                {missing && open.length > 0 && (
                  <p id={errorId} className="field-error mb-2 font-medium">
                    {missing.problems.join(' ')}
                  </p>
                )}
                <details className="mb-2 text-sm text-slate-700">
                  <summary>Guidance</summary>
                  <p className="mt-1">{criterion.guidance}</p>
                </details>
                <label htmlFor={fieldId(criterion.code, 'answer')} className="field-label">
                  {criterion.question}
                </label>
                <textarea
                  id={fieldId(criterion.code, 'answer')}
                  name={`answer:${criterion.code}`}
                  rows={4}
                  className={`field-input ${invalid('answer') ? 'border-red-700 ring-1 ring-red-700' : ''}`}
                  aria-invalid={invalid('answer') || undefined}
                  aria-describedby={describedBy('answer')}
                  defaultValue={value(`answer:${criterion.code}`, criterion.saved.answer)}
                />
                {criterion.evidencePrompt && (
                  <div className="mt-3">
                    <label htmlFor={fieldId(criterion.code, 'evidence')} className="field-label">
                      Evidence{criterion.evidenceRequired ? '' : ' (optional)'}: {criterion.evidencePrompt}
                    </label>
                    <input
                      id={fieldId(criterion.code, 'evidence')}
                      name={`evidence:${criterion.code}`}
                      className={`field-input ${invalid('evidence') ? 'border-red-700 ring-1 ring-red-700' : ''}`}
                      aria-invalid={invalid('evidence') || undefined}
                      aria-describedby={describedBy('evidence')}
                      defaultValue={value(`evidence:${criterion.code}`, criterion.saved.evidence)}
                    />
                  </div>
                )}
                {criterion.commitments.length > 0 && (
                  <fieldset className="mt-3 space-y-2" aria-invalid={invalid('commitments') || undefined} aria-describedby={describedBy('commitments')}>
                    <legend className="text-sm font-medium">Commitments — tick each one your organization makes:</legend>
                    {criterion.commitments.map((commitment, commitmentIndex) => (
                      <label key={commitmentIndex} className="flex items-start gap-2 text-sm">
                        <input
                          id={commitmentIndex === 0 ? fieldId(criterion.code, 'commitments') : undefined}
                          type="checkbox"
                          name={`commit:${criterion.code}`}
                          value={commitmentIndex}
                          className="mt-1"
                          aria-invalid={invalid('commitments') || undefined}
                          defaultChecked={checked(`commit:${criterion.code}=${commitmentIndex}`, criterion.saved.affirmed.includes(commitmentIndex))}
                        />
                        <span>{commitment}</span>
                      </label>
                    ))}
                  </fieldset>
                )}
              </fieldset>
            );
          })}
          <div className="mb-4 flex flex-wrap gap-3">
            {index > 0 && (
              <button type="button" className="btn-secondary" onClick={() => showPart(index - 1)}>
                Previous part
              </button>
            )}
            {index < parts.length - 1 && (
              <button type="button" className="btn-secondary" onClick={() => showPart(index + 1)}>
                Next part
              </button>
            )}
          </div>
        </section>
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

      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" name="intent" value="save" className="btn-secondary" disabled={pending}>
          Save draft
        </button>
        <button type="submit" name="intent" value="submit" className="btn" disabled={pending}>
          Submit for review
        </button>
        <span className="text-sm text-slate-700" aria-live="polite" data-testid="autosave-status">
          {save.state === 'saving'
            ? 'Saving…'
            : save.state === 'saved'
              ? `Draft saved by itself at ${save.at ? formatTime(save.at, browserTimeZone()) : ''}.`
              : save.state === 'failed'
                ? `Not saved: ${save.message} Your answers are still here; try “Save draft”.`
                : save.state === 'dirty'
                  ? 'Changes not saved yet.'
                  : ''}
        </span>
      </div>
    </form>
  );
}
