import { z } from 'zod';
import { and, eq, inArray } from 'drizzle-orm';
import { applications, programs, sites } from '@/db/schema';
import { requireRole } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import { getCurrentCriteriaVersion } from '@/lib/programs/queries';
import { RENEWAL_WINDOW_DAYS, renewalOpensAt } from '@/lib/seals/validity';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError, NotFoundError } from '../errors';
import { parseInput } from '../parse';
import { requireMembership } from '../organizations/membership';
import { OPEN_STATUSES } from '../applications/application-access';
import { findSeal } from './seal-records';
import { formatDate } from '@/lib/format/dates';

const NOT_FOUND = 'This seal does not exist, or you are not a member of its organization.';

/**
 * A member starts the renewal of the organization's seal: a draft application of kind `renewal`
 * under the program's CURRENT criteria (a seal is renewed against today's rules, not those it was
 * first granted under). It opens 60 days before expiry and stays open after it, unless revoked.
 */
export async function startRenewal({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  requireRole(ctx.actor, 'applicant');
  const { sealId } = parseInput(z.object({ sealId: z.string() }), input);
  const seal = await findSeal(ctx.db, sealId).catch((error: unknown) => {
    throw error instanceof NotFoundError ? new NotFoundError(NOT_FOUND) : error;
  });
  const { actor } = await requireMembership(ctx.db, ctx.actor, seal.organizationId).catch((error: unknown) => {
    throw error instanceof NotFoundError ? new NotFoundError(NOT_FOUND) : error;
  });
  if (seal.status === 'revoked') throw new ConflictError(`Seal ${seal.publicId} is revoked; revocation is final, so it cannot be renewed. Apply for a new seal instead.`);
  const now = nowDate(ctx.clock);
  const opensAt = renewalOpensAt(seal.expiresAt);
  if (now < opensAt) throw new ConflictError(`Renewal opens on ${formatDate(opensAt, ctx.actor?.timeZone)}, ${RENEWAL_WINDOW_DAYS} days before the seal expires.`);

  const [program] = await ctx.db.select().from(programs).where(eq(programs.id, seal.programId)).limit(1);
  const version = program ? await getCurrentCriteriaVersion(ctx.db, program.id) : null;
  if (!program || !version) throw new ConflictError('The program of this seal has no published criteria to renew against.');

  return ctx.db.transaction(async (tx) => {
    // Same rule as a new application: one open application per site and program. The site row
    // is locked so that two clicks on "Renew" cannot both pass the check.
    const [site] = await tx.select({ id: sites.id, domain: sites.domain, endedAt: sites.endedAt }).from(sites).where(eq(sites.id, seal.siteId)).for('update');
    // A site removed after its seal ended: the domain may be someone else's by now.
    if (site?.endedAt) throw new ConflictError(`${site.domain} was removed from your organization’s sites, so ${seal.publicId} cannot be renewed. Add the domain again, prove its ownership and apply for a new seal.`);
    const [open] = await tx
      .select({ id: applications.id, kind: applications.kind })
      .from(applications)
      .where(and(eq(applications.siteId, seal.siteId), eq(applications.programId, program.id), inArray(applications.status, [...OPEN_STATUSES])))
      .limit(1);
    if (open) throw new ConflictError(open.kind === 'renewal' ? `The renewal of ${seal.publicId} is already in progress.` : `An application of ${site?.domain ?? 'this site'} for the ${program.name} is already in progress.`);
    const [application] = await tx
      .insert(applications)
      .values({ organizationId: seal.organizationId, siteId: seal.siteId, programId: program.id, criteriaVersionId: version.id, kind: 'renewal', renewsSealId: seal.id, createdById: actor.id, createdAt: now, updatedAt: now })
      .returning();
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'application.start',
      entityType: 'application',
      entityId: application!.id,
      after: { kind: 'renewal', renewsSealId: seal.id, publicId: seal.publicId, siteId: seal.siteId, domain: site?.domain, program: program.slug, criteriaVersion: version.version },
      at: now,
    });
    return application!;
  });
}
