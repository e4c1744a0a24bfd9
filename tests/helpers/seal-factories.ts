import { applications, applicationSites } from '@/db/schema';
import type { Database } from '@/db/client';
import { getCurrentCriteriaVersion } from '@/lib/programs/queries';
import type { Actor } from '@/lib/auth/actor';
import { createTestClock } from '@/lib/clock';
import type { RevocationReason } from '@/db/schema';
import { issueSeal } from '@/lib/services/seals/issue-seal';
import { proposeSealRevocation } from '@/lib/services/cases/propose-seal-revocation';
import { confirmRevocation } from '@/lib/services/cases/revocation-proposals';
import { actorOf, contextFor, seedUser } from './factories';
import { seedOrganization, seedSite } from './portal-factories';

/**
 * An organization (owner and member) with an approved application under the program's current
 * criteria, and the seal `issueSeal` made for it at `issuedAt`, as the approve verb would.
 */
export async function seedIssuedSeal(
  db: Database,
  { programId, reviewerId, issuedAt = new Date(), extraDomains = 0, policy }: { programId: string; reviewerId: string; issuedAt?: Date; extraDomains?: number; policy?: { url: string; text: string; sha256: string } },
) {
  const owner = await seedUser(db);
  const member = await seedUser(db);
  const organization = await seedOrganization(db, owner, [member]);
  const site = await seedSite(db, organization.id);
  const version = await getCurrentCriteriaVersion(db, programId);
  const [application] = await db
    .insert(applications)
    .values({
      organizationId: organization.id,
      siteId: site.id,
      programId,
      criteriaVersionId: version!.id,
      status: 'approved',
      createdById: owner.id,
      decidedAt: issuedAt,
      // A policy captured from its address, as attachPolicy stores it: the seal's policy is then watched (issue #16).
      ...(policy ? { policySource: 'url' as const, policyUrl: policy.url, policyText: policy.text, policySha256: policy.sha256, policyCapturedAt: issuedAt } : {}),
    })
    .returning();
  const extras = [];
  for (let index = 0; index < extraDomains; index++) extras.push(await seedSite(db, organization.id));
  if (extras.length > 0) await db.insert(applicationSites).values(extras.map((extra) => ({ applicationId: application!.id, siteId: extra.id })));
  const seal = await db.transaction((tx) => issueSeal(tx, { application: application!, actorId: reviewerId, now: issuedAt }));
  return { owner, member, organization, site, extras, application: application!, seal };
}

/**
 * An authority revocation as the platform makes one (ADR 0008, amendment): `proposer` proposes it
 * from the seal page, which opens an authority case, and an administrator made for the purpose
 * confirms it (four eyes), both at `at`.
 */
export async function revokeByAuthority(db: Database, { sealId, proposer, at = new Date(), reason = 'privacy_violation', statement }: { sealId: string; proposer: Actor; at?: Date; reason?: RevocationReason; statement: string }) {
  const confirmer = actorOf(await seedUser(db, { role: 'admin' }));
  const { decision } = await proposeSealRevocation({ ctx: contextFor(db, proposer, createTestClock(at)), input: { sealId, revocationReason: reason, statement } });
  return confirmRevocation({ ctx: contextFor(db, confirmer, createTestClock(at)), input: { decisionId: decision.id } });
}
