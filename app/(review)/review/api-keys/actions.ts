'use server';

import { revalidatePath } from 'next/cache';
import { getServiceContext } from '@/lib/auth/session';
import { formAction, formText, type FormState } from '@/lib/forms';
import { keepingScopes, keyFormInput, keyMadeState } from '@/lib/api/key-form';
import { createStaffApiKey, revokeApiKey } from '@/lib/services/api-keys/manage-api-keys';

/** An admin makes a key for a relying party or for one of the authority's tools; its token is in the answer, once. */
export async function createStaffApiKeyAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  const state = await formAction(formData, async () => {
    const ctx = await getServiceContext();
    const { key, token } = await createStaffApiKey({ ctx, input: { kind: formText(formData, 'kind'), ...keyFormInput(formData), callsPerMinute: formText(formData, 'callsPerMinute') } });
    revalidatePath('/review/api-keys');
    return keyMadeState(key, token, ctx.actor?.timeZone);
  });
  return keepingScopes(state, formData);
}

/** An admin revokes any key, of any kind: its next call is refused. */
export async function revokeApiKeyAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const key = await revokeApiKey({ ctx: await getServiceContext(), input: { keyId: formText(formData, 'keyId') } });
    revalidatePath('/review/api-keys');
    return { success: `Revoked: calls with “${key.name}” are refused from now on.` };
  });
}
