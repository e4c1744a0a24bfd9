'use client';

import { useActionState } from 'react';
import { FileUploadField, useChosenFilesCheck } from '@/components/file-upload';
import { TextField } from '@/components/form-fields';
import { FocusedFormMessage } from '@/components/focused-form-message';
import { replyAsComplainantAction } from './actions';

/**
 * The complainant's answer to a reviewer's question, below the messages, with files if the answer
 * needs them (a screenshot, the mail they received); the answer's result takes the focus.
 */
export function ReplyForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState(replyAsComplainantAction, undefined);
  const filesCheck = useChosenFilesCheck('files', 'can be attached to an answer');
  return (
    <form action={action} noValidate className="card max-w-2xl" aria-labelledby="reply-heading" onSubmit={filesCheck.onSubmit}>
      <h3 id="reply-heading" className="mt-0 font-semibold">
        Answer the reviewer
      </h3>
      {filesCheck.problem && (
        <div role="alert" className="mb-4 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900">
          {filesCheck.problem} Nothing was sent; what you typed is still here.
        </div>
      )}
      <FocusedFormMessage state={state} />
      <input type="hidden" name="token" value={token} />
      <TextField name="body" label="Your answer" rows={5} state={state} idPrefix="reply" hint="Only the seal authority’s reviewers read it; the site does not." />
      <FileUploadField id="reply-files" name="files" label="Files (optional)" examples="Screenshots, mails or letters" refused="answer" state={state} />
      <button type="submit" className="btn" disabled={pending}>
        {pending ? 'Sending…' : 'Send my answer'}
      </button>
    </form>
  );
}
