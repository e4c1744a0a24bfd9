'use server';

import { redirect } from 'next/navigation';
import { getServiceContext } from '@/lib/auth/session';
import { formError, type FormState } from '@/lib/forms';
import { resetPassword } from '@/lib/services/users/password-reset';

export async function resetPasswordAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  let email: string;
  try {
    ({ email } = await resetPassword({ ctx: await getServiceContext(), input: { token: formData.get('token'), password: formData.get('password') } }));
  } catch (error) {
    return formError(error, formData);
  }
  // Every session of the account has ended, this browser's included: sign in with the new password.
  redirect(`/login?reason=password-reset&email=${encodeURIComponent(email)}`);
}
