import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { userSecondFactors } from '@/db/schema';
import { requireRole } from '@/lib/auth/actor';
import { createTotpSecret } from '@/lib/auth/totp';
import { nowDate } from '@/lib/clock';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError } from '../errors';
import { parseInput } from '../parse';
import { sealTotpSecret, secretBoxOf } from './secret-storage';

const Input = z.object({}).strict();

/**
 * The signed-in user starts setting up an authenticator: a new secret, not yet in force. It takes
 * effect only once a code from it is confirmed (`confirmSecondFactor`); starting again replaces it.
 */
export async function startSecondFactorEnrolment({ ctx, input = {} }: { ctx: ServiceContext; input?: unknown }): Promise<{ secret: string }> {
  const actor = requireRole(ctx.actor, 'applicant');
  parseInput(Input, input);
  const box = secretBoxOf(ctx);
  const now = nowDate(ctx.clock);
  return ctx.db.transaction(async (tx) => {
    const [existing] = await tx.select().from(userSecondFactors).where(eq(userSecondFactors.userId, actor.id)).for('update').limit(1);
    if (existing?.enabledAt) throw new ConflictError('Two-factor sign-in is already on for your account. Turn it off first to set up another authenticator.');
    const secret = createTotpSecret();
    // Stored sealed (ADR 0011, amendment); the enrolment page opens it to show it until it is confirmed.
    const sealed = sealTotpSecret(box, actor.id, secret);
    await tx
      .insert(userSecondFactors)
      .values({ userId: actor.id, secret: sealed, enabledAt: null, lastUsedStep: null, createdAt: now })
      .onConflictDoUpdate({ target: userSecondFactors.userId, set: { secret: sealed, enabledAt: null, lastUsedStep: null, createdAt: now } });
    await recordAudit(tx, { actorId: actor.id, action: 'user.second-factor-start', entityType: 'user', entityId: actor.id, at: now });
    return { secret };
  });
}
