import { and, eq, gt, inArray, isNotNull } from 'drizzle-orm';
import { sealDomains, seals, sites, type ComplaintCategory, type Seal } from '@/db/schema';
import type { Executor } from '@/db/client';
import { coveredHostnames, normalizeDomain } from '@/lib/domains/normalize';
import { effectiveStatus } from '@/lib/seals/effective-status';
import { isSealPublicId } from '@/lib/seals/public-id';
import { ValidationError } from '../errors';

export type ComplaintSubject = {
  seal: Seal | null;
  domain: string | null;
  organizationId: string | null;
  fastTrack: boolean;
  /** The site in words, for subject lines: `toysmart.example (seal OS-…)`. */
  label: string;
};

const CURRENT = ['active', 'suspended'] as const;

/**
 * What a complaint is about: the seal named (from the verification page's link) and/or the domain
 * typed, and the organization behind them. A seal names its holder; a domain, the organization that
 * proved its ownership (nobody, while it is only claimed). One exception: a complaint that a seal
 * is displayed without certification on a domain the seal does not cover is about that domain's
 * proven owner, not about the holder whose badge was copied.
 *
 * Fast track (issue 6, the Toysmart rule): a complaint about selling customer data, against an
 * organization that holds a current seal (active or suspended), goes before the rest of the queue.
 */
export async function resolveComplaintSubject(tx: Executor, input: { sealId?: string; domain?: string; category: ComplaintCategory }, now: Date): Promise<ComplaintSubject> {
  let seal: Seal | null = null;
  if (input.sealId) {
    const [found] = isSealPublicId(input.sealId) ? await tx.select().from(seals).where(eq(seals.publicId, input.sealId)).limit(1) : [];
    if (!found) {
      throw new ValidationError(`We have no seal with the id ${input.sealId}. Check it against the badge, or leave it empty and type the site’s domain.`, {
        sealId: [`We have no seal with the id ${input.sealId}.`],
      });
    }
    seal = found;
  }

  let domain: string | null = null;
  if (input.domain) {
    const normalized = normalizeDomain(input.domain);
    if (!normalized.ok) throw new ValidationError(normalized.problem, { domain: [normalized.problem] });
    domain = normalized.domain;
  }
  if (!seal && !domain) {
    const message = 'Say which site the complaint is about: type its domain, like example.com.';
    throw new ValidationError(message, { domain: [message] });
  }

  // Only a proof of ownership names an organization: an unproven claim costs nothing to make, and
  // whoever makes one must not receive complaints about the site, nor a complainant's identity.
  // Without a proven owner the complaint stays unattributed, for a reviewer to triage.
  const ownerOfDomain = async (name: string) => {
    const [site] = await tx
      .select({ organizationId: sites.organizationId })
      .from(sites)
      .where(and(eq(sites.domain, name), isNotNull(sites.verifiedAt)))
      .limit(1);
    return site?.organizationId ?? null;
  };

  let organizationId: string | null;
  if (seal && domain && input.category === 'seal_misuse') {
    const covered = await tx.select({ domain: sealDomains.domain }).from(sealDomains).where(eq(sealDomains.sealId, seal.id));
    const coversIt = covered.some((row) => coveredHostnames(row.domain).includes(domain));
    organizationId = coversIt ? seal.organizationId : await ownerOfDomain(domain);
  } else {
    organizationId = seal ? seal.organizationId : await ownerOfDomain(domain!);
  }

  let fastTrack = false;
  if (input.category === 'data_sale' && organizationId) {
    if (seal && seal.organizationId === organizationId && (CURRENT as readonly string[]).includes(effectiveStatus(seal, now))) {
      fastTrack = true;
    } else {
      const [held] = await tx
        .select({ id: seals.id })
        .from(seals)
        .where(and(eq(seals.organizationId, organizationId), inArray(seals.status, [...CURRENT]), gt(seals.expiresAt, now)))
        .limit(1);
      fastTrack = !!held;
    }
  }
  let label = domain ?? '';
  if (seal) {
    const [site] = await tx.select({ domain: sites.domain }).from(sites).where(eq(sites.id, seal.siteId)).limit(1);
    label = domain && domain !== site?.domain ? `${domain} (showing seal ${seal.publicId})` : `${site?.domain ?? 'the site'} (seal ${seal.publicId})`;
  }
  return { seal, domain, organizationId, fastTrack, label };
}
