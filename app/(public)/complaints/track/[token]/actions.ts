'use server';

import { revalidatePath } from 'next/cache';
import { getServiceContext } from '@/lib/auth/session';
import { formError, formFiles, type FormState } from '@/lib/forms';
import { FILES_AGAIN_ANSWER, replyAsComplainant } from '@/lib/services/cases/reply-as-complainant';
import { stagedUploadsOf } from '@/lib/uploads/form-uploads';

/**
 * The complainant answers the reviewer's question, with files if they like; the token in the form
 * is the only permission. On a refusal the text stays and the answer says when files must be chosen again.
 */
export async function replyAsComplainantAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  const files = await formFiles(formData, 'files');
  const staged = await stagedUploadsOf(formData, 'files');
  const count = files.length + staged.uploads.length;
  try {
    const token = formData.get('token');
    await replyAsComplainant({ ctx: await getServiceContext(), input: { token, body: formData.get('body'), files, ...staged } });
    if (typeof token === 'string') revalidatePath(`/complaints/track/${token}`);
    const attached = count > 0 ? ` with ${count} file${count === 1 ? '' : 's'}` : '';
    return { success: `Thank you: your answer${attached} was sent to the reviewer. It is now the last message above this form.` };
  } catch (error) {
    const state = formError(error, formData);
    if (count > 0 && state.error && !state.error.includes(FILES_AGAIN_ANSWER)) state.error = `${state.error} ${FILES_AGAIN_ANSWER}`;
    return state;
  }
}
