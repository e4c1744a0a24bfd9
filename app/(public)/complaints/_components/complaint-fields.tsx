'use client';

import { FileUploadField, useChosenFilesCheck } from '@/components/file-upload';
import { fieldErrorsFor, TextField } from '@/components/form-fields';
import { useEditedSinceAnswer } from '@/components/use-edited-since-answer';
import type { ComplaintCategory } from '@/db/schema';
import type { FormState } from '@/lib/forms';
import { complaintCategoryLabels } from '@/lib/complaints/labels';

// From the labels, not the schema: the schema module is server code and stays out of the browser bundle.
const categories = Object.keys(complaintCategoryLabels) as ComplaintCategory[];

function Errors({ state, name, id, edited }: { state: FormState | undefined; name: string; id: string; edited: ReadonlySet<string> }) {
  const errors = edited.has(name) ? undefined : fieldErrorsFor(state, name);
  return errors ? (
    <p id={id} className="field-error">
      {errors.join(' ')}
    </p>
  ) : null;
}

/**
 * The fields every complaint has, for the public form and the reviewers' log form. Each keeps what
 * was typed after a refusal (from the form state); chosen files cannot be kept by a browser, and the
 * evidence hint says so.
 */
export function ComplaintFields({ state, who = 'you' }: { state: FormState | undefined; who?: 'you' | 'the complainant' }) {
  const value = (name: string) => state?.values?.[name];
  const you = who === 'you';
  // An error stays under a field only until the person changes that field.
  const { edited, onChange } = useEditedSinceAnswer(state);
  const open = (name: string) => !edited.has(name) && !!fieldErrorsFor(state, name);
  return (
    <div onChange={onChange}>
      <fieldset className={`mb-4 ${open('category') ? 'field-group-invalid' : ''}`} aria-describedby={open('category') ? 'category-error' : undefined}>
        <legend className="field-label">What is the complaint about?</legend>
        <div className="space-y-1">
          {categories.map((category) => (
            <label key={category} className="flex items-start gap-2">
              <input type="radio" name="category" value={category} defaultChecked={value('category') === category} className="mt-1" />
              <span>{complaintCategoryLabels[category]}</span>
            </label>
          ))}
        </div>
        <Errors state={state} name="category" id="category-error" edited={edited} />
      </fieldset>

      <TextField name="description" label="What happened?" hint="In your own words: what the site did, and what its privacy promise says instead." rows={6} state={state} />

      <div className="mb-4">
        <label htmlFor="field-occurredOn" className="field-label">
          When did it happen? (optional)
        </label>
        <input id="field-occurredOn" name="occurredOn" type="date" className="field-input max-w-xs" defaultValue={value('occurredOn')} aria-invalid={open('occurredOn') || undefined} aria-describedby="occurredOn-error" />
        <Errors state={state} name="occurredOn" id="occurredOn-error" edited={edited} />
      </div>

      <fieldset className={`mb-4 ${open('contactedCompany') ? 'field-group-invalid' : ''}`} aria-describedby={open('contactedCompany') ? 'contactedCompany-error' : undefined}>
        <legend className="field-label">{you ? 'Did you contact the company about it first?' : 'Did the complainant contact the company first?'}</legend>
        <div className="flex gap-6">
          <label className="flex items-center gap-2">
            <input type="radio" name="contactedCompany" value="yes" defaultChecked={value('contactedCompany') === 'yes'} /> Yes
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" name="contactedCompany" value="no" defaultChecked={value('contactedCompany') === 'no'} /> No
          </label>
        </div>
        <Errors state={state} name="contactedCompany" id="contactedCompany-error" edited={edited} />
        <label htmlFor="field-contactedCompanyOn" className="field-label mt-2">
          If yes, when? (optional)
        </label>
        <input id="field-contactedCompanyOn" name="contactedCompanyOn" type="date" className="field-input max-w-xs" defaultValue={value('contactedCompanyOn')} aria-invalid={open('contactedCompanyOn') || undefined} aria-describedby="contactedCompanyOn-error" />
        <Errors state={state} name="contactedCompanyOn" id="contactedCompanyOn-error" edited={edited} />
      </fieldset>

      <FileUploadField id="field-evidence" name="evidence" label="Evidence (optional)" examples="Screenshots, mails or letters" refused="form" state={state} />
    </div>
  );
}

/** The public form's and the log form's guard against evidence the server would refuse for its number or size. */
export function useEvidenceCheck() {
  return useChosenFilesCheck('evidence', 'can be sent with a complaint');
}
