'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { getServiceContext } from '@/lib/auth/session';
import { formAction, formText, type FormState } from '@/lib/forms';
import { endpointFormInput, endpointMadeState, keepingEventTypes } from '@/lib/webhooks/endpoint-form';
import { createWebhookEndpoint, deleteWebhookEndpoint, enableWebhookEndpoint, resendWebhookDelivery } from '@/lib/services/webhooks/manage-endpoints';

/*
 * An organization's owners manage its webhook endpoints (issue #17) with the verbs the API uses;
 * the verbs check that the caller is an owner of the organization the form names.
 */

const owner = (formData: FormData) => ({ organizationId: formText(formData, 'organizationId') ?? '' });
const pagePath = (organizationId: string) => `/portal/organizations/${organizationId}/webhooks`;

/** Registers an endpoint; its signing secret is in the answer, once. */
export async function createOrganizationWebhookAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  const state = await formAction(formData, async () => {
    const { endpoint, secret } = await createWebhookEndpoint({ ctx: await getServiceContext(), owner: owner(formData), input: endpointFormInput(formData, { withSealFilter: false }) });
    revalidatePath(pagePath(endpoint.organizationId!));
    return endpointMadeState(endpoint, secret);
  });
  return keepingEventTypes(state, formData);
}

export async function deleteOrganizationWebhookAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    await deleteWebhookEndpoint({ ctx: await getServiceContext(), owner: owner(formData), input: { endpointId: formText(formData, 'endpointId') } });
    revalidatePath(pagePath(owner(formData).organizationId));
    // Its card, where the button's answer would show, is gone: the page says it instead.
    redirect(`${pagePath(owner(formData).organizationId)}?deleted=1`);
  });
}

export async function enableOrganizationWebhookAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    await enableWebhookEndpoint({ ctx: await getServiceContext(), owner: owner(formData), input: { endpointId: formText(formData, 'endpointId') } });
    revalidatePath(pagePath(owner(formData).organizationId));
    return { success: 'Enabled: new events are sent to it again. Resend from its log what it missed.' };
  });
}

export async function resendOrganizationWebhookAction(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
  return formAction(formData, async () => {
    await resendWebhookDelivery({ ctx: await getServiceContext(), owner: owner(formData), input: { endpointId: formText(formData, 'endpointId'), deliveryId: formText(formData, 'deliveryId') } });
    revalidatePath(pagePath(owner(formData).organizationId));
    return { success: 'Sent again: a new delivery is at the top of the log.' };
  });
}
