import { z } from 'zod';
import { webhookDeliveryStatuses, webhookEventTypes } from '@/db/schema';
import { webhookDeliveriesList, webhookDeliveryResend, webhookEndpointCreate, webhookEndpointDelete, webhookEndpointEnable, webhookEndpointsList } from '@/lib/api/routes/webhooks';
import { ApiErrorBody, nullableTimestamp, PageQuery, pageOf, timestamp } from './common';
import type { ApiOperation, ResponseSpec } from './operation';

/*
 * The webhook routes of the integrator API (issue #17): endpoints registered with a relying party's
 * or an organization's key, their delivery logs, and what a receiver gets (ADR 0027).
 */

export const WEBHOOKS_TAG = { name: 'Webhooks', description: 'Events pushed to your https endpoint, signed in the Standard Webhooks format (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256 of id.timestamp.body>`), retried with back-off for 24 hours.' } as const;

const EndpointParam = z.object({ endpointId: z.uuid().meta({ description: 'The endpoint’s id.' }) });

export const WebhookEndpoint = z
  .looseObject({
    id: z.uuid(),
    url: z.string().meta({ example: 'https://market.example/openseal-events' }),
    description: z.string(),
    eventTypes: z.array(z.enum(webhookEventTypes)),
    sealIds: z.array(z.string()).nullable().meta({ description: 'A relying party’s filter: only these seals; null for every seal.' }),
    apiKeyId: z.uuid().nullable(),
    organizationId: z.uuid().nullable(),
    createdAt: timestamp(),
    failingSince: nullableTimestamp('Since when every delivery failed; 24 hours of it disables the endpoint.'),
    disabledAt: nullableTimestamp(),
    disabledReason: z.string().nullable(),
  })
  .meta({ id: 'WebhookEndpoint' });

const CreateEndpointBody = z
  .object({
    url: z.string().meta({ description: 'An https address.', example: 'https://market.example/openseal-events' }),
    eventTypes: z.array(z.enum(webhookEventTypes)).meta({ description: 'A relying party may choose the public events only (`seal.*`, `log.checkpoint_published`).' }),
    description: z.string().optional(),
    sealIds: z.array(z.string()).optional().meta({ description: 'A relying party’s filter, up to 1,000 seal ids.' }),
  })
  .meta({ id: 'WebhookEndpointInput' });

const CreatedEndpoint = WebhookEndpoint.extend({ secret: z.string().meta({ description: 'The signing secret, shown once: keep it to verify signatures.', example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }) }).meta({ id: 'WebhookEndpointCreated' });

const Delivery = z
  .looseObject({
    id: z.uuid(),
    messageId: z.string().meta({ description: 'The `webhook-id` the receiver got: the same on every attempt of this delivery.', example: 'msg_2f1c0e6a9b7d4c3e8f5a1b2c3d4e5f60' }),
    eventType: z.enum(webhookEventTypes),
    eventOccurredAt: timestamp(),
    status: z.enum(webhookDeliveryStatuses),
    attempts: z.number().int(),
    responseStatus: z.number().int().nullable().meta({ description: 'The receiver’s HTTP status on the last attempt; null when it could not be reached.' }),
    lastError: z.string().nullable(),
    lastAttemptAt: nullableTimestamp(),
    nextAttemptAt: nullableTimestamp(),
    deliveredAt: nullableTimestamp(),
    createdAt: timestamp(),
  })
  .meta({ id: 'WebhookDelivery' });

const notFound: ResponseSpec = { description: 'No such endpoint for this key.', json: ApiErrorBody, example: { error: 'not_found', message: 'There is no such webhook endpoint.' } };
const conflict = (message: string): ResponseSpec => ({ description: 'Not now.', json: ApiErrorBody, example: { error: 'conflict', message } });

