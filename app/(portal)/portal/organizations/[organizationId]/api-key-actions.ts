'use server';

import { revalidatePath } from 'next/cache';
import { getServiceContext } from '@/lib/auth/session';
import { formAction, formText, type FormState } from '@/lib/forms';
import { keepingScopes, keyFormInput, keyMadeState } from '@/lib/api/key-form';
import { createOrganizationApiKey } from '@/lib/services/api-keys/manage-api-keys';
import { revokeOrganizationApiKey } from '@/lib/services/api-keys/revoke-organization-api-key';

/** An owner makes a key for their organization; its token is in the answer, once. */
export async function createOrganizationApiKeyAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  const state = await formAction(formData, async () => {
    const ctx = await getServiceContext();
    const { key, token } = await createOrganizationApiKey({ ctx, input: { organizationId: formText(formData, 'organizationId'), ...keyFormInput(formData) } });
    revalidatePath(`/portal/organizations/${key.organizationId}`);
    return keyMadeState(key, token, ctx.actor?.timeZone);
  });
  return keepingScopes(state, formData);
}

/** An owner revokes one of their organization's keys: its next call is refused. */
export async function revokeOrganizationApiKeyAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    const key = await revokeOrganizationApiKey({ ctx: await getServiceContext(), input: { organizationId: formText(formData, 'organizationId'), keyId: formText(formData, 'keyId') } });
    revalidatePath(`/portal/organizations/${key.organizationId}`);
    return { success: `Revoked: calls with “${key.name}” are refused from now on.` };
  });
}
