'use client';

import { useActionState } from 'react';
import { FormMessage, TextField } from '@/components/form-fields';
import type { Criterion } from '@/db/schema';
import { addCriterionAction, updateCriterionAction } from '../actions';
import { CheckboxField, RequirementField } from './fields';

type Props = {
  programSlug: string;
  criteriaVersionId: string;
  version: number;
  /** Absent: a new criterion is added. */
  criterion?: Criterion;
};

/** Adds a criterion to a draft, or edits one; what was typed survives a refusal. */
export function CriterionForm({ programSlug, criteriaVersionId, version, criterion }: Props) {
  const [state, action, pending] = useActionState(criterion ? updateCriterionAction : addCriterionAction, undefined);
  const heading = criterion ? `Edit criterion “${criterion.code}”` : `Add a criterion to version ${version}`;
  return (
    <form action={action} noValidate className="card max-w-3xl" aria-labelledby="criterion-form-heading">
      <h2 id="criterion-form-heading" className="mt-0">
        {heading}
      </h2>
      <div aria-live="polite">
        <FormMessage state={state} />
      </div>
      <input type="hidden" name="programSlug" value={programSlug} />
      <input type="hidden" name="criteriaVersionId" value={criteriaVersionId} />
      {criterion ? (
        <input type="hidden" name="code" value={criterion.code} />
      ) : (
        <TextField name="code" label="Code" hint="The criterion’s public id, kept across versions: lowercase words joined by hyphens, like change-of-control." state={state} />
      )}
      <TextField name="title" label="Title" state={state} defaultValue={criterion?.title} />
      <RequirementField state={state} defaultValue={criterion?.requirement ?? 'mandatory'} />
      <TextField name="guidance" label="Guidance" hint="What a reviewer looks for, in a few concrete sentences." rows={6} state={state} defaultValue={criterion?.guidance} />
      <TextField name="question" label="Question to the applicant" rows={2} state={state} defaultValue={criterion?.question} />
      <TextField
        name="evidencePrompt"
        label="Evidence asked for"
        hint="For example: Link to or quote the section of your policy that … Leave empty when none is asked for."
        rows={2}
        required={false}
        state={state}
        defaultValue={criterion?.evidencePrompt ?? ''}
      />
      <CheckboxField name="evidenceRequired" label="Evidence is required" state={state} defaultChecked={criterion?.evidenceRequired ?? false} />
      <TextField
        name="commitments"
        label="Commitments"
        hint="Statements the applicant must each affirm, one per line. Leave empty for none."
        rows={4}
        required={false}
        state={state}
        defaultValue={criterion?.commitments.join('\n') ?? ''}
      />
      <button type="submit" className="btn" disabled={pending}>
        {criterion ? 'Save criterion' : 'Add criterion'}
      </button>
    </form>
  );
}
