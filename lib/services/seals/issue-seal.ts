import { and, eq, inArray } from 'drizzle-orm';
import { applicationSites, programs, sealDomains, seals, sites, type Application, type Seal } from '@/db/schema';
import type { Executor } from '@/db/client';
import { effectiveStatus } from '@/lib/seals/effective-status';
import { generateSealPublicId } from '@/lib/seals/public-id';
import { addMonths } from '@/lib/seals/validity';
import { recordAudit } from '../audit';
import { ConflictError, NotFoundError } from '../errors';
import { auditSnapshot, recordSealEvent } from './seal-records';
import { notifySealStatusChanged } from '@/lib/public-status/status-notify';
import { watchSealPolicy } from '../policies/watch-policy';

export type IssueSealArgs = { application: Application; actorId: string; now: Date };

/**
 * Grants the seal of an approved application, inside the caller's transaction: the approve verb
 * has checked the reviewer's permission and records the application's own change. A new
 * application gets a new seal; a renewal extends the seal it names, keeping its public id.
 */
export async function issueSeal(tx: Executor, { application, actorId, now }: IssueSealArgs): Promise<Seal> {
  const [program] = await tx.select().from(programs).where(eq(programs.id, application.programId)).limit(1);
  if (!program) throw new NotFoundError('The program of this application does not exist.');
  const domains = await domainsOf(tx, application);
  return application.kind === 'renewal' ? renew(tx, application, program.sealValidityMonths, domains, actorId, now) : issueNew(tx, application, program.sealValidityMonths, domains, actorId, now);
}

async function issueNew(tx: Executor, application: Application, validityMonths: number, domains: string[], actorId: string, now: Date): Promise<Seal> {
  const [already] = await tx.select({ publicId: seals.publicId }).from(seals).where(eq(seals.applicationId, application.id)).limit(1);
  if (already) throw new ConflictError(`Seal ${already.publicId} was already issued for this application.`);
  const [seal] = await tx
    .insert(seals)
    .values({
      publicId: await unusedPublicId(tx),
      organizationId: application.organizationId,
      siteId: application.siteId,
      programId: application.programId,
      criteriaVersionId: application.criteriaVersionId,
      applicationId: application.id,
      status: 'active',
      issuedAt: now,
      expiresAt: addMonths(now, validityMonths),
      statusChangedAt: now,
    })
    .returning();
  await tx.insert(sealDomains).values(domains.map((domain) => ({ sealId: seal!.id, domain })));
  await recordAudit(tx, { actorId, action: 'seal.issue', entityType: 'seal', entityId: seal!.id, before: null, after: { publicId: seal!.publicId, domains, ...auditSnapshot(seal!) }, at: now });
  await watchSealPolicy(tx, seal!, application, now);
  // Caches may remember this id as unknown, and its domains' answers without it.
  await notifySealStatusChanged(tx, seal!.publicId);
  // Last: the public log's counter stays locked until the commit (seal-records.ts).
  await recordSealEvent(tx, seal!, 'issued', null, now);
  return seal!;
}

async function renew(tx: Executor, application: Application, validityMonths: number, domains: string[], actorId: string, now: Date): Promise<Seal> {
  if (!application.renewsSealId) throw new ConflictError('This renewal application does not name the seal it renews.');
  // Locked: an expiry sweep or a revocation running at the same moment waits for this renewal.
  const [current] = await tx.select().from(seals).where(eq(seals.id, application.renewsSealId)).for('update');
  if (!current || current.organizationId !== application.organizationId) throw new NotFoundError('The seal this application renews does not exist.');
  if (current.status === 'revoked') throw new ConflictError(`Seal ${current.publicId} is revoked; revocation is final, so it cannot be renewed. Apply for a new seal instead.`);

  // Renewing early adds the full period to the old expiry, so nobody loses days by renewing on time.
  const base = current.expiresAt.getTime() > now.getTime() ? current.expiresAt : now;
  const expiresAt = addMonths(base, validityMonths);
  // A renewal approved after expiry re-activates the seal (the only way back from expired), unless
  // it lapsed while suspended: then it comes back suspended, with the reason, the requirements and
  // the case that imposed it, until that case or a reviewer lifts it. A renewal never lifts a
  // suspension (ADR 0008, amendment).
  const reactivates = effectiveStatus(current, now) === 'expired';
  const staysSuspended = hasPendingSuspension(current);
  const [renewed] = await tx
    .update(seals)
    .set({
      expiresAt,
      criteriaVersionId: application.criteriaVersionId,
      applicationId: application.id,
      ...(reactivates ? (staysSuspended ? { status: 'suspended' as const, statusChangedAt: now } : { status: 'active' as const, statusChangedAt: now, statusReason: null, reinstatementRequirements: null, suspensionCaseId: null }) : {}),
    })
    .where(and(eq(seals.id, current.id), inArray(seals.status, ['active', 'suspended', 'expired'])))
    .returning();
  if (!renewed) throw new ConflictError(`Seal ${current.publicId} was revoked meanwhile; it cannot be renewed.`);

  // The seal covers what the renewal was granted for.
  await tx.delete(sealDomains).where(eq(sealDomains.sealId, renewed.id));
  await tx.insert(sealDomains).values(domains.map((domain) => ({ sealId: renewed.id, domain })));
  await recordAudit(tx, { actorId, action: 'seal.renew', entityType: 'seal', entityId: renewed.id, before: auditSnapshot(current), after: { domains, ...auditSnapshot(renewed) }, at: now });
  // The renewal's policy is the one certified from now on.
  await watchSealPolicy(tx, renewed, application, now);
  // New expiry, criteria version and domains (and maybe active again): caches drop the seal on commit.
  await notifySealStatusChanged(tx, renewed.publicId);
  // Last: the public log's counter stays locked until the commit (seal-records.ts).
  await recordSealEvent(tx, renewed, 'renewed', reactivates && staysSuspended ? `Renewed while suspended: ${renewed.statusReason}` : null, now);
  return renewed;
}

/**
 * Whether the seal carries a suspension nobody lifted: suspended now, or lapsed while suspended
 * (expiry keeps the suspension's reason and requirements; ADR 0008, amendment).
 */
export function hasPendingSuspension(seal: Pick<Seal, 'status' | 'reinstatementRequirements' | 'statusReason'>): boolean {
  return (seal.status === 'suspended' || seal.status === 'expired') && (seal.reinstatementRequirements !== null || seal.statusReason !== null);
}

/** The application's primary domain, then its extra sites' domains. `www.` is never stored: coverage of it is derived. */
async function domainsOf(tx: Executor, application: Application): Promise<string[]> {
  const [primary] = await tx.select({ domain: sites.domain }).from(sites).where(eq(sites.id, application.siteId)).limit(1);
  if (!primary) throw new NotFoundError('The site of this application does not exist.');
  const extras = await tx
    .select({ domain: sites.domain })
    .from(applicationSites)
    .innerJoin(sites, eq(sites.id, applicationSites.siteId))
    .where(eq(applicationSites.applicationId, application.id));
  const all = [primary.domain, ...extras.map((row) => row.domain)].map((domain) => domain.replace(/^www\./, ''));
  return [...new Set(all)];
}

/** A fresh public id. Collisions are ~1 in 10^11, but a unique-index violation would abort the caller's transaction. */
async function unusedPublicId(tx: Executor): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const candidate = generateSealPublicId();
    const [taken] = await tx.select({ id: seals.id }).from(seals).where(eq(seals.publicId, candidate)).limit(1);
    if (!taken) return candidate;
  }
  throw new Error('Could not draw an unused seal id in 5 attempts');
}
