'use server';

import { revalidatePath } from 'next/cache';
import { getServiceContext } from '@/lib/auth/session';
import { formAction, type FormState } from '@/lib/forms';
import { markNotificationsRead } from '@/lib/notifications/mark-notifications-read';

export async function markAllNotificationsReadAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const marked = await markNotificationsRead({ ctx: await getServiceContext(), input: {} });
    // The unread count sits in the root layout, on every page.
    revalidatePath('/', 'layout');
    return { success: marked === 0 ? 'Nothing was unread.' : `Marked ${marked} ${marked === 1 ? 'notification' : 'notifications'} as read.` };
  });
}
