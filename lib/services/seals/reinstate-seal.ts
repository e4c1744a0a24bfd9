import { z } from 'zod';
import type { Seal } from '@/db/schema';
import { requireRole } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import type { ServiceContext } from '../context';
import { ConflictError } from '../errors';
import { parseInput } from '../parse';
import { findSeal } from './seal-records';
import { notLiveMessage, transitionSeal, type Transition } from './seal-transition';

const ReinstateSealInput = z.object({
  sealId: z.string(),
  note: z.string().trim().max(2000).optional(),
});

function reinstatementRefusal(current: Seal, now: Date): string {
  return notLiveMessage(current, now) ?? (current.status === 'active' ? 'This seal is not suspended; it is already active.' : `This seal is ${current.status} and cannot be reinstated.`);
}

type ReinstatementInput = { note: string | null; actorId: string; now: Date; jobs?: ServiceContext['jobs']; auditNote?: Record<string, unknown> };

/**
 * Lifting a suspension as a transition, for this verb and for a suspension reversed on appeal
 * (lib/services/cases/decide-appeal.ts) inside its own transaction.
 */
export function reinstatementTransition(seal: Seal, input: ReinstatementInput): Transition {
  if (notLiveMessage(seal, input.now) || seal.status !== 'suspended') throw new ConflictError(reinstatementRefusal(seal, input.now));
  return {
    jobs: input.jobs,
    seal,
    from: ['suspended'],
    expiry: 'live',
    set: { status: 'active', statusReason: null, reinstatementRequirements: null, statusChangedAt: input.now },
    event: { type: 'reinstated', reason: input.note, occurredAt: input.now },
    audit: { actorId: input.actorId, action: 'seal.reinstate', at: input.now, note: input.auditNote },
    conflict: reinstatementRefusal,
  };
}

/** A reviewer lifts a suspension. A seal past its expiry stays expired: only a renewal brings it back. */
export async function reinstateSeal({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const actor = requireRole(ctx.actor, 'reviewer');
  const data = parseInput(ReinstateSealInput, input);
  const seal = await findSeal(ctx.db, data.sealId);
  const now = nowDate(ctx.clock);
  return transitionSeal(ctx.db, reinstatementTransition(seal, { note: data.note || null, actorId: actor.id, now, jobs: ctx.jobs }));
}
