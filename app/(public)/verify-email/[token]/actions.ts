'use server';

import { getServiceContext } from '@/lib/auth/session';
import { formAction, type FormState } from '@/lib/forms';
import { verifyEmail } from '@/lib/services/users/email-verification';

export async function verifyEmailAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const { email, changed } = await verifyEmail({ ctx: await getServiceContext(), input: { token: formData.get('token') } });
    return { success: changed ? `Your account now uses ${email}.` : `${email} is verified. Thank you.` };
  });
}
