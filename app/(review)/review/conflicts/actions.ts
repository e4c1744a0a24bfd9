'use server';

import { revalidatePath } from 'next/cache';
import { getServiceContext } from '@/lib/auth/session';
import { formAction, type FormState } from '@/lib/forms';
import { declareConflict, withdrawConflict } from '@/lib/services/reviews/conflicts';

export async function declareConflictAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    await declareConflict({ ctx: await getServiceContext(), input: { organizationId: formData.get('organizationId'), reason: formData.get('reason') } });
    revalidatePath('/review/conflicts');
    revalidatePath('/review');
    return { success: 'Declared. You will not be able to claim, assess or decide this organization’s applications.' };
  });
}

export async function withdrawConflictAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    await withdrawConflict({ ctx: await getServiceContext(), input: { declarationId: formData.get('declarationId') } });
    revalidatePath('/review/conflicts');
    revalidatePath('/review');
    return { success: 'Withdrawn.' };
  });
}
