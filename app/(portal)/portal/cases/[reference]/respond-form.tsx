'use client';

import { useActionState, useState } from 'react';
import { fieldErrorsFor, FormMessage, TextField } from '@/components/form-fields';
import { EVIDENCE_LIMITS, megabytes } from '@/lib/complaints/limits';
import { respondToCaseAction } from './actions';

/** Refuses, before sending, files the server would refuse for their number or size. */
function filesProblem(form: HTMLFormElement): string | null {
  const input = form.elements.namedItem('files');
  const files = input instanceof HTMLInputElement && input.files ? [...input.files] : [];
  if (files.length > EVIDENCE_LIMITS.maxFiles) return `You chose ${files.length} files; at most ${EVIDENCE_LIMITS.maxFiles} can be attached to a response.`;
  const big = files.find((file) => file.size > EVIDENCE_LIMITS.maxFileBytes);
  if (big) return `“${big.name}” is ${megabytes(big.size)}; each file may be at most ${megabytes(EVIDENCE_LIMITS.maxFileBytes)}.`;
  const total = files.reduce((sum, file) => sum + file.size, 0);
  if (total > EVIDENCE_LIMITS.maxTotalBytes) return `Your files add up to ${megabytes(total)}; together they may be at most ${megabytes(EVIDENCE_LIMITS.maxTotalBytes)}.`;
  return null;
}

/** The site's answer to a notice: text, and documents that support it. */
export function RespondForm({ caseRef }: { caseRef: string }) {
  const [state, action, pending] = useActionState(respondToCaseAction, undefined);
  const [localProblem, setLocalProblem] = useState<string | null>(null);
  const fileErrors = fieldErrorsFor(state, 'files');
  return (
    <form
      action={action}
      noValidate
      className="card max-w-2xl"
      aria-labelledby="respond-heading"
      onSubmit={(event) => {
        const problem = filesProblem(event.currentTarget);
        setLocalProblem(problem);
        if (problem) event.preventDefault();
      }}
    >
      <h2 id="respond-heading" className="mt-0">
        Respond
      </h2>
      <div aria-live="polite">
        {localProblem ? (
          <div role="alert" className="mb-4 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900">
            {localProblem} Nothing was sent; what you typed is still here.
          </div>
        ) : (
          <FormMessage state={state} />
        )}
      </div>
      <input type="hidden" name="caseRef" value={caseRef} />
      <TextField name="body" label="Your response" rows={8} hint="Answer the notice: what happened, what you have done about it, and what the attached documents show." state={state} idPrefix="respond" />
      <div className="mb-4">
        <label htmlFor="respond-files" className="field-label">
          Documents (optional)
        </label>
        <p id="respond-files-hint" className="mb-1 text-sm text-slate-600">
          Images (PNG, JPEG, GIF, WebP), PDF or plain text. At most {EVIDENCE_LIMITS.maxFiles} files, each up to {megabytes(EVIDENCE_LIMITS.maxFileBytes)},{' '}
          {megabytes(EVIDENCE_LIMITS.maxTotalBytes)} together. If the response is refused, choose the files again: browsers do not keep them.
        </p>
        <input
          id="respond-files"
          name="files"
          type="file"
          multiple
          accept=".png,.jpg,.jpeg,.gif,.webp,.pdf,.txt,image/png,image/jpeg,image/gif,image/webp,application/pdf,text/plain"
          aria-describedby={fileErrors ? 'respond-files-hint respond-files-error' : 'respond-files-hint'}
          aria-invalid={fileErrors ? true : undefined}
          className="block"
        />
        {fileErrors && (
          <p id="respond-files-error" className="field-error">
            {fileErrors.join(' ')}
          </p>
        )}
      </div>
      <button type="submit" className="btn" disabled={pending}>
        {pending ? 'Sending…' : 'Send the response'}
      </button>
    </form>
  );
}
