'use client';

import { useState, type FormEvent } from 'react';
import { fieldErrorsFor, FormMessage } from '@/components/form-fields';
import type { FormState } from '@/lib/forms';
import { EVIDENCE_LIMITS, megabytes } from '@/lib/complaints/limits';

/**
 * Refuses, before sending, files the server would refuse for their number or size: a big upload is
 * not sent in vain. `countLimit` ends the sentence about too many files ("can be sent with a complaint").
 */
export function chosenFilesProblem(form: HTMLFormElement, inputName: string, countLimit: string): string | null {
  const input = form.elements.namedItem(inputName);
  const files = input instanceof HTMLInputElement && input.files ? [...input.files] : [];
  // Every problem at once, each file by name: fixing one to be told of the next is a round trip each.
  const problems: string[] = [];
  if (files.length > EVIDENCE_LIMITS.maxFiles) problems.push(`You chose ${files.length} files; at most ${EVIDENCE_LIMITS.maxFiles} ${countLimit}.`);
  for (const big of files.filter((file) => file.size > EVIDENCE_LIMITS.maxFileBytes)) {
    problems.push(`“${big.name}” is ${megabytes(big.size)}; each file may be at most ${megabytes(EVIDENCE_LIMITS.maxFileBytes)}.`);
  }
  const total = files.reduce((sum, file) => sum + file.size, 0);
  if (total > EVIDENCE_LIMITS.maxTotalBytes) problems.push(`Your files add up to ${megabytes(total)}; together they may be at most ${megabytes(EVIDENCE_LIMITS.maxTotalBytes)}.`);
  return problems.length > 0 ? problems.join(' ') : null;
}

/** A form's submit guard for its file input: the problem to show, and the handler that stops the submit. */
export function useChosenFilesCheck(inputName: string, countLimit: string) {
  const [problem, setProblem] = useState<string | null>(null);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const found = chosenFilesProblem(event.currentTarget, inputName, countLimit);
    setProblem(found);
    if (found) event.preventDefault();
  };
  return { problem, onSubmit };
}

/** The message of a form with files: the browser's own refusal of the files, else the server's answer. */
export function UploadFormMessage({ problem, state }: { problem: string | null; state: FormState | undefined }) {
  return (
    <div aria-live="polite">
      {problem ? (
        <div role="alert" className="mb-4 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900">
          {problem} Nothing was sent; what you typed is still here.
        </div>
      ) : (
        <FormMessage state={state} />
      )}
    </div>
  );
}

type FileUploadFieldProps = {
  id: string;
  name: string;
  label: string;
  state: FormState | undefined;
  /** What the files usually are, before the accepted types ("Screenshots, mails or letters"). */
  examples?: string;
  /** What a refusal refuses, for the reminder that files must be chosen again ("form", "response"). */
  refused: string;
};

/** The file input for evidence or documents: the accepted types and limits stated, its own errors shown. */
export function FileUploadField({ id, name, label, state, examples, refused }: FileUploadFieldProps) {
  const errors = fieldErrorsFor(state, name);
  return (
    <div className="mb-4">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <p id={`${id}-hint`} className="mb-1 text-sm text-slate-600">
        {examples ? `${examples}: images` : 'Images'} (PNG, JPEG, GIF, WebP), PDF or plain text. At most {EVIDENCE_LIMITS.maxFiles} files, each up to{' '}
        {megabytes(EVIDENCE_LIMITS.maxFileBytes)}, {megabytes(EVIDENCE_LIMITS.maxTotalBytes)} together. If the {refused} is refused, choose the files again: browsers
        do not keep them.
      </p>
      <input
        id={id}
        name={name}
        type="file"
        multiple
        accept=".png,.jpg,.jpeg,.gif,.webp,.pdf,.txt,image/png,image/jpeg,image/gif,image/webp,application/pdf,text/plain"
        aria-describedby={errors ? `${id}-hint ${id}-error` : `${id}-hint`}
        aria-invalid={errors ? true : undefined}
        className="block"
      />
      {errors && (
        <p id={`${id}-error`} className="field-error">
          {errors.join(' ')}
        </p>
      )}
    </div>
  );
}
