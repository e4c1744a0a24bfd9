'use server';

import { headers } from 'next/headers';
import { getServiceContext } from '@/lib/auth/session';
import { formAction, type FormState } from '@/lib/forms';
import { requestPasswordReset } from '@/lib/services/users/password-reset';
import { CLIENT_IP_HEADER } from '@/lib/server/client-ip';

export async function requestPasswordResetAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const clientAddress = (await headers()).get(CLIENT_IP_HEADER) ?? 'unknown';
    const { message } = await requestPasswordReset({ ctx: await getServiceContext(), input: { email: formData.get('email'), clientAddress } });
    return { success: message };
  });
}
