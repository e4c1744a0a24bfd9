import { webhookEvents, type WebhookEventType } from '@/db/schema';
import type { Executor } from '@/db/client';

export type WebhookEventInput = {
  type: WebhookEventType;
  /** The organization it concerns: its own endpoints receive it. */
  organizationId: string | null;
  /** The seal's public id, when it is about a seal: relying parties may filter on it. */
  sealPublicId?: string | null;
  /** False for what only the organization may read (its cases); public events reach relying parties too. */
  public: boolean;
  data: Record<string, unknown>;
  occurredAt: Date;
};

/**
 * Records an event for the webhooks in the transaction that caused it (an outbox): it exists only
 * if the change commits, and the fan-out (lib/webhooks/fan-out.ts) turns it into deliveries within
 * a second or two.
 */
export async function recordWebhookEvents(tx: Executor, events: WebhookEventInput[]): Promise<void> {
  if (events.length === 0) return;
  await tx.insert(webhookEvents).values(events.map((event) => ({ ...event, sealPublicId: event.sealPublicId ?? null })));
}
