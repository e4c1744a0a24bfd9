'use server';

import { revalidatePath } from 'next/cache';
import { getServiceContext } from '@/lib/auth/session';
import { formError, type FormState } from '@/lib/forms';
import { createUser } from '@/lib/services/users/create-user';
import { changeUserRole } from '@/lib/services/users/change-user-role';
import { disableUser, enableUser } from '@/lib/services/users/set-user-disabled';

export async function createUserAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  try {
    const { user, generatedPassword } = await createUser({
      ctx: await getServiceContext(),
      input: { name: formData.get('name'), email: formData.get('email'), role: formData.get('role'), password: formData.get('password') || undefined },
    });
    revalidatePath('/review/users');
    return {
      success: `Created ${user.email} as ${user.role}.${generatedPassword ? ' Give them this password through a safe channel; it will not be shown again.' : ''}`,
      secret: generatedPassword ?? undefined,
    };
  } catch (error) {
    return formError(error, formData);
  }
}

export async function userAdminAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  const input = { userId: formData.get('userId'), role: formData.get('role') };
  try {
    const ctx = await getServiceContext();
    const intent = formData.get('intent');
    if (intent === 'disable') await disableUser({ ctx, input });
    else if (intent === 'enable') await enableUser({ ctx, input });
    else if (intent === 'change-role') await changeUserRole({ ctx, input });
    else return { error: 'Unknown action.' };
    revalidatePath('/review/users');
    return { success: 'Saved.' };
  } catch (error) {
    return formError(error, formData);
  }
}
