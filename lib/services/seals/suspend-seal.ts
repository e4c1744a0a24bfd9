import { z } from 'zod';
import { requireRole } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import type { ServiceContext } from '../context';
import { ConflictError } from '../errors';
import { parseInput } from '../parse';
import { findSeal } from './seal-records';
import { notLiveMessage, transitionSeal } from './seal-transition';

const SuspendSealInput = z.object({
  sealId: z.string(),
  reason: z.string().trim().min(1, 'Say why the seal is suspended: the public reads it.').max(2000),
  reinstatementRequirements: z.string().trim().min(1, 'Say what the holder must do to be reinstated.').max(4000),
});

/** A reviewer suspends an active seal: the badge shows `suspended` until reinstatement, revocation or expiry. */
export async function suspendSeal({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const actor = requireRole(ctx.actor, 'reviewer');
  const data = parseInput(SuspendSealInput, input);
  const seal = await findSeal(ctx.db, data.sealId);
  const now = nowDate(ctx.clock);
  const conflict = (current: typeof seal) => notLiveMessage(current, now) ?? (current.status === 'suspended' ? 'This seal is already suspended.' : `This seal is ${current.status} and cannot be suspended.`);
  // Checked before the transaction for a clear message; the update's own condition decides races.
  if (notLiveMessage(seal, now) || seal.status !== 'active') throw new ConflictError(conflict(seal));
  return transitionSeal(ctx.db, {
    jobs: ctx.jobs,
    seal,
    from: ['active'],
    expiry: 'live',
    set: { status: 'suspended', statusReason: data.reason, reinstatementRequirements: data.reinstatementRequirements, statusChangedAt: now },
    event: { type: 'suspended', reason: data.reason, occurredAt: now },
    audit: { actorId: actor.id, action: 'seal.suspend', at: now },
    conflict,
  });
}
