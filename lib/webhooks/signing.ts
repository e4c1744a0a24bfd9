import crypto from 'node:crypto';

/*
 * The Standard Webhooks signature (standardwebhooks.com): the secret is `whsec_` and base64 of its
 * bytes; the signed content is `<webhook-id>.<webhook-timestamp>.<body>`; the signature header holds
 * `v1,<base64 HMAC-SHA256>`, space-separated when there are several (a secret being rotated).
 */

export function newWebhookSecret(): string {
  return `whsec_${crypto.randomBytes(24).toString('base64')}`;
}

function secretBytes(secret: string): Buffer {
  return Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
}

export function signWebhook(secret: string, messageId: string, timestampSeconds: number, body: string): string {
  const mac = crypto.createHmac('sha256', secretBytes(secret)).update(`${messageId}.${timestampSeconds}.${body}`).digest('base64');
  return `v1,${mac}`;
}

/** The message id a receiver deduplicates by: the delivery's id, the same on every attempt. */
export function webhookMessageId(deliveryId: string): string {
  return `msg_${deliveryId.replaceAll('-', '')}`;
}

export function webhookHeaders(secret: string, deliveryId: string, at: Date, body: string): Record<string, string> {
  const id = webhookMessageId(deliveryId);
  const timestamp = Math.floor(at.getTime() / 1000);
  return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signWebhook(secret, id, timestamp, body) };
}

/** The body sent: the Standard Webhooks payload shape. */
export function webhookBody(event: { type: string; occurredAt: Date; data: Record<string, unknown> }): string {
  return JSON.stringify({ type: event.type, timestamp: event.occurredAt.toISOString(), data: event.data });
}
