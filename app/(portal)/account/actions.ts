'use server';

import { AuthError } from 'next-auth';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { revalidatePath } from 'next/cache';
import { signIn } from '@/lib/auth/auth';
import { getServiceContext } from '@/lib/auth/session';
import { formAction, formError, type FormState } from '@/lib/forms';
import { changeName } from '@/lib/services/users/change-name';
import { requestEmailChange } from '@/lib/services/users/change-email';
import { changePassword } from '@/lib/services/users/change-password';
import { changeTimeZone } from '@/lib/services/users/change-time-zone';
import { formatDateTime } from '@/lib/format/dates';
import { nowDate } from '@/lib/clock';
import { CLIENT_IP_HEADER } from '@/lib/server/client-ip';

export async function changeNameAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const user = await changeName({ ctx: await getServiceContext(), input: { name: formData.get('name') } });
    revalidatePath('/', 'layout');
    return { success: `Your name is now ${user.name}.` };
  });
}

/**
 * The account page's choice (`source=account`) and the browser's own report of its zone
 * (`source=browser`, components/time-zone-sync.tsx), which changes nothing once a zone was chosen.
 */
export async function changeTimeZoneAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const ctx = await getServiceContext();
    const setting = await changeTimeZone({ ctx, input: { source: formData.get('source'), timeZone: formData.get('timeZone') } });
    if (!setting.changed && formData.get('source') === 'browser') return {};
    if (setting.changed) revalidatePath('/', 'layout');
    const zone = setting.timeZone ?? 'UTC';
    const sample = formatDateTime(nowDate(ctx.clock), zone);
    return {
      success: setting.chosen
        ? `Dates are now shown in ${zone} (it is ${sample}).`
        : `Dates now follow your browser’s time zone (${zone}; it is ${sample}).`,
    };
  });
}

export async function requestEmailChangeAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const clientAddress = (await headers()).get(CLIENT_IP_HEADER) ?? 'unknown';
    const { message } = await requestEmailChange({
      ctx: await getServiceContext(),
      input: { email: formData.get('email'), currentPassword: formData.get('currentPassword'), clientAddress },
    });
    return { success: message };
  });
}

export async function changePasswordAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  const ctx = await getServiceContext();
  try {
    await changePassword({ ctx, input: { currentPassword: formData.get('currentPassword'), password: formData.get('password') } });
  } catch (error) {
    return formError(error, formData);
  }
  // Every session has ended, this one included: this browser signs in again under the new version.
  try {
    await signIn('credentials', { email: ctx.actor!.email, password: formData.get('password'), redirect: false });
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    redirect(`/login?reason=password-changed&email=${encodeURIComponent(ctx.actor!.email)}`);
  }
  redirect('/account?changed=password');
}
