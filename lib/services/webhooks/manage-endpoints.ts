import { z } from 'zod';
import { and, count, desc, eq } from 'drizzle-orm';
import { webhookDeliveries, webhookEndpoints, webhookEventTypes, type WebhookEndpoint } from '@/db/schema';
import { nowDate } from '@/lib/clock';
import { newWebhookSecret } from '@/lib/webhooks/signing';
import { webhookSecretContext } from '@/lib/webhooks/deliver';
import { webhooksDeliverJob } from '@/lib/jobs/definitions/webhooks-deliver';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError, ValidationError } from '../errors';
import { parseInput } from '../parse';
import { endpointOf, ownerCondition, PUBLIC_EVENT_TYPES, requireEndpointOwner, type EndpointOwner } from './endpoint-owner';

/*
 * Registering webhook endpoints and acting on their deliveries (issue #17): an https address, the
 * event types wanted, for a relying party an optional list of seals; the signing secret shown once.
 */

export const WEBHOOK_LIMITS = { endpointsPerOwner: 10, sealFilter: 1_000, urlLength: 2_000, descriptionLength: 200 } as const;

const EndpointInput = z.object({
  url: z
    .url({ message: 'Give the full https address of your receiver, e.g. https://example.org/openseal-events.' })
    .max(WEBHOOK_LIMITS.urlLength)
    .refine((url) => url.startsWith('https://'), 'Use an https address: events are signed, but their content is sent in the clear otherwise.'),
  description: z.string().trim().max(WEBHOOK_LIMITS.descriptionLength).default(''),
  eventTypes: z.array(z.enum(webhookEventTypes, { message: `Choose among: ${webhookEventTypes.join(', ')}.` })).min(1, 'Choose at least one event type.'),
  sealIds: z
    .array(z.string().trim().toUpperCase().min(1).max(64))
    .max(WEBHOOK_LIMITS.sealFilter, `Name at most ${WEBHOOK_LIMITS.sealFilter} seals; leave the list out for every seal.`)
    .optional(),
});

export type CreatedEndpoint = { endpoint: WebhookEndpoint; secret: string };

/** Registers an endpoint for `owner`; its signing secret is returned once and kept sealed. */
export async function createWebhookEndpoint({ ctx, owner, input }: { ctx: ServiceContext; owner: EndpointOwner; input: unknown }): Promise<CreatedEndpoint> {
  const stored = await requireEndpointOwner(ctx, owner);
  const data = parseInput(EndpointInput, input);
  if ('organizationId' in stored && data.sealIds) throw new ValidationError('An organization’s webhooks cover all its own seals; leave out sealIds.', { sealIds: ['Leave this out.'] });
  if ('apiKeyId' in stored) {
    const refused = data.eventTypes.filter((type) => !PUBLIC_EVENT_TYPES.includes(type));
    if (refused.length > 0) throw new ValidationError(`A relying party receives public events only, not ${refused.join(', ')}.`, { eventTypes: [`Choose among: ${PUBLIC_EVENT_TYPES.join(', ')}.`] });
  }
  if (!ctx.secrets) throw new Error('Registering a webhook needs the secret box (ServiceContext.secrets).');
  const secrets = ctx.secrets;
  const now = nowDate(ctx.clock);
  const secret = newWebhookSecret();
  return ctx.db.transaction(async (tx) => {
    const [{ n }] = (await tx.select({ n: count() }).from(webhookEndpoints).where(ownerCondition(stored))) as [{ n: number }];
    if (n >= WEBHOOK_LIMITS.endpointsPerOwner) throw new ConflictError(`There are already ${WEBHOOK_LIMITS.endpointsPerOwner} webhook endpoints here: delete one you no longer use first.`);
    const id = crypto.randomUUID();
    const [endpoint] = await tx
      .insert(webhookEndpoints)
      .values({ id, ...stored, url: data.url, description: data.description, eventTypes: [...new Set(data.eventTypes)], sealIds: data.sealIds ? [...new Set(data.sealIds)] : null, secret: secrets.seal(secret, webhookSecretContext(id)), createdById: ctx.actor!.id, createdAt: now })
      .returning();
    await recordAudit(tx, { actorId: ctx.actor!.id, action: 'webhook-endpoint.create', entityType: 'webhook_endpoint', entityId: id, after: { ...stored, url: data.url, eventTypes: endpoint!.eventTypes, sealIds: endpoint!.sealIds }, at: now });
    return { endpoint: endpoint!, secret };
  });
}

