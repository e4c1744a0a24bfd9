'use server';

import { revalidatePath } from 'next/cache';
import { getServiceContext } from '@/lib/auth/session';
import { formAction, type FormState } from '@/lib/forms';
import { updateSignInPolicy } from '@/lib/services/site-settings/update-sign-in-policy';

export async function updateSignInPolicyAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const { changed, requireStaffSecondFactor } = await updateSignInPolicy({
      ctx: await getServiceContext(),
      input: { requireStaffSecondFactor: formData.get('requireStaffSecondFactor') },
    });
    revalidatePath('/review/settings');
    if (!changed) return { success: 'Nothing to save: this is already the setting.' };
    return {
      success: requireStaffSecondFactor
        ? 'Saved. Reviewers and administrators without two-factor sign-in are now sent to set it up before they can use the review area.'
        : 'Saved. Two-factor sign-in is now optional for reviewers and administrators.',
    };
  });
}
