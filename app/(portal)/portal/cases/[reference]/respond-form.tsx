'use client';

import { useActionState } from 'react';
import { FileUploadField, UploadFormMessage, useChosenFilesCheck } from '@/components/file-upload';
import { TextField } from '@/components/form-fields';
import { respondToCaseAction } from './actions';

/** The site's answer to a notice: text, and documents that support it. */
export function RespondForm({ caseRef }: { caseRef: string }) {
  const [state, action, pending] = useActionState(respondToCaseAction, undefined);
  const filesCheck = useChosenFilesCheck('files', 'can be attached to a response');
  return (
    <form
      action={action}
      noValidate
      className="card max-w-2xl"
      aria-labelledby="respond-heading"
      onSubmit={filesCheck.onSubmit}
    >
      <h2 id="respond-heading" className="mt-0">
        Respond
      </h2>
      <UploadFormMessage problem={filesCheck.problem} state={state} />
      <input type="hidden" name="caseRef" value={caseRef} />
      <TextField name="body" label="Your response" rows={8} hint="Answer the notice: what happened, what you have done about it, and what the attached documents show." state={state} idPrefix="respond" />
      <FileUploadField id="respond-files" name="files" label="Documents (optional)" refused="response" state={state} />
      <button type="submit" className="btn" disabled={pending}>
        {pending ? 'Sending…' : 'Send the response'}
      </button>
    </form>
  );
}