/** `owner`'s endpoints, newest first, with the outcome of their recent deliveries; never the secret. */
export async function listWebhookEndpoints({ ctx, owner }: { ctx: ServiceContext; owner: EndpointOwner }) {
  const stored = await requireEndpointOwner(ctx, owner);
  const endpoints = await ctx.db.select().from(webhookEndpoints).where(ownerCondition(stored)).orderBy(desc(webhookEndpoints.createdAt));
  return endpoints.map(({ secret: _secret, ...endpoint }) => endpoint);
}

/** Deletes an endpoint: no more deliveries are made to it; its delivery log goes with it. */
export async function deleteWebhookEndpoint({ ctx, owner, input }: { ctx: ServiceContext; owner: EndpointOwner; input: { endpointId: unknown } }) {
  const stored = await requireEndpointOwner(ctx, owner);
  const endpoint = await endpointOf(ctx, stored, input.endpointId);
  const now = nowDate(ctx.clock);
  await ctx.db.transaction(async (tx) => {
    await tx.delete(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpoint.id));
    await tx.delete(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id));
    await recordAudit(tx, { actorId: ctx.actor!.id, action: 'webhook-endpoint.delete', entityType: 'webhook_endpoint', entityId: endpoint.id, before: { url: endpoint.url, eventTypes: endpoint.eventTypes }, at: now });
  });
  return { deleted: endpoint.id };
}

/** Turns a disabled endpoint on again (its receiver was fixed): failures count from zero. */
export async function enableWebhookEndpoint({ ctx, owner, input }: { ctx: ServiceContext; owner: EndpointOwner; input: { endpointId: unknown } }) {
  const stored = await requireEndpointOwner(ctx, owner);
  const endpoint = await endpointOf(ctx, stored, input.endpointId);
  if (!endpoint.disabledAt) throw new ConflictError('This endpoint is not disabled.');
  const now = nowDate(ctx.clock);
  return ctx.db.transaction(async (tx) => {
    const [enabled] = await tx.update(webhookEndpoints).set({ disabledAt: null, disabledReason: null, failingSince: null }).where(eq(webhookEndpoints.id, endpoint.id)).returning();
    await recordAudit(tx, { actorId: ctx.actor!.id, action: 'webhook-endpoint.enable', entityType: 'webhook_endpoint', entityId: endpoint.id, before: { disabledAt: endpoint.disabledAt!.toISOString(), disabledReason: endpoint.disabledReason }, after: { disabledAt: null }, at: now });
    const { secret: _secret, ...shown } = enabled!;
    return shown;
  });
}

/**
 * Sends an event again to an endpoint (a failed delivery, or one the receiver lost): a new
 * delivery of the same event, attempted at once, with its own 24 hours of retries.
 */
export async function resendWebhookDelivery({ ctx, owner, input }: { ctx: ServiceContext; owner: EndpointOwner; input: { endpointId: unknown; deliveryId: unknown } }) {
  const stored = await requireEndpointOwner(ctx, owner);
  const endpoint = await endpointOf(ctx, stored, input.endpointId);
  if (endpoint.disabledAt) throw new ConflictError('This endpoint is disabled: enable it first.');
  const id = typeof input.deliveryId === 'string' && /^[0-9a-f-]{36}$/i.test(input.deliveryId) ? input.deliveryId : null;
  const [original] = id ? await ctx.db.select().from(webhookDeliveries).where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.endpointId, endpoint.id))).limit(1) : [];
  if (!original) throw new ValidationError('There is no such delivery for this endpoint.');
  if (original.status === 'pending') throw new ConflictError('This delivery is still being tried; it cannot be sent twice at once.');
  const now = nowDate(ctx.clock);
  return ctx.db.transaction(async (tx) => {
    const [delivery] = await tx.insert(webhookDeliveries).values({ endpointId: endpoint.id, eventId: original.eventId, nextAttemptAt: now, createdAt: now }).returning();
    if (ctx.jobs) await ctx.jobs.enqueue(tx, webhooksDeliverJob, { deliveryId: delivery!.id });
    await recordAudit(tx, { actorId: ctx.actor!.id, action: 'webhook-delivery.resend', entityType: 'webhook_endpoint', entityId: endpoint.id, after: { resent: original.id, delivery: delivery!.id }, at: now });
    return delivery!;
  });
}
