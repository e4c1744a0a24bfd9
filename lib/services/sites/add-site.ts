import crypto from 'node:crypto';
import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { sites } from '@/db/schema';
import { normalizeDomain } from '@/lib/domains/normalize';
import { nowDate } from '@/lib/clock';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError, ValidationError } from '../errors';
import { parseInput } from '../parse';
import { isUniqueViolation } from '../users/fields';
import { requireMembership } from '../organizations/membership';

const AddSiteInput = z.object({ organizationId: z.string(), domain: z.string({ message: 'Enter a domain name.' }).max(300) });

const TAKEN_ELSEWHERE = 'This domain is already registered by another organization. If you run it, contact the seal program.';

/** A member registers a domain for the organization; it can apply once its ownership is proven. */
export async function addSite({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const data = parseInput(AddSiteInput, input);
  const { actor, organization } = await requireMembership(ctx.db, ctx.actor, data.organizationId);
  const normalized = normalizeDomain(data.domain);
  if (!normalized.ok) throw new ValidationError(normalized.problem, { domain: [normalized.problem] });

  const [existing] = await ctx.db.select({ organizationId: sites.organizationId }).from(sites).where(eq(sites.domain, normalized.domain)).limit(1);
  if (existing) {
    // Which organization holds it is not said: that is the other organization's business.
    throw new ConflictError(existing.organizationId === organization.id ? `${normalized.domain} is already one of your sites.` : TAKEN_ELSEWHERE);
  }
  const now = nowDate(ctx.clock);
  try {
    return await ctx.db.transaction(async (tx) => {
      const [site] = await tx
        .insert(sites)
        .values({ organizationId: organization.id, domain: normalized.domain, verificationToken: crypto.randomBytes(16).toString('hex'), createdAt: now })
        .returning();
      await recordAudit(tx, { actorId: actor.id, action: 'site.add', entityType: 'site', entityId: site!.id, after: { organizationId: organization.id, domain: site!.domain }, at: now });
      return site!;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(TAKEN_ELSEWHERE);
    throw error;
  }
}
