import { z } from 'zod';
import { and, eq, inArray } from 'drizzle-orm';
import { applications, applicationSites, programs, sites } from '@/db/schema';
import type { Executor } from '@/db/client';
import { nowDate } from '@/lib/clock';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { parseInput } from '../parse';
import { requireSiteMember } from '../sites/site-access';
import { OPEN_STATUSES } from './application-access';
import { getCurrentCriteriaVersion } from '@/lib/programs/queries';

const StartApplicationInput = z.object({
  siteId: z.string(),
  programSlug: z.string().min(1, 'Choose a program.').max(100),
});

/** A member starts a draft application for a verified site, under the program's current criteria. */
export async function startApplication({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const data = parseInput(StartApplicationInput, input);
  const { actor, organization, site } = await requireSiteMember(ctx.db, ctx.actor, data.siteId);
  if (!site.verifiedAt) throw new ValidationError(`Prove that you control ${site.domain} before applying: the portal shows three ways to do it.`);
  const [program] = await ctx.db.select().from(programs).where(eq(programs.slug, data.programSlug)).limit(1);
  if (!program) throw new NotFoundError('This program does not exist.');
  const version = await getCurrentCriteriaVersion(ctx.db, program.id);
  if (!version) throw new ConflictError(`${program.name} has no published criteria yet.`);

  const now = nowDate(ctx.clock);
  return ctx.db.transaction(async (tx) => {
    // One open application per site and program: the primary site row is locked, so two clicks
    // on "Apply" cannot both pass the check below.
    await tx.select({ id: sites.id }).from(sites).where(eq(sites.id, site.id)).for('update');
    const [open] = await tx
      .select({ id: applications.id })
      .from(applications)
      .where(and(eq(applications.siteId, site.id), eq(applications.programId, program.id), inArray(applications.status, [...OPEN_STATUSES])))
      .limit(1);
    if (open) throw new ConflictError(`An application of ${site.domain} for the ${program.name} is already in progress.`);
    const [application] = await tx
      .insert(applications)
      .values({ organizationId: organization.id, siteId: site.id, programId: program.id, criteriaVersionId: version.id, createdById: actor.id, createdAt: now, updatedAt: now })
      .returning();
    await recordAudit(tx, { actorId: actor.id, action: 'application.start', entityType: 'application', entityId: application!.id, after: { siteId: site.id, domain: site.domain, program: program.slug, criteriaVersion: version.version }, at: now });
    return application!;
  });
}

/** Extra domains (each a verified site of the same organization) that the application also covers. */
export async function replaceExtraSites(tx: Executor, application: { id: string; organizationId: string; siteId: string }, siteIds: string[]) {
  const wanted = [...new Set(siteIds.filter((id) => id !== application.siteId))];
  if (wanted.length > 0) {
    const found = await tx.select().from(sites).where(and(inArray(sites.id, wanted), eq(sites.organizationId, application.organizationId)));
    if (found.length !== wanted.length) throw new ValidationError('One of the extra domains is not a site of this organization.');
    const unproven = found.filter((site) => !site.verifiedAt).map((site) => site.domain);
    if (unproven.length > 0) throw new ValidationError(`Prove ownership of ${unproven.join(', ')} before adding it to the application.`, { extraSiteIds: ['Every extra domain must be proven.'] });
  }
  await tx.delete(applicationSites).where(eq(applicationSites.applicationId, application.id));
  if (wanted.length > 0) await tx.insert(applicationSites).values(wanted.map((siteId) => ({ applicationId: application.id, siteId })));
  return wanted;
}
