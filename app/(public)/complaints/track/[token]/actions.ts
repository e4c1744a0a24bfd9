'use server';

import { revalidatePath } from 'next/cache';
import { getServiceContext } from '@/lib/auth/session';
import { formAction, type FormState } from '@/lib/forms';
import { replyAsComplainant } from '@/lib/services/cases/reply-as-complainant';

/** The complainant answers the reviewer's question; the token in the form is the only permission. */
export async function replyAsComplainantAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const token = formData.get('token');
    await replyAsComplainant({ ctx: await getServiceContext(), input: { token, body: formData.get('body') } });
    if (typeof token === 'string') revalidatePath(`/complaints/track/${token}`);
    return { success: 'Thank you: your answer was sent to the reviewer. It is now the last message above this form.' };
  });
}
