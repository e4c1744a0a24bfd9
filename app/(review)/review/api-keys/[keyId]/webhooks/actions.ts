'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { getServiceContext } from '@/lib/auth/session';
import { formAction, formText, type FormState } from '@/lib/forms';
import { endpointFormInput, endpointMadeState, keepingEventTypes } from '@/lib/webhooks/endpoint-form';
import { createWebhookEndpoint, deleteWebhookEndpoint, enableWebhookEndpoint, resendWebhookDelivery } from '@/lib/services/webhooks/manage-endpoints';

/*
 * An admin manages a relying party's webhook endpoints (issue #17) as its key would with
 * webhooks:manage, with the same verbs; they check the caller is an admin and the key a relying
 * party's that is not revoked.
 */

const owner = (formData: FormData) => ({ apiKeyId: formText(formData, 'keyId') ?? '' });
const pagePath = (keyId: string) => `/review/api-keys/${keyId}/webhooks`;

/** Registers an endpoint for the key; its signing secret is in the answer, once. */
export async function createKeyWebhookAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  const state = await formAction(formData, async () => {
    const { endpoint, secret } = await createWebhookEndpoint({ ctx: await getServiceContext(), owner: owner(formData), input: endpointFormInput(formData, { withSealFilter: true }) });
    revalidatePath(pagePath(endpoint.apiKeyId!));
    return endpointMadeState(endpoint, secret);
  });
  return keepingEventTypes(state, formData);
}

export async function deleteKeyWebhookAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    await deleteWebhookEndpoint({ ctx: await getServiceContext(), owner: owner(formData), input: { endpointId: formText(formData, 'endpointId') } });
    revalidatePath(pagePath(owner(formData).apiKeyId));
    // Its card, where the button's answer would show, is gone: the page says it instead.
    redirect(`${pagePath(owner(formData).apiKeyId)}?deleted=1`);
  });
}

export async function enableKeyWebhookAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    await enableWebhookEndpoint({ ctx: await getServiceContext(), owner: owner(formData), input: { endpointId: formText(formData, 'endpointId') } });
    revalidatePath(pagePath(owner(formData).apiKeyId));
    return { success: 'Enabled: new events are sent to it again. Resend from its log what it missed.' };
  });
}

export async function resendKeyWebhookAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    await resendWebhookDelivery({ ctx: await getServiceContext(), owner: owner(formData), input: { endpointId: formText(formData, 'endpointId'), deliveryId: formText(formData, 'deliveryId') } });
    revalidatePath(pagePath(owner(formData).apiKeyId));
    return { success: 'Sent again: a new delivery is at the top of the log.' };
  });
}
