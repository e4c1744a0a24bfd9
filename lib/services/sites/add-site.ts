import crypto from 'node:crypto';
import { z } from 'zod';
import { and, eq, isNull } from 'drizzle-orm';
import { sites } from '@/db/schema';
import { normalizeDomain } from '@/lib/domains/normalize';
import { nowDate } from '@/lib/clock';
import { CLAIM_LIFETIME_MS, claimState, heldElsewhereMessage } from '@/lib/sites/claims';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError, ValidationError } from '../errors';
import { parseInput } from '../parse';
import { isUniqueViolation } from '../users/fields';
import { requireMembership } from '../organizations/membership';
import { requireVerifiedEmail } from '../users/email-verification';
import { assertWithinClaimLimits } from './claim-rate-limits';
import { endClaim, lockDomain } from './end-claims';

const AddSiteInput = z.object({ organizationId: z.string(), domain: z.string({ message: 'Enter a domain name.' }).max(300) });

/**
 * A member claims a domain for the organization; it can apply once its ownership is proven. An
 * unproven claim blocks nobody: other organizations may claim the same domain until one proves
 * it, and the claim lapses after 14 days. Only a domain another organization has proven is refused.
 */
export async function addSite({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const data = parseInput(AddSiteInput, input);
  const { actor, organization } = await requireMembership(ctx.db, ctx.actor, data.organizationId);
  // A claim is made by a person whose address we can reach: an invited colleague who has not verified theirs waits.
  await requireVerifiedEmail(ctx.db, actor, 'add a site');
  const normalized = normalizeDomain(data.domain);
  if (!normalized.ok) throw new ValidationError(normalized.problem, { domain: [normalized.problem] });
  const domain = normalized.domain;
  const now = nowDate(ctx.clock);
  try {
    return await ctx.db.transaction(async (tx) => {
      // Rate-limit keys first, the domain last: verifySite takes only the domain's, so no two
      // transactions ever wait on each other in opposite order.
      await assertWithinClaimLimits(tx, { organizationId: organization.id, userId: actor.id, now });
      await lockDomain(tx, domain);
      const live = await tx.select().from(sites).where(and(eq(sites.domain, domain), isNull(sites.endedAt)));
      // Who holds it is not said: that is the other organization's business.
      if (live.some((site) => site.verifiedAt && site.organizationId !== organization.id)) throw new ConflictError(heldElsewhereMessage(domain));
      const ours = live.find((site) => site.organizationId === organization.id);
      if (ours && claimState(ours, now) === 'lapsed') {
        // A lapsed claim is gone; the job may not have marked it yet.
        await endClaim(tx, ours, 'lapsed', ours.claimLapsesAt!, null, now);
      } else if (ours) {
        throw new ConflictError(`${domain} is already one of your sites${ours.verifiedAt ? '' : '; prove its ownership on its page'}.`);
      }
      const [site] = await tx
        .insert(sites)
        .values({
          organizationId: organization.id,
          domain,
          verificationToken: crypto.randomBytes(16).toString('hex'),
          claimedBy: actor.id,
          claimLapsesAt: new Date(now.getTime() + CLAIM_LIFETIME_MS),
          createdAt: now,
        })
        .returning();
      await recordAudit(tx, {
        actorId: actor.id,
        action: 'site.add',
        entityType: 'site',
        entityId: site!.id,
        after: { organizationId: organization.id, domain: site!.domain, claimLapsesAt: site!.claimLapsesAt!.toISOString() },
        at: now,
      });
      return site!;
    });
  } catch (error) {
    // The domain lock makes this unreachable in practice; the partial unique indexes are the last guard.
    if (isUniqueViolation(error)) throw new ConflictError(`${domain} was claimed for your organization, or proven by another, a moment ago. Reload the page to see it.`);
    throw error;
  }
}
