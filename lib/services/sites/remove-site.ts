import { z } from 'zod';
import { and, eq, exists, gt, inArray, isNull, or } from 'drizzle-orm';
import { applications, applicationSites, sealDomains, seals, sites } from '@/db/schema';
import type { Executor } from '@/db/client';
import { nowDate } from '@/lib/clock';

import { notifyOrganization } from '@/lib/notifications/notify';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError, ForbiddenError } from '../errors';
import { parseInput } from '../parse';
import { OPEN_STATUSES } from '../applications/application-access';
import { lockDomain } from './end-claims';
import { requireSiteMember } from './site-access';
import { formatDate } from '@/lib/format/dates';

const RemoveSiteInput = z.object({ siteId: z.string() });

const applicationWords: Record<(typeof OPEN_STATUSES)[number], string> = {
  draft: 'a draft application',
  submitted: 'an application waiting for review',
  in_review: 'an application in review',
  changes_requested: 'an application with changes requested',
};

/**
 * An owner removes a site from the organization. Not while a seal that has not ended (active or
 * suspended, not yet expired) covers its domain — as its primary site or as an extra domain: the
 * badge would go on naming a domain nobody holds — nor while an application for it is open.
 * The claim ends (`end_reason = 'removed'`, kept like every ended claim) and its proof is dropped,
 * so the domain is free: any organization, this one included, may claim and prove it again under
 * the claim rules (ADR 0004, amendment). Checked and written under the domain's lock and the
 * site's row lock, which startApplication takes too.
 */
export async function removeSite({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const data = parseInput(RemoveSiteInput, input);
  const { actor, organization, role, site } = await requireSiteMember(ctx.db, ctx.actor, data.siteId);
  if (role !== 'owner') throw new ForbiddenError(`Only an owner of ${organization.legalName} can remove a site.`);
  if (site.endedAt) throw new ConflictError(`${site.domain} is no longer one of your sites (its claim ended on ${formatDate(site.endedAt, ctx.actor?.timeZone)}).`);
  const now = nowDate(ctx.clock);
  return ctx.db.transaction(async (tx) => {
    await lockDomain(tx, site.domain);
    await tx.select({ id: sites.id }).from(sites).where(eq(sites.id, site.id)).for('update');
    const seal = await coveringSeal(tx, site, now);
    if (seal) {
      throw new ConflictError(
        `${site.domain} is covered by seal ${seal.publicId} (${seal.status}), so it cannot be removed. A seal names its domains for as long as it runs: give the seal up first (on this page), or remove the site after the seal has expired.`,
      );
    }
    const open = await openApplication(tx, site.id);
    if (open) throw new ConflictError(`${site.domain} has ${applicationWords[open.status as (typeof OPEN_STATUSES)[number]]}. Withdraw it first, then remove the site.`);
    const [removed] = await tx
      .update(sites)
      .set({ endedAt: now, endReason: 'removed', verifiedAt: null, verifiedBy: null, proofFoundAt: null })
      .where(and(eq(sites.id, site.id), isNull(sites.endedAt)))
      .returning();
    if (!removed) throw new ConflictError(`${site.domain} was removed a moment ago.`);
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'site.remove',
      entityType: 'site',
      entityId: site.id,
      before: { domain: site.domain, organizationId: organization.id, verifiedAt: site.verifiedAt?.toISOString() ?? null, verifiedBy: site.verifiedBy, endedAt: null },
      after: { endedAt: now.toISOString(), endReason: 'removed' },
      at: now,
    });
    await notifyOrganization(tx, { jobs: ctx.jobs, now }, organization.id, {
      kind: 'site.removed',
      subject: `${site.domain} was removed from ${organization.legalName}`,
      body: `${actor.name} removed the site ${site.domain} from ${organization.legalName}. Its ownership proof is dropped and the domain is free: any organization may claim it and prove it again.`,
      link: `/portal/organizations/${organization.id}`,
    }, { exceptUserId: actor.id });
    return removed;
  });
}

/** A seal of the site's organization that covers its domain and has not ended: active or suspended, and not past its expiry. */
async function coveringSeal(tx: Executor, site: { id: string; domain: string; organizationId: string }, now: Date) {
  const [seal] = await tx
    .select({ publicId: seals.publicId, status: seals.status })
    .from(seals)
    .where(
      and(
        eq(seals.organizationId, site.organizationId),
        inArray(seals.status, ['active', 'suspended']),
        gt(seals.expiresAt, now),
        or(eq(seals.siteId, site.id), exists(tx.select({ one: sealDomains.sealId }).from(sealDomains).where(and(eq(sealDomains.sealId, seals.id), eq(sealDomains.domain, site.domain))))),
      ),
    )
    .limit(1);
  return seal ?? null;
}

/** An application not yet decided that names the site, as its primary site or as an extra domain. */
async function openApplication(tx: Executor, siteId: string) {
  const [open] = await tx
    .select({ id: applications.id, status: applications.status })
    .from(applications)
    .where(
      and(
        inArray(applications.status, [...OPEN_STATUSES]),
        or(eq(applications.siteId, siteId), exists(tx.select({ one: applicationSites.siteId }).from(applicationSites).where(and(eq(applicationSites.applicationId, applications.id), eq(applicationSites.siteId, siteId))))),
      ),
    )
    .limit(1);
  return open ?? null;
}