export const WEBHOOK_OPERATIONS: Array<ApiOperation & { tag: typeof WEBHOOKS_TAG.name }> = [
  {
    method: 'get',
    path: '/api/v1/webhooks',
    operationId: 'listWebhookEndpoints',
    tag: 'Webhooks',
    summary: 'Your webhook endpoints',
    description: 'A relying party’s key: its own endpoints. An organization’s key: the organization’s.',
    access: { key: webhookEndpointsList },
    responses: { '200': { description: 'The endpoints, newest first.', json: z.looseObject({ data: z.array(WebhookEndpoint) }) } },
  },
  {
    method: 'post',
    path: '/api/v1/webhooks',
    operationId: 'createWebhookEndpoint',
    tag: 'Webhooks',
    summary: 'Register an endpoint',
    description: 'Events of the chosen types are POSTed to the address as `{"type", "timestamp", "data"}`. The answer carries the signing secret, once.',
    access: { key: webhookEndpointCreate },
    body: { schema: CreateEndpointBody, example: { url: 'https://market.example/openseal-events', eventTypes: ['seal.status_changed'] } },
    responses: {
      '201': { description: 'Registered; keep `secret`.', json: CreatedEndpoint },
      '409': conflict('There are already 10 webhook endpoints here: delete one you no longer use first.'),
      '422': { description: 'The input was refused.', json: ApiErrorBody, example: { error: 'validation', message: 'Use an https address: events are signed, but their content is sent in the clear otherwise.', fields: { url: ['Use an https address: events are signed, but their content is sent in the clear otherwise.'] } } },
    },
  },
  {
    method: 'post',
    path: '/api/v1/webhooks/{endpointId}/enable',
    operationId: 'enableWebhookEndpoint',
    tag: 'Webhooks',
    summary: 'Enable a disabled endpoint',
    description: 'After 24 hours of failures an endpoint is disabled and its owner told; once the receiver is fixed, this turns it on again.',
    access: { key: webhookEndpointEnable },
    params: { path: EndpointParam },
    responses: { '200': { description: 'Enabled.', json: WebhookEndpoint }, '404': notFound, '409': conflict('This endpoint is not disabled.') },
  },
  {
    method: 'get',
    path: '/api/v1/webhooks/{endpointId}/deliveries',
    operationId: 'listWebhookDeliveries',
    tag: 'Webhooks',
    summary: 'An endpoint’s delivery log',
    description: 'Each event sent to the endpoint, newest first: its status, attempts and the receiver’s last answer.',
    access: { key: webhookDeliveriesList },
    params: { path: EndpointParam, query: PageQuery },
    responses: { '200': { description: 'A page of deliveries.', json: pageOf(Delivery, 'WebhookDeliveryPage') }, '404': notFound },
  },
  {
    method: 'post',
    path: '/api/v1/webhooks/{endpointId}/deliveries/{deliveryId}/resend',
    operationId: 'resendWebhookDelivery',
    tag: 'Webhooks',
    summary: 'Send an event again',
    description: 'A new delivery of the same event (a new `webhook-id`), tried at once and retried for 24 hours.',
    access: { key: webhookDeliveryResend },
    params: { path: EndpointParam.extend({ deliveryId: z.uuid() }) },
    responses: {
      '201': { description: 'Queued.', json: z.looseObject({ id: z.uuid(), status: z.enum(webhookDeliveryStatuses), createdAt: timestamp() }) },
      '404': notFound,
      '409': conflict('This endpoint is disabled: enable it first.'),
      '422': { description: 'No such delivery of this endpoint.', json: ApiErrorBody },
    },
  },
  {
    method: 'delete',
    path: '/api/v1/webhooks/{endpointId}',
    operationId: 'deleteWebhookEndpoint',
    tag: 'Webhooks',
    summary: 'Delete an endpoint',
    description: 'No more events are sent to it; its delivery log goes with it.',
    access: { key: webhookEndpointDelete },
    params: { path: EndpointParam },
    responses: { '200': { description: 'Deleted.', json: z.looseObject({ deleted: z.uuid() }) }, '404': notFound },
  },
];
