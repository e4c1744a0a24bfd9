import { and, eq, isNull, sql } from 'drizzle-orm';
import { apiKeys, webhookDeliveries, webhookEndpoints, webhookEvents } from '@/db/schema';
import type { Database } from '@/db/client';
import type { SecretBox } from '@/lib/auth/secret-box';
import type { JobRunner } from '@/lib/jobs/runner';
import { DEFAULT_NET_POLICY, type NetPolicy } from '@/lib/net/policy';
import { safePost } from '@/lib/net/safe-post';
import { notifyUsers } from '@/lib/notifications/notify';
import { recordAudit } from '@/lib/services/audit';
import { webhooksDeliverJob } from '@/lib/jobs/definitions/webhooks-deliver';
import { webhookBody, webhookHeaders } from './signing';

/*
 * One attempt of one delivery (issue #17): the event signed for its endpoint and POSTed through the
 * safe outbound fetcher. A 2xx delivers it; anything else schedules the next attempt with
 * exponential back-off (30 s, 1 min, 2 min … at most 4 h apart) until 24 hours after the event,
 * then gives up. An endpoint that has failed every delivery for 24 hours is disabled and its owner told.
 */

export const WEBHOOK_RETRY = { firstDelayMs: 30_000, maxDelayMs: 4 * 60 * 60_000, giveUpAfterMs: 24 * 60 * 60_000, disableAfterMs: 24 * 60 * 60_000 } as const;

/** The wait after the `attempts`-th failed attempt. */
export function retryDelayMs(attempts: number): number {
  return Math.min(WEBHOOK_RETRY.firstDelayMs * 2 ** Math.max(0, attempts - 1), WEBHOOK_RETRY.maxDelayMs);
}

/** The context an endpoint's sealed secret is opened with: a secret copied to another row does not open. */
export const webhookSecretContext = (endpointId: string) => `webhook-endpoint:${endpointId}`;

export type DeliveryOutcome = 'delivered' | 'retrying' | 'failed' | 'skipped';

type DeliverOptions = { now: Date; net?: NetPolicy; secrets?: SecretBox; jobs?: JobRunner | null };

export async function deliverWebhook(db: Database, deliveryId: string, { now, net = DEFAULT_NET_POLICY, secrets, jobs }: DeliverOptions): Promise<DeliveryOutcome> {
  const [row] = await db
    .select({ delivery: webhookDeliveries, endpoint: webhookEndpoints, event: webhookEvents, keyRevokedAt: apiKeys.revokedAt })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .leftJoin(apiKeys, eq(apiKeys.id, webhookEndpoints.apiKeyId))
    .where(eq(webhookDeliveries.id, deliveryId))
    .limit(1);
  if (!row || row.delivery.status !== 'pending') return 'skipped';
  // A job that comes early (a resend's, a sweep's duplicate) leaves the attempt to its own time.
  if (row.delivery.nextAttemptAt && row.delivery.nextAttemptAt.getTime() > now.getTime() + 1_000) return 'skipped';
  const { delivery, endpoint, event } = row;
  const stop = endpoint.disabledAt ? 'the endpoint is disabled' : row.keyRevokedAt ? 'the key the endpoint belongs to was revoked' : null;
  if (stop) {
    await db.update(webhookDeliveries).set({ status: 'failed', lastError: `Not sent: ${stop}.`, nextAttemptAt: null }).where(and(eq(webhookDeliveries.id, delivery.id), eq(webhookDeliveries.status, 'pending')));
    return 'failed';
  }
  if (!secrets) throw new Error('webhooks.deliver needs the secret box to sign (JobContext.secrets).');
  const secret = secrets.open(endpoint.secret, webhookSecretContext(endpoint.id)).plaintext;
  const body = webhookBody(event);
  const result = await safePost(endpoint.url, body, webhookHeaders(secret, delivery.id, now, body), net);

  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, delivery.id)).for('update').limit(1);
    if (!current || current.status !== 'pending') return 'skipped';
    const attempts = current.attempts + 1;
    const attempt = { attempts, lastAttemptAt: now, responseStatus: result.ok ? result.status : (result.status ?? null) };
    if (result.ok) {
      await tx.update(webhookDeliveries).set({ ...attempt, status: 'delivered', deliveredAt: now, lastError: null, nextAttemptAt: null }).where(eq(webhookDeliveries.id, delivery.id));
      await tx.update(webhookEndpoints).set({ failingSince: null }).where(eq(webhookEndpoints.id, endpoint.id));
      return 'delivered';
    }
    const next = new Date(now.getTime() + retryDelayMs(attempts));
    const givesUp = next.getTime() > current.createdAt.getTime() + WEBHOOK_RETRY.giveUpAfterMs;
    await tx
      .update(webhookDeliveries)
      .set({ ...attempt, lastError: result.problem, status: givesUp ? 'failed' : 'pending', nextAttemptAt: givesUp ? null : next })
      .where(eq(webhookDeliveries.id, delivery.id));
    if (!givesUp && jobs) await jobs.enqueue(tx, webhooksDeliverJob, { deliveryId: delivery.id }, { startAfter: next });
    const [failing] = await tx
      .update(webhookEndpoints)
      .set({ failingSince: sql`coalesce(${webhookEndpoints.failingSince}, ${now.toISOString()}::timestamptz)` })
      .where(eq(webhookEndpoints.id, endpoint.id))
      .returning({ failingSince: webhookEndpoints.failingSince });
    // Failing for 24 hours: by the clock, or by a delivery that used up its 24 hours with no success since it was made.
    const failingFor = failing?.failingSince ? now.getTime() - failing.failingSince.getTime() : 0;
    if (failingFor >= WEBHOOK_RETRY.disableAfterMs || (givesUp && failing?.failingSince && failing.failingSince <= current.createdAt)) {
      await disableEndpoint(tx as unknown as Database, endpoint, now, result.problem, jobs);
    }
    return givesUp ? 'failed' : 'retrying';
  });
}

async function disableEndpoint(tx: Database, endpoint: typeof webhookEndpoints.$inferSelect, now: Date, problem: string, jobs: JobRunner | null | undefined) {
  const reason = `Every delivery failed for 24 hours (last: ${problem}).`;
  const [disabled] = await tx
    .update(webhookEndpoints)
    .set({ disabledAt: now, disabledReason: reason })
    .where(and(eq(webhookEndpoints.id, endpoint.id), isNull(webhookEndpoints.disabledAt)))
    .returning({ id: webhookEndpoints.id });
  if (!disabled) return;
  await recordAudit(tx, { actorId: null, action: 'webhook-endpoint.disable', entityType: 'webhook_endpoint', entityId: endpoint.id, after: { url: endpoint.url, reason }, at: now });
  await notifyUsers(tx, { jobs: jobs ?? undefined, now }, [endpoint.createdById], {
    kind: 'webhook.disabled',
    subject: 'A webhook endpoint was disabled',
    body: `OpenSeal stopped sending events to ${endpoint.url}: ${reason} Fix the receiver, then enable the endpoint again; events from the last 24 hours can be sent again from its delivery log.`,
    link: endpoint.organizationId ? `/portal/organizations/${endpoint.organizationId}/webhooks?endpoint=${endpoint.id}` : `/review/api-keys/${endpoint.apiKeyId}/webhooks?endpoint=${endpoint.id}`,
  });
}
