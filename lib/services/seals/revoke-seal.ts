import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { revocationReasons, seals, type RevocationReason, type Seal } from '@/db/schema';
import { hasRole, requireRole, type Actor } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import { holderRevocationReasons, isMoreSevere, mayUseReason, revocationReasonLabels, type RevokingParty } from '@/lib/seals/reasons';
import type { ServiceContext } from '../context';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors';
import { parseInput } from '../parse';
import { requireMembership } from '../organizations/membership';
import { findSeal } from './seal-records';
import { authorityGuard } from './seal-authority';
import { notLiveMessage, transitionSeal, type Transition } from './seal-transition';

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
 * The holder gives up its active or suspended seal, in one step. Final: nothing brings a revoked
 * seal back, and only a more severe reason may later replace its reason
 * (strengthenRevocationReason). The seal authority never revokes in one step: a reviewer proposes
 * (proposeSealRevocation, or proposeRevocation on a case) and a different reviewer or an
 * administrator confirms (confirmRevocation), four eyes as DESIGN.md requires.
 */
export async function revokeSeal({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const actor = requireRole(ctx.actor, 'applicant');
  const data = parseInput(RevokeSealInput, input);
  const seal = await findSeal(ctx.db, data.sealId);
  const party = await revokingParty(ctx, actor, seal.organizationId);
  if (party === 'authority') {
    throw new ForbiddenError('A revocation by the seal authority takes two people: propose it (“Propose revocation” on the seal page, or on its case), and a different reviewer or an administrator confirms it on the case.');
  }
  if (!mayUseReason(party, data.reason)) {
    const allowed = holderRevocationReasons.map((reason) => `“${revocationReasonLabels[reason].toLowerCase()}”`).join(' or ');
    throw new ForbiddenError(`As the seal holder you may revoke your seal only with the reason ${allowed}; the other reasons are for the seal authority.`);
  }
  const now = nowDate(ctx.clock);
  return transitionSeal(ctx.db, revocationTransition(seal, { reason: data.reason, statement: data.statement, actorId: actor.id, now, jobs: ctx.jobs, note: { party } }));
}

function revocationRefusal(current: Seal, now: Date): string {
  return notLiveMessage(current, now) ?? `This seal is ${current.status} and cannot be revoked.`;
}

type RevocationInput = { reason: RevocationReason; statement: string; actorId: string; now: Date; jobs?: ServiceContext['jobs']; note?: Record<string, unknown> };

/**
 * The revocation of an active or suspended seal as a transition, for this verb and for a confirmed
 * case revocation (lib/services/cases/revocation-proposals.ts) inside its own transaction. Throws
 * the refusal at once when the seal, as read, is no longer live.
 */
export function revocationTransition(seal: Seal, input: RevocationInput): Transition {
  if (notLiveMessage(seal, input.now)) throw new ConflictError(revocationRefusal(seal, input.now));
  return {
    jobs: input.jobs,
    seal,
    from: ['active', 'suspended'],
    expiry: 'live',
    set: { status: 'revoked', revocationReason: input.reason, statusReason: input.statement, reinstatementRequirements: null, statusChangedAt: input.now, suspensionCaseId: null },
    event: { type: 'revoked', reason: publicReason(input.reason, input.statement), occurredAt: input.now },
    audit: { actorId: input.actorId, action: 'seal.revoke', at: input.now, note: input.note },
    conflict: revocationRefusal,
  };
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
    event: { type: 'reason_changed', reason: publicReason(data.reason, data.statement), occurredAt: now },
    audit: { actorId: actor.id, action: 'seal.strengthen-revocation-reason', at: now },
    guard: authorityGuard(actor.id, seal.organizationId),
    conflict: (latest) => (latest.revocationReason && latest.revocationReason !== current ? `The reason of this revocation was changed meanwhile to “${revocationReasonLabels[latest.revocationReason].toLowerCase()}”.` : refusal),
  });
}
