import { z } from 'zod';
import { requireRole } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import type { ServiceContext } from '../context';
import { ConflictError } from '../errors';
import { parseInput } from '../parse';
import { findSeal } from './seal-records';
import { notLiveMessage, transitionSeal } from './seal-transition';

const ReinstateSealInput = z.object({
  sealId: z.string(),
  note: z.string().trim().max(2000).optional(),
});

/** A reviewer lifts a suspension. A seal past its expiry stays expired: only a renewal brings it back. */
export async function reinstateSeal({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const actor = requireRole(ctx.actor, 'reviewer');
  const data = parseInput(ReinstateSealInput, input);
  const seal = await findSeal(ctx.db, data.sealId);
  const now = nowDate(ctx.clock);
  const conflict = (current: typeof seal) => notLiveMessage(current, now) ?? (current.status === 'active' ? 'This seal is not suspended; it is already active.' : `This seal is ${current.status} and cannot be reinstated.`);
  if (notLiveMessage(seal, now) || seal.status !== 'suspended') throw new ConflictError(conflict(seal));
  return transitionSeal(ctx.db, {
    jobs: ctx.jobs,
    seal,
    from: ['suspended'],
    expiry: 'live',
    set: { status: 'active', statusReason: null, reinstatementRequirements: null, statusChangedAt: now },
    event: { type: 'reinstated', reason: data.note || null, occurredAt: now },
    audit: { actorId: actor.id, action: 'seal.reinstate', at: now },
    conflict,
  });
}
