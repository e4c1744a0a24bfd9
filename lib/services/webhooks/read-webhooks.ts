import { z } from 'zod';
import { desc, eq } from 'drizzle-orm';
import { apiKeys, users, webhookEndpoints, webhookEventTypes, type WebhookDelivery, type WebhookEventType } from '@/db/schema';
import { requireRole } from '@/lib/auth/actor';
import { CursorParam } from '@/lib/lists/keyset';
import { webhookMessageId } from '@/lib/webhooks/signing';
import type { ServiceContext } from '../context';
import { ForbiddenError, NotFoundError } from '../errors';
import { parseInput } from '../parse';
import { requireMembership } from '../organizations/membership';
import { ownerCondition, PUBLIC_EVENT_TYPES, type EndpointOwner } from './endpoint-owner';
import { readDeliveriesPage } from './list-deliveries';

/*
 * The people's view of webhooks (issue #17): an organization's endpoints for every member (owners
 * act on them, through the verbs of manage-endpoints.ts), a relying party's for the admins; each
 * endpoint's delivery log a page at a time. Never a signing secret.
 */

/** Deliveries shown per page of a delivery log. */
export const DELIVERY_LOG_PAGE = 25;

/** The query string of a webhooks page: which endpoint's log, and where in it. Nonsense is dropped, never an error page. */
const WebhooksQuery = z.object({
  endpoint: z.uuid().optional().catch(undefined),
  after: CursorParam,
  before: CursorParam,
});

type Reader = { owner: EndpointOwner; canManage: boolean; key: { id: string; name: string; publicId: string; revokedAt: Date | null } | null; organizationName: string | null };

/**
 * Who may read `owner`'s endpoints: any member of the organization (owners may also change them);
 * for a relying party's key, an admin — a revoked key's endpoints stay readable, but nothing is
 * sent to them any more, so nothing may be changed.
 */
async function requireEndpointReader(ctx: ServiceContext, owner: EndpointOwner): Promise<Reader> {
  if ('organizationId' in owner) {
    const { organization, role } = await requireMembership(ctx.db, ctx.actor, owner.organizationId);
    return { owner: { organizationId: organization.id }, canManage: role === 'owner', key: null, organizationName: organization.legalName };
  }
  requireRole(ctx.actor, 'admin');
  const id = typeof owner.apiKeyId === 'string' && /^[0-9a-f-]{36}$/i.test(owner.apiKeyId) ? owner.apiKeyId : null;
  const [key] = id ? await ctx.db.select().from(apiKeys).where(eq(apiKeys.id, id)).limit(1) : [];
  if (!key) throw new NotFoundError('There is no such key.');
  if (key.kind !== 'relying_party') throw new ForbiddenError('Only a relying party’s key has webhooks of its own; an organization’s webhooks belong to the organization, an authority tool’s key has none.');
  return { owner: { apiKeyId: key.id }, canManage: !key.revokedAt, key: { id: key.id, name: key.name, publicId: key.publicId, revokedAt: key.revokedAt }, organizationName: null };
}

/** What a delivery was about, in a few words: the seal and its status, the case, the log's size. */
function eventSubject(type: WebhookEventType, data: Record<string, unknown>): string {
  const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');
  if (type.startsWith('seal.')) return [text(data.sealId), text(data.status)].filter(Boolean).join(', now ');
  if (type.startsWith('case.')) return `Case ${text(data.reference)}`;
  return `Log of ${text(data.treeSize)} entries`;
}

export type WebhookDeliveryView = Pick<WebhookDelivery, 'id' | 'status' | 'attempts' | 'responseStatus' | 'lastError' | 'lastAttemptAt' | 'nextAttemptAt' | 'deliveredAt' | 'createdAt'> & {
  messageId: string;
  eventType: WebhookEventType;
  subject: string;
  occurredAt: Date;
};

/**
 * A webhooks page: `owner`'s endpoints, newest first, and the delivery log of the one asked for
 * (`?endpoint=`; the newest endpoint when none is named), newest first, paged with `after`/`before`.
 */
export async function readWebhooks({ ctx, owner, input }: { ctx: ServiceContext; owner: EndpointOwner; input: unknown }) {
  const reader = await requireEndpointReader(ctx, owner);
  const query = parseInput(WebhooksQuery, input ?? {});
  const endpoints = await ctx.db
    .select({
      id: webhookEndpoints.id,
      url: webhookEndpoints.url,
      description: webhookEndpoints.description,
      eventTypes: webhookEndpoints.eventTypes,
      sealIds: webhookEndpoints.sealIds,
      createdAt: webhookEndpoints.createdAt,
      createdByName: users.name,
      failingSince: webhookEndpoints.failingSince,
      disabledAt: webhookEndpoints.disabledAt,
      disabledReason: webhookEndpoints.disabledReason,
    })
    .from(webhookEndpoints)
    .innerJoin(users, eq(users.id, webhookEndpoints.createdById))
    .where(ownerCondition(reader.owner))
    .orderBy(desc(webhookEndpoints.createdAt), desc(webhookEndpoints.id));
  const selected = query.endpoint ? (endpoints.find((endpoint) => endpoint.id === query.endpoint) ?? null) : (endpoints[0] ?? null);
  const page = selected ? await readDeliveriesPage(ctx, selected.id, query.endpoint ? { after: query.after, before: query.before } : {}, DELIVERY_LOG_PAGE) : null;
  const deliveries = page
    ? {
        rows: page.rows.map(({ delivery, type, occurredAt, data }): WebhookDeliveryView => ({
          id: delivery.id,
          messageId: webhookMessageId(delivery.id),
          eventType: type,
          subject: eventSubject(type, data),
          occurredAt,
          status: delivery.status,
          attempts: delivery.attempts,
          responseStatus: delivery.responseStatus,
          lastError: delivery.lastError,
          lastAttemptAt: delivery.lastAttemptAt,
          nextAttemptAt: delivery.nextAttemptAt,
          deliveredAt: delivery.deliveredAt,
          createdAt: delivery.createdAt,
        })),
        previous: page.previous,
        next: page.next,
      }
    : null;
  return {
    canManage: reader.canManage,
    key: reader.key,
    organizationName: reader.organizationName,
    /** The event types this owner may subscribe to: all of them for an organization, the public ones for a relying party. */
    eventTypes: 'organizationId' in reader.owner ? [...webhookEventTypes] : [...PUBLIC_EVENT_TYPES],
    endpoints,
    selected,
    /** An endpoint was asked for that is not (or no longer) one of these. */
    missingEndpoint: !!query.endpoint && !selected,
    deliveries,
  };
}

export type WebhooksView = Awaited<ReturnType<typeof readWebhooks>>;
export type WebhookEndpointView = WebhooksView['endpoints'][number];
