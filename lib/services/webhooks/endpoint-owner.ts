import { and, eq, isNull, type SQL } from 'drizzle-orm';
import { apiKeys, webhookEndpoints, type WebhookEventType } from '@/db/schema';
import { requireRole } from '@/lib/auth/actor';
import type { ServiceContext } from '../context';
import { ForbiddenError, NotFoundError } from '../errors';
import { requireMembership } from '../organizations/membership';

/*
 * Who an endpoint belongs to (issue #17): an organization (its owners manage it, in the portal or
 * with the organization's key) or a relying party's key (managed with that key, or by an admin).
 */

export type EndpointOwner = { organizationId: string } | { apiKeyId: string };

/** The event types each owner may subscribe to: a relying party only what is public. */
export const PUBLIC_EVENT_TYPES: readonly WebhookEventType[] = ['seal.status_changed', 'seal.issued', 'seal.renewed', 'seal.expired', 'log.checkpoint_published'];

export function ownerCondition(owner: EndpointOwner): SQL {
  return 'organizationId' in owner ? eq(webhookEndpoints.organizationId, owner.organizationId) : eq(webhookEndpoints.apiKeyId, owner.apiKeyId);
}

/**
 * Checks the actor may manage `owner`'s endpoints: an owner of the organization; for a relying
 * party's key, the admin who made it or any admin. Returns the owner as stored.
 */
export async function requireEndpointOwner(ctx: ServiceContext, owner: EndpointOwner): Promise<EndpointOwner> {
  if ('organizationId' in owner) {
    const { organization } = await requireMembership(ctx.db, ctx.actor, owner.organizationId, 'owner');
    return { organizationId: organization.id };
  }
  requireRole(ctx.actor, 'admin');
  const [key] = await ctx.db.select().from(apiKeys).where(and(eq(apiKeys.id, owner.apiKeyId), isNull(apiKeys.revokedAt))).limit(1);
  if (!key) throw new NotFoundError('This key does not exist or was revoked.');
  if (key.kind !== 'relying_party') throw new ForbiddenError('Only a relying party’s key has webhooks of its own; an organization’s webhooks belong to the organization.');
  return { apiKeyId: key.id };
}

/** An endpoint of `owner`, or NotFound (another owner's endpoint reads as none). */
export async function endpointOf(ctx: ServiceContext, owner: EndpointOwner, endpointId: unknown) {
  const id = typeof endpointId === 'string' && /^[0-9a-f-]{36}$/i.test(endpointId) ? endpointId : null;
  const [endpoint] = id ? await ctx.db.select().from(webhookEndpoints).where(and(eq(webhookEndpoints.id, id), ownerCondition(owner))).limit(1) : [];
  if (!endpoint) throw new NotFoundError('There is no such webhook endpoint.');
  return endpoint;
}
