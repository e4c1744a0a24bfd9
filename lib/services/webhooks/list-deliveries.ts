import { z } from 'zod';
import { and, eq, type SQL } from 'drizzle-orm';
import { webhookDeliveries, webhookEvents } from '@/db/schema';
import { keyset, readKeysetPage } from '@/lib/lists/keyset';
import { webhookMessageId } from '@/lib/webhooks/signing';
import type { ServiceContext } from '../context';
import { ValidationError } from '../errors';
import { parseInput } from '../parse';
import { endpointOf, requireEndpointOwner, type EndpointOwner } from './endpoint-owner';

const NEWEST = keyset(
  [
    { kind: 'timestamp', expr: webhookDeliveries.createdAt },
    { kind: 'uuid', expr: webhookDeliveries.id },
  ],
  'desc',
);

const DeliveriesInput = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number({ message: 'Give the limit as a number.' }).int().min(1, 'The limit is at least 1.').max(100, 'The limit is at most 100.').default(50),
});

/**
 * A page of an endpoint's deliveries, newest first, with the event each carries; `endpointId` is
 * one the caller was allowed to read (listWebhookDeliveries, readWebhooks).
 */
export function readDeliveriesPage(ctx: ServiceContext, endpointId: string, cursors: { after?: string; before?: string }, limit: number) {
  return readKeysetPage(
    NEWEST,
    cursors,
    (beyond: SQL | undefined, orderBy: SQL[], pageSize: number) =>
      ctx.db
        .select({ delivery: webhookDeliveries, type: webhookEvents.type, occurredAt: webhookEvents.occurredAt, sealId: webhookEvents.sealPublicId, data: webhookEvents.data, cursor: NEWEST.cursorOf })
        .from(webhookDeliveries)
        .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
        .where(and(eq(webhookDeliveries.endpointId, endpointId), beyond))
        .orderBy(...orderBy)
        .limit(pageSize),
    limit,
  );
}

/** An endpoint's delivery log, newest first, a page at a time: each event, its status, attempts and the receiver's last answer. */
export async function listWebhookDeliveries({ ctx, owner, input }: { ctx: ServiceContext; owner: EndpointOwner; input: { endpointId: unknown; cursor?: unknown; limit?: unknown } }) {
  const stored = await requireEndpointOwner(ctx, owner);
  const endpoint = await endpointOf(ctx, stored, input.endpointId);
  const data = parseInput(DeliveriesInput, { cursor: input.cursor, limit: input.limit });
  if (data.cursor !== undefined && !NEWEST.parse(data.cursor)) throw new ValidationError('This cursor is not one this API gave: start again without it.', { cursor: ['Use the nextCursor of the previous page.'] });
  const page = await readDeliveriesPage(ctx, endpoint.id, { after: data.cursor }, data.limit);
  return {
    data: page.rows.map(({ delivery, type, occurredAt }) => ({
      id: delivery.id,
      messageId: webhookMessageId(delivery.id),
      eventType: type,
      eventOccurredAt: occurredAt.toISOString(),
      status: delivery.status,
      attempts: delivery.attempts,
      responseStatus: delivery.responseStatus,
      lastError: delivery.lastError,
      lastAttemptAt: delivery.lastAttemptAt?.toISOString() ?? null,
      nextAttemptAt: delivery.nextAttemptAt?.toISOString() ?? null,
      deliveredAt: delivery.deliveredAt?.toISOString() ?? null,
      createdAt: delivery.createdAt.toISOString(),
    })),
    nextCursor: page.next,
  };
}
