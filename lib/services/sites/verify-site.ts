import { z } from 'zod';
import { and, eq, isNull } from 'drizzle-orm';
import { sites, verificationMethods } from '@/db/schema';
import { checkOwnership } from '@/lib/sites/ownership/checks';
import { DEFAULT_NET_POLICY } from '@/lib/net/policy';
import { nowDate } from '@/lib/clock';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError } from '../errors';
import { parseInput } from '../parse';
import { requireSiteMember } from './site-access';

const VerifySiteInput = z.object({
  siteId: z.string(),
  method: z.enum(verificationMethods, { message: 'Choose how to prove ownership: DNS record, meta tag or file.' }),
});

export type VerifySiteResult = { verified: true; domain: string } | { verified: false; problem: string };

/**
 * Checks the proof the applicant published. The network check runs outside any transaction (it
 * may take seconds, and on the embedded database a transaction holds up every other request).
 */
export async function verifySite({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<VerifySiteResult> {
  const data = parseInput(VerifySiteInput, input);
  const { actor, site } = await requireSiteMember(ctx.db, ctx.actor, data.siteId);
  if (site.verifiedAt) throw new ConflictError(`${site.domain} is already verified.`);

  const result = await checkOwnership(site.domain, site.verificationToken, data.method, ctx.net ?? DEFAULT_NET_POLICY);
  const now = nowDate(ctx.clock);
  if (!result.ok) {
    await ctx.db.update(sites).set({ lastCheckedAt: now, lastCheckProblem: result.problem }).where(eq(sites.id, site.id));
    return { verified: false, problem: result.problem };
  }
  return ctx.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(sites)
      .set({ verifiedAt: now, verifiedBy: data.method, lastCheckedAt: now, lastCheckProblem: null })
      .where(and(eq(sites.id, site.id), isNull(sites.verifiedAt)))
      .returning();
    if (!updated) throw new ConflictError(`${site.domain} was verified meanwhile.`);
    await recordAudit(tx, { actorId: actor.id, action: 'site.verify', entityType: 'site', entityId: site.id, before: { verifiedAt: null }, after: { verifiedAt: now.toISOString(), method: data.method }, at: now });
    return { verified: true as const, domain: site.domain };
  });
}
