import { and, eq, gt, inArray, isNull, lte, notExists, or, sql } from 'drizzle-orm';
import { apiKeys, webhookDeliveries, webhookEndpoints, webhookEvents, type WebhookEvent } from '@/db/schema';
import type { Database } from '@/db/client';
import type { JobRunner } from '@/lib/jobs/runner';
import { webhooksDeliverJob } from '@/lib/jobs/definitions/webhooks-deliver';
import { describeError, startRounds, type Rounds } from '@/lib/server/rounds';

/** Events turned into deliveries per round, oldest first. */
export const FAN_OUT_BATCH = 200;

/**
 * The endpoints an event goes to: active ones that asked for its type — the organization's own, and
 * for a public event the relying parties' whose key is still valid and whose filter (if any) names
 * the seal.
 */
async function endpointsFor(tx: Database, event: WebhookEvent, now: Date) {
  const wants = sql`${webhookEndpoints.eventTypes} @> ${JSON.stringify([event.type])}::jsonb`;
  const own = event.organizationId ? eq(webhookEndpoints.organizationId, event.organizationId) : undefined;
  const relying = event.public
    ? and(
        isNull(webhookEndpoints.organizationId),
        isNull(apiKeys.revokedAt),
        or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, now)),
        event.sealPublicId ? or(isNull(webhookEndpoints.sealIds), sql`${webhookEndpoints.sealIds} @> ${JSON.stringify([event.sealPublicId])}::jsonb`) : isNull(webhookEndpoints.sealIds),
      )
    : undefined;
  const who = own && relying ? or(own, relying) : (own ?? relying);
  if (!who) return [];
  return tx
    .select({ id: webhookEndpoints.id })
    .from(webhookEndpoints)
    .leftJoin(apiKeys, eq(apiKeys.id, webhookEndpoints.apiKeyId))
    .where(and(isNull(webhookEndpoints.disabledAt), wants, who));
}

export type FanOutOptions = {
  jobs: JobRunner | null;
  now: Date;
  /** Tests only: runs where another transaction's commit may land, between the round's endpoint check and its shortcut. */
  afterEndpointCheck?: (tx: Database) => Promise<void>;
};

/**
 * One round of the fan-out: claims events not yet fanned out (skip locked: several servers share
 * the work), writes a delivery per matching endpoint, sends each to the job queue in the same
 * transaction, and marks the events done. Returns how many events it handled.
 */
export async function fanOutWebhookEvents(db: Database, { jobs, now, afterEndpointCheck }: FanOutOptions): Promise<number> {
  return db.transaction(async (tx) => {
    // No endpoint anywhere (most installations, and a seeded one): every waiting event is done at once.
    const [anyEndpoint] = await tx.select({ id: webhookEndpoints.id }).from(webhookEndpoints).where(isNull(webhookEndpoints.disabledAt)).limit(1);
    if (!anyEndpoint) {
      await afterEndpointCheck?.(tx as unknown as Database);
      await markWaitingEventsDone(tx as unknown as Database, now);
      return 0; // nothing left (or an endpoint just came, and the next round delivers): the loop waits for its next tick
    }
    const events = await tx.select().from(webhookEvents).where(isNull(webhookEvents.fannedOutAt)).orderBy(webhookEvents.occurredAt).limit(FAN_OUT_BATCH).for('update', { skipLocked: true });
    for (const event of events) {
      const endpoints = await endpointsFor(tx as unknown as Database, event, now);
      if (endpoints.length === 0) continue;
      const deliveries = await tx
        .insert(webhookDeliveries)
        .values(endpoints.map((endpoint) => ({ endpointId: endpoint.id, eventId: event.id, nextAttemptAt: now, createdAt: now })))
        .returning({ id: webhookDeliveries.id });
      if (jobs) for (const delivery of deliveries) await jobs.enqueue(tx, webhooksDeliverJob, { deliveryId: delivery.id });
    }
    if (events.length > 0) await tx.update(webhookEvents).set({ fannedOutAt: now }).where(inArray(webhookEvents.id, events.map((event) => event.id)));
    return events.length;
  });
}

/**
 * Marks every waiting event done, if no endpoint exists. The check is made again inside the update,
 * not taken from the round's: an endpoint and an event committed between the two statements would
 * otherwise be marked done and never delivered. One statement reads one snapshot, so each event it
 * marks committed while no endpoint existed. Neither a bound on ids (random UUIDs) nor on times
 * (stamped before the event's commit, by its writer's clock) would say that.
 */
async function markWaitingEventsDone(tx: Database, now: Date) {
  const anyEndpoint = tx.select({ id: webhookEndpoints.id }).from(webhookEndpoints).where(isNull(webhookEndpoints.disabledAt));
  await tx
    .update(webhookEvents)
    .set({ fannedOutAt: now })
    .where(and(isNull(webhookEvents.fannedOutAt), notExists(anyEndpoint)));
}

/**
 * The backstop (webhooks.sweep, every minute): a pending delivery whose attempt is more than a minute
 * overdue lost its job (made where no job queue ran, or the queue lost it) and is sent again.
 */
export async function resendOverdueDeliveries(db: Database, { jobs, now }: { jobs: JobRunner; now: Date }): Promise<number> {
  return db.transaction(async (tx) => {
    const overdue = await tx
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.status, 'pending'), lte(webhookDeliveries.nextAttemptAt, new Date(now.getTime() - 60_000))))
      .limit(500)
      .for('update', { skipLocked: true });
    if (overdue.length === 0) return 0;
    await tx.update(webhookDeliveries).set({ nextAttemptAt: now }).where(inArray(webhookDeliveries.id, overdue.map((row) => row.id)));
    for (const row of overdue) await jobs.enqueue(tx, webhooksDeliverJob, { deliveryId: row.id });
    return overdue.length;
  });
}

/** How long delivery logs and events are kept: a month of them is what an owner reads and resends from. */
export const WEBHOOK_HISTORY_DAYS = 30;

/** Deletes deliveries settled more than a month ago and the events no delivery needs any more (at most 5,000 of each a run). */
export async function pruneWebhookHistory(db: Database, now: Date): Promise<void> {
  const before = new Date(now.getTime() - WEBHOOK_HISTORY_DAYS * 86_400_000).toISOString();
  await db.execute(sql`delete from ${webhookDeliveries} where id in (select id from ${webhookDeliveries} where status <> 'pending' and created_at < ${before}::timestamptz limit 5000)`);
  await db.execute(sql`delete from ${webhookEvents} where id in (
    select e.id from ${webhookEvents} e where e.fanned_out_at < ${before}::timestamptz
      and not exists (select 1 from ${webhookDeliveries} d where d.event_id = e.id) limit 5000)`);
}

/** Runs the fan-out every `intervalMs` in the server (as the log's checkpointer runs), a round at a time. */
export function startWebhookFanOut({ db, jobs, now, intervalMs = 1000, log = (message: string) => console.error(message) }: { db: Database; jobs: JobRunner | null; now: () => Date; intervalMs?: number; log?: (message: string) => void }): Rounds {
  return startRounds({
    intervalMs,
    round: async (stopped) => {
      while (!stopped() && (await fanOutWebhookEvents(db, { jobs, now: now() })) === FAN_OUT_BATCH);
    },
    onError: (error) => log(`[webhooks] the fan-out failed: ${describeError(error)}`),
  });
}
