'use server';

import { revalidatePath } from 'next/cache';
import { getServiceContext } from '@/lib/auth/session';
import { formAction, formText, type FormState } from '@/lib/forms';
import { explainPolicyChange } from '@/lib/services/policies/policy-change-verbs';

/** The holder's explanation of a change to its certified policy. */
export async function explainPolicyChangeAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    await explainPolicyChange({ ctx: await getServiceContext(), input: { changeId: formText(formData, 'changeId'), explanation: formText(formData, 'explanation') } });
    revalidatePath(`/portal/sites/${formText(formData, 'siteId')}`);
    return { success: 'Thank you: the reviewers read your explanation beside the change.' };
  });
}
