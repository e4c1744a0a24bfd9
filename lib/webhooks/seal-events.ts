import type { Seal, SealEventType, WebhookEventType } from '@/db/schema';
import { publicOrigin } from '@/lib/notifications/mail-text';
import type { WebhookEventInput } from './record-event';

type SealEvent = { seal: Pick<Seal, 'publicId' | 'status' | 'expiresAt' | 'organizationId'>; type: SealEventType; reason: string | null; occurredAt: Date };

/** Which webhook events a seal event is: a change of the public status, and the issue, renewal or expiry itself. */
const TYPES: Record<SealEventType, WebhookEventType[]> = {
  issued: ['seal.issued'],
  renewed: ['seal.renewed'],
  suspended: ['seal.status_changed'],
  reinstated: ['seal.status_changed'],
  revoked: ['seal.status_changed'],
  expired: ['seal.status_changed', 'seal.expired'],
  reason_changed: ['seal.status_changed'],
};

/**
 * The webhook events of one seal event, with the fields of its public log entry (what anyone may
 * read) and the verification page's address. Public: relying parties receive them as well as the
 * holder.
 */
export function sealWebhookEvents(event: SealEvent, criteriaVersion: number): WebhookEventInput[] {
  const data = {
    sealId: event.seal.publicId,
    event: event.type,
    status: event.seal.status,
    reason: event.reason,
    occurredAt: event.occurredAt.toISOString(),
    expiresAt: event.seal.expiresAt.toISOString(),
    criteriaVersion,
    verifyUrl: `${publicOrigin().replace(/\/$/, '')}/verify/${event.seal.publicId}`,
  };
  return TYPES[event.type].map((type) => ({ type, organizationId: event.seal.organizationId, sealPublicId: event.seal.publicId, public: true, data, occurredAt: event.occurredAt }));
}
