import { eq } from 'drizzle-orm';
import { sites } from '@/db/schema';
import type { Executor } from '@/db/client';
import { SITE_CLAIM_LIMITS } from '@/lib/sites/claims';
import { TooManyAttemptsError } from '../errors';
import { lockRateLimitKey, secondsToWait, waitWords } from '../rate-limits';

/**
 * Refuses a claim over SITE_CLAIM_LIMITS, counting the claims made (ended ones too) in the
 * database, so the limits hold across restarts and instances. Call it inside the claim's transaction.
 */
export async function assertWithinClaimLimits(tx: Executor, { organizationId, userId, now }: { organizationId: string; userId: string; now: Date }): Promise<void> {
  // Always the organization first, then the person.
  await lockRateLimitKey(tx, `site-claims:organization:${organizationId}`);
  await lockRateLimitKey(tx, `site-claims:user:${userId}`);
  const { perOrganization, perUser } = SITE_CLAIM_LIMITS;

  const organizationWait = await secondsToWait(tx, { table: sites, at: sites.createdAt, where: eq(sites.organizationId, organizationId), limit: perOrganization, now });
  if (organizationWait !== null) {
    throw new TooManyAttemptsError(
      `Your organization has claimed ${perOrganization.max} domains in the last ${perOrganization.window}; please wait ${waitWords(organizationWait)} and add this one again.`,
      organizationWait,
      'account',
    );
  }

  const userWait = await secondsToWait(tx, { table: sites, at: sites.createdAt, where: eq(sites.claimedBy, userId), limit: perUser, now });
  if (userWait !== null) {
    throw new TooManyAttemptsError(
      `You have claimed ${perUser.max} domains in the last ${perUser.window}; please wait ${waitWords(userWait)} and add this one again.`,
      userWait,
      'account',
    );
  }
}
