'use server';

import { revalidatePath } from 'next/cache';
import { getServiceContext } from '@/lib/auth/session';
import { formAction, formValues, type FormState } from '@/lib/forms';
import { PROGRAM_SETTING_NAMES } from '@/lib/programs/settings-limits';
import { updateProgramSettings } from '@/lib/services/programs/update-program-settings';

export async function updateProgramSettingsAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const input = Object.fromEntries([['programId', formData.get('programId')], ...PROGRAM_SETTING_NAMES.map((name) => [name, formData.get(name)])]);
    const { program, changed } = await updateProgramSettings({ ctx: await getServiceContext(), input });
    if (changed.length === 0) return { success: `Nothing to save: these are already the settings of ${program.name}.`, values: formValues(formData) };
    revalidatePath('/review', 'layout');
    revalidatePath(`/programs/${program.slug}`, 'layout');
    return { success: `Settings of ${program.name} saved. They apply from now on; seals and deadlines already set keep their dates.`, values: formValues(formData) };
  });
}
