import { createWebhookEndpoint, deleteWebhookEndpoint, enableWebhookEndpoint, listWebhookEndpoints, resendWebhookDelivery } from '@/lib/services/webhooks/manage-endpoints';
import { listWebhookDeliveries } from '@/lib/services/webhooks/list-deliveries';
import type { EndpointOwner } from '@/lib/services/webhooks/endpoint-owner';
import { ForbiddenError } from '@/lib/services/errors';
import type { ApiCall } from '../serve-api-call';
import type { ApiRoute } from '../api-route';
import { readJsonBody } from '../request-body';

/*
 * Webhook endpoints managed with a key (issue #17): a relying party's key manages its own, an
 * organization's key its organization's (its creator must still be an owner). The same verbs as
 * the portal and the staff pages.
 */

function ownerOf(call: ApiCall): EndpointOwner {
  if (call.key.kind === 'relying_party') return { apiKeyId: call.key.id };
  if (call.key.kind === 'organization' && call.key.organizationId) return { organizationId: call.key.organizationId };
  throw new ForbiddenError('Only a relying party’s or an organization’s key has webhooks.');
}

const scope = { scope: 'webhooks:manage' } as const;
type EndpointParams = { endpointId: string };

export const webhookEndpointsList: ApiRoute = {
  spec: scope,
  handle: async (call) => ({ data: await listWebhookEndpoints({ ctx: call.ctx, owner: ownerOf(call) }) }),
};

export const webhookEndpointCreate: ApiRoute = {
  spec: { ...scope, creates: true },
  handle: async (call) => {
    const input = await readJsonBody(call.request, '{"url": "https://…", "eventTypes": ["seal.status_changed"]}');
    const { endpoint, secret } = await createWebhookEndpoint({ ctx: call.ctx, owner: ownerOf(call), input });
    const { secret: _sealed, ...shown } = endpoint;
    // The signing secret, once: only its sealed form is kept.
    return { ...shown, secret };
  },
};

export const webhookEndpointDelete: ApiRoute<EndpointParams> = {
  spec: scope,
  handle: (call, { endpointId }) => deleteWebhookEndpoint({ ctx: call.ctx, owner: ownerOf(call), input: { endpointId } }),
};

export const webhookEndpointEnable: ApiRoute<EndpointParams> = {
  spec: scope,
  handle: (call, { endpointId }) => enableWebhookEndpoint({ ctx: call.ctx, owner: ownerOf(call), input: { endpointId } }),
};

export const webhookDeliveriesList: ApiRoute<EndpointParams> = {
  spec: scope,
  handle: (call, { endpointId }) => listWebhookDeliveries({ ctx: call.ctx, owner: ownerOf(call), input: { endpointId, cursor: call.url.searchParams.get('cursor') ?? undefined, limit: call.url.searchParams.get('limit') ?? undefined } }),
};

export const webhookDeliveryResend: ApiRoute<EndpointParams & { deliveryId: string }> = {
  spec: { ...scope, creates: true },
  handle: async (call, { endpointId, deliveryId }) => {
    const delivery = await resendWebhookDelivery({ ctx: call.ctx, owner: ownerOf(call), input: { endpointId, deliveryId } });
    return { id: delivery.id, status: delivery.status, createdAt: delivery.createdAt.toISOString() };
  },
};
