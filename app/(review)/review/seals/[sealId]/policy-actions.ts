'use server';

import { revalidatePath } from 'next/cache';
import { getServiceContext } from '@/lib/auth/session';
import { formAction, formText, type FormState } from '@/lib/forms';
import { acceptPolicyChanges } from '@/lib/services/policies/policy-change-verbs';

/** The seal page's "accept as the new certified text" for the newest change of its policy. */
export async function acceptPolicyChangeAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    await acceptPolicyChanges({ ctx: await getServiceContext(), input: { changeIds: [formText(formData, 'changeId')], note: formText(formData, 'note') } });
    revalidatePath(`/review/seals/${formText(formData, 'sealId')}`);
    return { success: 'The new text is the certified policy now; the monitor compares against it from its next check.' };
  });
}
