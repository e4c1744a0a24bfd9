'use client';

import { useActionState } from 'react';
import { FormMessage } from '@/components/form-fields';
import { discardAction, publishAction, removeCriterionAction, saveChangeNoteAction, startDraftAction } from '../actions';
import { TextField } from '@/components/form-fields';

type Draft = { programSlug: string; criteriaVersionId: string; version: number };

function Hidden({ programSlug, criteriaVersionId }: Omit<Draft, 'version'>) {
  return (
    <>
      <input type="hidden" name="programSlug" value={programSlug} />
      <input type="hidden" name="criteriaVersionId" value={criteriaVersionId} />
    </>
  );
}

export function StartDraftForm({ programId, programSlug, programName, nextVersion }: { programId: string; programSlug: string; programName: string; nextVersion: number }) {
  const [state, action, pending] = useActionState(startDraftAction, undefined);
  return (
    <form action={action}>
      <input type="hidden" name="programId" value={programId} />
      <input type="hidden" name="programSlug" value={programSlug} />
      <div aria-live="polite">
        <FormMessage state={state} />
      </div>
      <button type="submit" className="btn" disabled={pending} aria-label={`Start version ${nextVersion} of ${programName}`}>
        Start version {nextVersion}
      </button>
    </form>
  );
}

export function ChangeNoteForm({ changeNote, ...draft }: Draft & { changeNote: string }) {
  const [state, action, pending] = useActionState(saveChangeNoteAction, undefined);
  return (
    <form action={action} noValidate aria-labelledby="change-note-heading" className="card max-w-3xl">
      <h2 id="change-note-heading" className="mt-0">
        Change note
      </h2>
      <div aria-live="polite">
        <FormMessage state={state} />
      </div>
      <Hidden {...draft} />
      <TextField
        name="changeNote"
        idPrefix="note"
        label={`What changed in version ${draft.version}`}
        hint="Shown to applicants and the public beside the version. Required to publish."
        required={false}
        rows={3}
        state={state}
        defaultValue={changeNote}
      />
      <button type="submit" className="btn-secondary" disabled={pending}>
        Save change note
      </button>
    </form>
  );
}

export function PublishForm({ changeNote, ...draft }: Draft & { changeNote: string }) {
  const [state, action, pending] = useActionState(publishAction, undefined);
  return (
    <form action={action} noValidate aria-labelledby="publish-heading" className="card max-w-3xl">
      <h2 id="publish-heading" className="mt-0">
        Publish version {draft.version}
      </h2>
      <p className="mb-4 text-sm">
        Once published, version {draft.version} becomes the current criteria for new applications and can never be changed. Applications and seals made under earlier
        versions keep theirs.
      </p>
      <div aria-live="polite">
        <FormMessage state={state} />
      </div>
      <Hidden {...draft} />
      <TextField
        name="changeNote"
        idPrefix="publish"
        label="Change note to publish"
        hint="What changed since the previous version, for applicants and the public."
        rows={3}
        state={state}
        defaultValue={changeNote}
      />
      <button type="submit" className="btn" disabled={pending}>
        Publish version {draft.version}
      </button>
    </form>
  );
}

export function DiscardForm(draft: Draft) {
  const [state, action, pending] = useActionState(discardAction, undefined);
  return (
    <form action={action} aria-labelledby="discard-heading" className="max-w-3xl">
      <h2 id="discard-heading">Discard the draft</h2>
      <p className="mb-2 text-sm">Deletes draft version {draft.version} and every change made in it. The published versions stay as they are.</p>
      <div aria-live="polite">
        <FormMessage state={state} />
      </div>
      <Hidden {...draft} />
      <button type="submit" className="btn-danger" disabled={pending}>
        Discard version {draft.version}
      </button>
    </form>
  );
}

export function RemoveCriterionForm({ code, title, ...draft }: Draft & { code: string; title: string }) {
  const [state, action, pending] = useActionState(removeCriterionAction, undefined);
  return (
    <form action={action} className="flex items-center gap-2">
      <Hidden {...draft} />
      <input type="hidden" name="code" value={code} />
      <button type="submit" className="btn-danger" disabled={pending} aria-label={`Remove ${title}`}>
        Remove
      </button>
      {state?.error && (
        <span role="alert" className="text-sm text-red-800">
          {state.error}
        </span>
      )}
    </form>
  );
}
