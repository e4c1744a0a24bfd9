import { z } from 'zod';
import type { Seal } from '@/db/schema';
import { requireRole } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import type { ServiceContext } from '../context';
import { ConflictError } from '../errors';
import { parseInput } from '../parse';
import { findSeal } from './seal-records';
import { authorityGuard } from './seal-authority';
import { notLiveMessage, transitionSeal, type Transition } from './seal-transition';

const SuspendSealInput = z.object({
  sealId: z.string(),
  reason: z.string().trim().min(1, 'Say why the seal is suspended: the public reads it.').max(2000),
  reinstatementRequirements: z.string().trim().min(1, 'Say what the holder must do to be reinstated.').max(4000),
});

type SuspensionInput = {
  reason: string;
  reinstatementRequirements: string;
  actorId: string;
  now: Date;
  jobs?: ServiceContext['jobs'];
  note?: Record<string, unknown>;
  /** The case whose decision suspends: then only that case lifts the suspension. */
  caseId?: string;
};

/** Why `current` cannot be suspended now, in words. */
function suspensionRefusal(current: Seal, now: Date): string {
  return notLiveMessage(current, now) ?? (current.status === 'suspended' ? 'This seal is already suspended.' : `This seal is ${current.status} and cannot be suspended.`);
}

/**
 * The suspension of an active seal as a transition, for this verb and for a case decision that
 * suspends inside its own transaction (lib/services/cases/decide-case.ts). Throws the refusal at
 * once when the seal, as read, cannot be suspended; the update's own condition decides races.
 */
export function suspensionTransition(seal: Seal, input: SuspensionInput): Transition {
  if (notLiveMessage(seal, input.now) || seal.status !== 'active') throw new ConflictError(suspensionRefusal(seal, input.now));
  return {
    jobs: input.jobs,
    seal,
    from: ['active'],
    expiry: 'live',
    set: { status: 'suspended', statusReason: input.reason, reinstatementRequirements: input.reinstatementRequirements, statusChangedAt: input.now, suspensionCaseId: input.caseId ?? null },
    event: { type: 'suspended', reason: input.reason, occurredAt: input.now },
    audit: { actorId: input.actorId, action: 'seal.suspend', at: input.now, note: input.note },
    conflict: suspensionRefusal,
  };
}

/**
 * A reviewer free of a conflict with the holder suspends an active seal: the badge shows
 * `suspended` until reinstatement or revocation (a lapse and renewal keep it suspended).
 */
export async function suspendSeal({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const actor = requireRole(ctx.actor, 'reviewer');
  const data = parseInput(SuspendSealInput, input);
  const seal = await findSeal(ctx.db, data.sealId);
  const now = nowDate(ctx.clock);
  return transitionSeal(ctx.db, { ...suspensionTransition(seal, { ...data, actorId: actor.id, now, jobs: ctx.jobs }), guard: authorityGuard(actor.id, seal.organizationId) });
}
