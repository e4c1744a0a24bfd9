import { and, asc, eq, gt } from 'drizzle-orm';
import { sites } from '@/db/schema';
import type { Executor } from '@/db/client';
import { SITE_CLAIM_LIMITS } from '@/lib/sites/claims';
import { TooManyAttemptsError } from '../errors';
import { lockRateLimitKey, secondsUntilAllowed, waitWords } from '../rate-limits';

/**
 * Refuses a claim over SITE_CLAIM_LIMITS, counting the claims made (ended ones too) in the
 * database, so the limits hold across restarts and instances. Call it inside the claim's transaction.
 */
export async function assertWithinClaimLimits(tx: Executor, { organizationId, userId, now }: { organizationId: string; userId: string; now: Date }): Promise<void> {
  // Always the organization first, then the person.
  await lockRateLimitKey(tx, `site-claims:organization:${organizationId}`);
  await lockRateLimitKey(tx, `site-claims:user:${userId}`);
  const { perOrganization, perUser } = SITE_CLAIM_LIMITS;

  const byOrganization = await tx
    .select({ at: sites.createdAt })
    .from(sites)
    .where(and(eq(sites.organizationId, organizationId), gt(sites.createdAt, new Date(now.getTime() - perOrganization.windowMs))))
    .orderBy(asc(sites.createdAt))
    .limit(perOrganization.max);
  const organizationWait = secondsUntilAllowed(byOrganization.map((row) => row.at), perOrganization, now);
  if (organizationWait !== null) {
    throw new TooManyAttemptsError(
      `Your organization has claimed ${perOrganization.max} domains in the last ${perOrganization.window}; please wait ${waitWords(organizationWait)} and add this one again.`,
      organizationWait,
      'account',
    );
  }

  const byUser = await tx
    .select({ at: sites.createdAt })
    .from(sites)
    .where(and(eq(sites.claimedBy, userId), gt(sites.createdAt, new Date(now.getTime() - perUser.windowMs))))
    .orderBy(asc(sites.createdAt))
    .limit(perUser.max);
  const userWait = secondsUntilAllowed(byUser.map((row) => row.at), perUser, now);
  if (userWait !== null) {
    throw new TooManyAttemptsError(
      `You have claimed ${perUser.max} domains in the last ${perUser.window}; please wait ${waitWords(userWait)} and add this one again.`,
      userWait,
      'account',
    );
  }
}
