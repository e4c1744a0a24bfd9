'use server';

import { AuthError } from 'next-auth';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { signInAndGoTo } from '@/lib/auth/return-after-sign-in';
import { getServiceContext } from '@/lib/auth/session';
import { formError, formValues, type FormState } from '@/lib/forms';
import { signUp } from '@/lib/services/users/sign-up';
import { safeReturnPath } from '@/lib/safe-redirect';
import { CLIENT_IP_HEADER } from '@/lib/server/client-ip';

export async function signUpAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  const input = { name: formData.get('name'), email: formData.get('email'), password: formData.get('password'), clientAddress: (await headers()).get(CLIENT_IP_HEADER) ?? 'unknown' };
  try {
    await signUp({ ctx: await getServiceContext(), input });
  } catch (error) {
    return formError(error, formData);
  }
  try {
    const next = formData.get('next');
    await signInAndGoTo(input, next ? safeReturnPath(next) : '/portal?welcome=1');
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    // The account exists; only the automatic sign-in failed (e.g. throttled): let them sign in by hand.
    redirect(`/login?next=/portal&email=${encodeURIComponent(formValues(formData).email ?? '')}`);
  }
  return {};
}
