'use server';

import { revalidatePath } from 'next/cache';
import { getServiceContext } from '@/lib/auth/session';
import { formAction, formText, type FormState } from '@/lib/forms';
import { acceptPolicyChanges } from '@/lib/services/policies/policy-change-verbs';

/** Accepts the chosen changes at once, all or none, as the new certified texts. */
export async function acceptPolicyChangesAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  const changeIds = formData.getAll('changeIds').filter((value): value is string => typeof value === 'string');
  const state = await formAction(formData, async () => {
    const accepted = await acceptPolicyChanges({ ctx: await getServiceContext(), input: { changeIds, note: formText(formData, 'note') } });
    revalidatePath('/review/policy-changes');
    return { success: `${accepted.length} ${accepted.length === 1 ? 'change was' : 'changes were'} accepted as the certified policy.` };
  });
  // On a refusal the boxes stay ticked: the form gets the chosen changes back with what was typed.
  return state.error ? { ...state, values: { ...state.values, changeIds: changeIds.join(',') } } : state;
}
