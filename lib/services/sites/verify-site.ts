import { z } from 'zod';
import { and, eq, gt, isNotNull, isNull, ne, or } from 'drizzle-orm';
import { sites, verificationMethods, type Site } from '@/db/schema';
import { checkOwnership } from '@/lib/sites/ownership/checks';
import { DEFAULT_NET_POLICY } from '@/lib/net/policy';
import { nowDate } from '@/lib/clock';
import { claimGoneMessage, provenElsewhereMessage } from '@/lib/sites/claims';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError } from '../errors';
import { parseInput } from '../parse';
import { isUniqueViolation } from '../users/fields';
import { endClaim, endClaimsProvenElsewhere, lockDomain } from './end-claims';
import { requireSiteMember } from './site-access';
import { dateWriter } from '@/lib/format/dates';

const VerifySiteInput = z.object({
  siteId: z.string(),
  method: z.enum(verificationMethods, { message: 'Choose how to prove ownership: DNS record, meta tag or file.' }),
});

export type VerifySiteResult = { verified: true; domain: string; foundAt: string; endedClaims: number } | { verified: false; problem: string };

/**
 * Checks the proof the applicant published; the first proof of a domain wins. The network check
 * runs outside any transaction (it may take seconds, and on the embedded database a transaction
 * holds up every other request); the win is decided inside one, under the domain's lock, with the
 * partial unique index on proven domains as the last guard.
 */
export async function verifySite({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<VerifySiteResult> {
  const data = parseInput(VerifySiteInput, input);
  const { actor, site } = await requireSiteMember(ctx.db, ctx.actor, data.siteId);
  if (site.verifiedAt) throw new ConflictError(`${site.domain} is already verified.`);
  const gone = claimGoneMessage(site, nowDate(ctx.clock), dateWriter(ctx.actor?.timeZone));
  if (gone) throw new ConflictError(gone);

  const result = await checkOwnership(site.domain, site.verificationToken, data.method, ctx.net ?? DEFAULT_NET_POLICY);
  const now = nowDate(ctx.clock);
  if (!result.ok) {
    await ctx.db.update(sites).set({ lastCheckedAt: now, lastCheckProblem: result.problem }).where(eq(sites.id, site.id));
    return { verified: false, problem: result.problem };
  }

  let outcome: VerifySiteResult | { lostTo: Date } | { gone: string };
  try {
    outcome = await ctx.db.transaction(async (tx) => {
      await lockDomain(tx, site.domain);
      const [holder] = await tx
        .select({ verifiedAt: sites.verifiedAt })
        .from(sites)
        .where(and(eq(sites.domain, site.domain), isNotNull(sites.verifiedAt), ne(sites.id, site.id)))
        .limit(1);
      if (holder) {
        // Proven elsewhere while this check ran (or by a claim made in the same instant): this
        // claim ends too, committed, and the member is told so.
        await endClaim(tx, site, 'proven_elsewhere', now, actor.id, now);
        return { lostTo: holder.verifiedAt! };
      }
      const [updated] = await tx
        .update(sites)
        .set({ verifiedAt: now, verifiedBy: data.method, proofFoundAt: result.foundAt, lastCheckedAt: now, lastCheckProblem: null })
        .where(and(eq(sites.id, site.id), isNull(sites.verifiedAt), isNull(sites.endedAt), or(isNull(sites.claimLapsesAt), gt(sites.claimLapsesAt, now))))
        .returning();
      if (!updated) return { gone: await whyNotProvable(tx, site.id, now) };
      await recordAudit(tx, {
        actorId: actor.id,
        action: 'site.verify',
        entityType: 'site',
        entityId: site.id,
        before: { verifiedAt: null },
        after: { verifiedAt: now.toISOString(), method: data.method, foundAt: result.foundAt },
        at: now,
      });
      const ended = await endClaimsProvenElsewhere(tx, updated, { actorId: actor.id, jobs: ctx.jobs, now });
      return { verified: true as const, domain: site.domain, foundAt: result.foundAt, endedClaims: ended.length };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(provenElsewhereMessage(site.domain, now, dateWriter(ctx.actor?.timeZone)));
    throw error;
  }
  if ('lostTo' in outcome) throw new ConflictError(provenElsewhereMessage(site.domain, outcome.lostTo, dateWriter(ctx.actor?.timeZone)));
  if ('gone' in outcome) throw new ConflictError(outcome.gone);
  return outcome;
}

async function whyNotProvable(tx: Parameters<typeof endClaim>[0], siteId: string, now: Date): Promise<string> {
  const [current] = await tx.select().from(sites).where(eq(sites.id, siteId)).limit(1);
  const site = current as Site;
  if (site.verifiedAt) return `${site.domain} was verified meanwhile.`;
  return claimGoneMessage(site, now) ?? `${site.domain} could not be marked as proven; try again.`;
}
