'use client';

import { useActionState } from 'react';
import { TextField } from '@/components/form-fields';
import { FocusedFormMessage } from '@/components/focused-form-message';
import { replyAsComplainantAction } from './actions';

/** The complainant's answer to a reviewer's question, below the messages; the answer's result takes the focus. */
export function ReplyForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState(replyAsComplainantAction, undefined);
  return (
    <form action={action} noValidate className="card max-w-2xl" aria-labelledby="reply-heading">
      <h3 id="reply-heading" className="mt-0 font-semibold">
        Answer the reviewer
      </h3>
      <FocusedFormMessage state={state} />
      <input type="hidden" name="token" value={token} />
      <TextField name="body" label="Your answer" rows={5} state={state} idPrefix="reply" hint="Only the seal authority’s reviewers read it; the site does not." />
      <button type="submit" className="btn" disabled={pending}>
        Send my answer
      </button>
    </form>
  );
}
