'use server';

import { headers } from 'next/headers';
import { getServiceContext } from '@/lib/auth/session';
import { formAction, type FormState } from '@/lib/forms';
import { signUp } from '@/lib/services/users/sign-up';
import { CLIENT_IP_HEADER } from '@/lib/server/client-ip';

/**
 * Not signed in afterwards, whether the account is new or the address already had one: both get
 * the same "check your mail" answer, so the page tells nobody which addresses have accounts.
 */
export async function signUpAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const input = { name: formData.get('name'), email: formData.get('email'), password: formData.get('password'), clientAddress: (await headers()).get(CLIENT_IP_HEADER) ?? 'unknown' };
    const { message } = await signUp({ ctx: await getServiceContext(), input });
    return { success: message, values: { next: typeof formData.get('next') === 'string' ? String(formData.get('next')) : '' } };
  });
}
