import type { Site } from '@/db/schema';
import { dateWriter, type DateWriter } from '@/lib/format/dates';


/**
 * The rules of a claim on a domain (docs/adr/0004, amendment of 2026-12): an unproven claim blocks
 * nobody and lapses after 14 days; the first proof wins and ends every other claim.
 */
export const CLAIM_LIFETIME_MS = 14 * 24 * 60 * 60_000;

/**
 * How many domains may be claimed, counted in the database over a rolling day. Twenty a day per
 * organization and ten per person is far more than a real organization adds; it stops one account
 * from claiming a list of other people's domains to collect their complaints.
 */
export const SITE_CLAIM_LIMITS = {
  perOrganization: { max: 20, windowMs: 24 * 60 * 60_000, window: 'day' },
  perUser: { max: 10, windowMs: 24 * 60 * 60_000, window: 'day' },
} as const;

export type ClaimState = 'proven' | 'open' | 'lapsed' | 'ended';

/** Where a claim stands at `now`. A claim past its lapse is lapsed even before the job marks it ended. */
export function claimState(site: Pick<Site, 'verifiedAt' | 'endedAt' | 'claimLapsesAt'>, now: Date): ClaimState {
  if (site.verifiedAt) return 'proven';
  if (site.endedAt) return 'ended';
  if (site.claimLapsesAt && site.claimLapsesAt.getTime() <= now.getTime()) return 'lapsed';
  return 'open';
}

/** True while the claim counts: proven, or unproven and not yet lapsed nor ended. */
export function isLiveClaim(site: Pick<Site, 'verifiedAt' | 'endedAt' | 'claimLapsesAt'>, now: Date): boolean {
  const state = claimState(site, now);
  return state === 'proven' || state === 'open';
}

/** Why a claim can no longer be proven, in a sentence that says what to do; null while it can. */
export function claimGoneMessage(site: Pick<Site, 'domain' | 'verifiedAt' | 'endedAt' | 'endReason' | 'claimLapsesAt'>, now: Date, write: DateWriter = dateWriter()): string | null {
  const state = claimState(site, now);
  if (state === 'ended' && site.endReason === 'proven_elsewhere') return provenElsewhereMessage(site.domain, site.endedAt!, write);
  if (state === 'ended' && site.endReason === 'removed') return `${site.domain} was removed from your organization’s sites on ${write.date(site.endedAt!)}. To use it again, add the domain again and prove its ownership anew.`;
  if (state === 'ended' || state === 'lapsed') {
    const lapsedOn = site.claimLapsesAt ?? site.endedAt!;
    return `This claim on ${site.domain} lapsed on ${write.date(lapsedOn)} without a proof of ownership. Add the domain again to get a new claim and token.`;
  }
  return null;
}

/** Said to an organization whose claim another organization's proof ended; never names the other organization. */
export function provenElsewhereMessage(domain: string, on: Date, write: DateWriter = dateWriter()): string {
  return `Another organization proved ownership of ${domain} on ${write.date(on)}, which ended this claim. If the domain is yours or changed hands, contact the seal program.`;
}

/** Said when a domain is already proven by another organization; who holds it is that organization's business. */
export function heldElsewhereMessage(domain: string): string {
  return `${domain} is already proven by another organization, so it cannot be claimed. If the domain is yours or changed hands, contact the seal program: they can check and transfer it.`;
}
