'use server';

import { revalidatePath } from 'next/cache';
import { getServiceContext } from '@/lib/auth/session';
import { formAction, formText, type FormState } from '@/lib/forms';
import { resetSecondFactor } from '@/lib/services/second-factor/admin-reset';

/** An admin removes a user's second factor (lost phone and recovery codes). Wired to the users list at merge. */
export async function resetSecondFactorAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const { email } = await resetSecondFactor({ ctx: await getServiceContext(), input: { userId: formText(formData, 'userId') } });
    revalidatePath('/review/users');
    return { success: `The second factor of ${email} is reset: they sign in with their password alone and may set up a new one.` };
  });
}
