import type { Seal, SealEventType } from '@/db/schema';
import type { NotificationMessage } from '@/lib/notifications/notify';

const headline: Partial<Record<SealEventType, string>> = {
  suspended: 'is suspended',
  reinstated: 'is active again',
  revoked: 'is revoked',
  expired: 'has expired',
};

/** What the holder's members are told when their seal changes state; null for events the decision itself announces. */
export function sealStatusMessage(seal: Seal, type: SealEventType, reason: string | null): NotificationMessage | null {
  const what = headline[type];
  if (!what) return null;
  const lines = [`The seal ${seal.publicId} ${what}. Its badge shows this on every page that embeds it.`];
  if (reason) lines.push(`Reason: ${reason}`);
  if (type === 'suspended' && seal.reinstatementRequirements) lines.push(`To be reinstated: ${seal.reinstatementRequirements}`);
  if (type === 'expired') lines.push('Apply for renewal from the site’s page in the portal to make it active again.');
  return { kind: `seal.${type}`, subject: `Your seal ${seal.publicId} ${what}`, body: lines.join('\n\n'), link: `/portal/sites/${seal.siteId}` };
}
