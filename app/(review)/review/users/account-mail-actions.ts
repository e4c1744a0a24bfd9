'use server';

import { getServiceContext } from '@/lib/auth/session';
import { formAction, type FormState } from '@/lib/forms';
import { sendPasswordResetLinkToUser } from '@/lib/services/users/password-reset';
import { resendVerificationToUser } from '@/lib/services/users/email-verification';

/** For the admins' users list: mails user X a link to choose a new password. */
export async function sendPasswordResetLinkAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const { email } = await sendPasswordResetLinkToUser({ ctx: await getServiceContext(), input: { userId: formData.get('userId') } });
    return { success: `A link to choose a new password has been mailed to ${email}. It works once, for one hour.` };
  });
}

/** For the admins' users list: mails user X a new verification link. */
export async function resendVerificationMailAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const { email } = await resendVerificationToUser({ ctx: await getServiceContext(), input: { userId: formData.get('userId') } });
    return { success: `A new verification link has been mailed to ${email}.` };
  });
}
