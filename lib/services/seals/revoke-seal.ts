import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { revocationReasons, seals } from '@/db/schema';
import { hasRole, requireRole, type Actor } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import { holderRevocationReasons, isMoreSevere, mayUseReason, revocationReasonLabels, type RevokingParty } from '@/lib/seals/reasons';
import type { ServiceContext } from '../context';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors';
import { parseInput } from '../parse';
import { requireMembership } from '../organizations/membership';
import { findSeal } from './seal-records';
import { notLiveMessage, transitionSeal } from './seal-transition';

const RevokeSealInput = z.object({
  sealId: z.string(),
  reason: z.enum(revocationReasons, 'Choose a reason for the revocation.'),
  statement: z.string().trim().min(1, 'Write the public statement: it is shown with the revoked seal.').max(4000),
});

/** Reviewers and admins speak for the seal authority; otherwise only an owner of the holder may revoke. */
async function revokingParty(ctx: ServiceContext, actor: Actor, organizationId: string): Promise<RevokingParty> {
  if (hasRole(actor, 'reviewer')) return 'authority';
  await requireMembership(ctx.db, actor, organizationId, 'owner').catch((error: unknown) => {
    // A stranger learns nothing about whose seal it is.
    throw error instanceof NotFoundError ? new NotFoundError('This seal does not exist, or you are not an owner of its organization.') : error;
  });
  return 'holder';
}

function publicReason(reason: keyof typeof revocationReasonLabels, statement: string) {
  return `${revocationReasonLabels[reason]}: ${statement}`;
}

/**
 * Revokes an active or suspended seal. Final: nothing brings a revoked seal back, and only a more
 * severe reason may later replace its reason (strengthenRevocationReason). The four-eyes
 * confirmation for revocations out of complaint cases lives with the cases, not here.
 */
export async function revokeSeal({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const actor = requireRole(ctx.actor, 'applicant');
  const data = parseInput(RevokeSealInput, input);
  const seal = await findSeal(ctx.db, data.sealId);
  const party = await revokingParty(ctx, actor, seal.organizationId);
  if (!mayUseReason(party, data.reason)) {
    const allowed = holderRevocationReasons.map((reason) => `“${revocationReasonLabels[reason].toLowerCase()}”`).join(' or ');
    throw new ForbiddenError(`As the seal holder you may revoke your seal only with the reason ${allowed}; the other reasons are for the seal authority.`);
  }
  const now = nowDate(ctx.clock);
  const conflict = (current: typeof seal) => notLiveMessage(current, now) ?? `This seal is ${current.status} and cannot be revoked.`;
  if (notLiveMessage(seal, now)) throw new ConflictError(conflict(seal));
  return transitionSeal(ctx.db, {
    jobs: ctx.jobs,
    seal,
    from: ['active', 'suspended'],
    expiry: 'live',
    set: { status: 'revoked', revocationReason: data.reason, statusReason: data.statement, reinstatementRequirements: null, statusChangedAt: now },
    event: { type: 'revoked', reason: publicReason(data.reason, data.statement), occurredAt: now },
    audit: { actorId: actor.id, action: 'seal.revoke', at: now, note: { party } },
    conflict,
  });
}

/**
 * Replaces the reason of a revoked seal by a strictly more severe one, e.g. `no_longer_wanted` by
 * `fraud` when a holder gave its seal up to escape a case. Never a milder one: as with RFC 5280's
 * keyCompromise, what the public was told may be made graver, never softened.
 */
export async function strengthenRevocationReason({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const actor = requireRole(ctx.actor, 'reviewer');
  const data = parseInput(RevokeSealInput, input);
  const seal = await findSeal(ctx.db, data.sealId);
  if (seal.status !== 'revoked' || !seal.revocationReason) throw new ConflictError('This seal is not revoked; only the reason of a revoked seal can be made more severe.');
  const current = seal.revocationReason;
  const refusal = `This seal is revoked for “${revocationReasonLabels[current].toLowerCase()}”; only a more severe reason may replace it.`;
  if (!isMoreSevere(data.reason, current)) throw new ConflictError(refusal);
  const now = nowDate(ctx.clock);
  return transitionSeal(ctx.db, {
    jobs: ctx.jobs,
    seal,
    from: ['revoked'],
    // Optimistic: two reviewers strengthening at once cannot both replace the same reason.
    where: eq(seals.revocationReason, current),
    set: { revocationReason: data.reason, statusReason: data.statement },
    event: { type: 'revoked', reason: publicReason(data.reason, data.statement), occurredAt: now },
    audit: { actorId: actor.id, action: 'seal.strengthen-revocation-reason', at: now },
    conflict: (latest) => (latest.revocationReason && latest.revocationReason !== current ? `The reason of this revocation was changed meanwhile to “${revocationReasonLabels[latest.revocationReason].toLowerCase()}”.` : refusal),
  });
}
