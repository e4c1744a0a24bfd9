'use server';

import { revalidatePath } from 'next/cache';
import { noticeTemplateKinds } from '@/db/schema';
import { getServiceContext } from '@/lib/auth/session';
import { formAction, formText, formValues, type FormState } from '@/lib/forms';
import { updateNoticeTemplates } from '@/lib/services/programs/update-notice-templates';

/** An admin saves a program's notice templates (the texts reviewers start from on the case page). */
export async function updateNoticeTemplatesAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const input = Object.fromEntries([['programId', formText(formData, 'programId')], ...noticeTemplateKinds.map((kind) => [kind, formText(formData, kind)])]);
    const { program, changed } = await updateNoticeTemplates({ ctx: await getServiceContext(), input });
    if (changed.length === 0) return { success: `Nothing to save: these are already the templates of ${program.name}.`, values: formValues(formData) };
    revalidatePath('/review', 'layout');
    return { success: `Templates of ${program.name} saved. Reviewers start from them on the case page from now on.`, values: formValues(formData) };
  });
}
