'use server';

import { headers } from 'next/headers';
import { getServiceContext } from '@/lib/auth/session';
import { formAction, type FormState } from '@/lib/forms';
import { resendVerification } from '@/lib/services/users/email-verification';
import { CLIENT_IP_HEADER } from '@/lib/server/client-ip';

export async function resendVerificationAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const clientAddress = (await headers()).get(CLIENT_IP_HEADER) ?? 'unknown';
    const { message } = await resendVerification({ ctx: await getServiceContext(), input: { clientAddress } });
    return { success: message };
  });
}
