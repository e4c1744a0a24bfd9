import { z } from 'zod';
import { eq, isNull } from 'drizzle-orm';
import { seals, type Seal } from '@/db/schema';
import { requireRole } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import type { ServiceContext } from '../context';
import { ConflictError } from '../errors';
import { parseInput } from '../parse';
import { findSeal } from './seal-records';
import { authorityGuard, liftedThroughCaseMessage, suspendingCaseReference } from './seal-authority';
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
 * Lifting a suspension as a transition, for this verb and for a case lifting the suspension its
 * decision imposed (a remedy decision, or a reversal on appeal) inside its own transaction.
 */
export function reinstatementTransition(seal: Seal, input: ReinstatementInput): Transition {
  if (notLiveMessage(seal, input.now) || seal.status !== 'suspended') throw new ConflictError(reinstatementRefusal(seal, input.now));
  return {
    jobs: input.jobs,
    seal,
    from: ['suspended'],
    expiry: 'live',
    set: { status: 'active', statusReason: null, reinstatementRequirements: null, statusChangedAt: input.now, suspensionCaseId: null },
    event: { type: 'reinstated', reason: input.note, occurredAt: input.now },
    audit: { actorId: input.actorId, action: 'seal.reinstate', at: input.now, note: input.auditNote },
    conflict: reinstatementRefusal,
  };
}

/**
 * A reviewer free of a conflict with the holder lifts a suspension made on the seal page. A
 * suspension a case decision imposed is lifted through that case only (ADR 0008, amendment); the
 * update's condition holds that rule against a case suspending at the same moment. A seal past its
 * expiry stays expired: only a renewal brings it back.
 */
export async function reinstateSeal({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const actor = requireRole(ctx.actor, 'reviewer');
  const data = parseInput(ReinstateSealInput, input);
  const seal = await findSeal(ctx.db, data.sealId);
  const now = nowDate(ctx.clock);
  const caseReference = await suspendingCaseReference(ctx.db, seal);
  if (caseReference && seal.status === 'suspended' && !notLiveMessage(seal, now)) throw new ConflictError(liftedThroughCaseMessage(caseReference));
  const transition = reinstatementTransition(seal, { note: data.note || null, actorId: actor.id, now, jobs: ctx.jobs });
  let byCase: string | null = null;
  return transitionSeal(ctx.db, {
    ...transition,
    where: isNull(seals.suspensionCaseId),
    guard: async (tx) => {
      await authorityGuard(actor.id, seal.organizationId)(tx);
      // Read again under the organization's lock: a case may have suspended the seal since.
      const [current] = await tx.select().from(seals).where(eq(seals.id, seal.id)).limit(1);
      byCase = current ? await suspendingCaseReference(tx, current) : null;
    },
    conflict: (current, at) => (byCase && current.status === 'suspended' ? liftedThroughCaseMessage(byCase) : transition.conflict(current, at)),
  });
}
