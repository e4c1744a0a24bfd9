import type { Seal, SealEventType } from '@/db/schema';
import type { NotificationMessage } from '@/lib/notifications/notify';
import { DAY_MS } from '@/lib/seals/validity';
import { deferredDates } from '@/lib/format/dates';

const headline: Partial<Record<SealEventType, string>> = {
  suspended: 'is suspended',
  reinstated: 'is active again',
  revoked: 'is revoked',
  expired: 'has expired',
  reason_changed: 'is revoked for a more severe reason',
};

/** What the holder's members are told when their seal changes state; null for events the decision itself announces. */
export function sealStatusMessage(seal: Seal, type: SealEventType, reason: string | null): NotificationMessage | null {
  const what = headline[type];
  if (!what) return null;
  const lines = [`The seal ${seal.publicId} ${what}. Its badge shows this on every page that embeds it.`];
  if (reason) lines.push(`Reason: ${reason}`);
  if (type === 'suspended' && seal.reinstatementRequirements) lines.push(`To be reinstated: ${seal.reinstatementRequirements}`);
  if (type === 'expired') lines.push('Apply for renewal from the site’s page in the portal to make it active again.');
  return { kind: `seal.${type.replace('_', '-')}`, subject: `Your seal ${seal.publicId} ${what}`, body: lines.join('\n\n'), link: `/portal/sites/${seal.siteId}` };
}

/**
 * The reminder that a seal expires soon: which seal and domain, the date, how many days are left
 * (counted from now, so a late job says 20 days, not the 30 of its bucket), and where to renew.
 * Renewal is always open by then: it opens 60 days before expiry, as early as the first reminder.
 */
export function expiryReminderMessage(seal: { publicId: string; siteId: string; domain: string; expiresAt: Date }, now: Date): NotificationMessage {
  const daysLeft = Math.max(1, Math.ceil((seal.expiresAt.getTime() - now.getTime()) / DAY_MS));
  const inDays = `in ${daysLeft} ${daysLeft === 1 ? 'day' : 'days'}`;
  return {
    kind: 'seal.expiry-reminder',
    subject: `Your seal ${seal.publicId} for ${seal.domain} expires ${inDays}`,
    body: [
      `The seal ${seal.publicId} for ${seal.domain} expires on ${deferredDates.date(seal.expiresAt)}, ${inDays}. From then on its badge shows “expired” on every page that embeds it.`,
      'Start the renewal now from the site’s page in the portal (“Start the renewal”): answer the criteria again and submit the application. Once it is approved the seal keeps its id and gets a new expiry date.',
    ].join('\n\n'),
    link: `/portal/sites/${seal.siteId}`,
  };
}
