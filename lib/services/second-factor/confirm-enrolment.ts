import { z } from 'zod';
import { and, eq, isNull } from 'drizzle-orm';
import { userSecondFactors } from '@/db/schema';
import { requireRole } from '@/lib/auth/actor';
import { totpStepOf } from '@/lib/auth/totp';
import { nowDate } from '@/lib/clock';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError, ValidationError } from '../errors';
import { parseInput } from '../parse';
import { replaceRecoveryCodes } from './codes';
import { guardSecondFactorProofs, recordWrongSecondFactorProof } from './proof-attempts';
import { openTotpSecret, secretBoxOf } from './secret-storage';

const Input = z.object({
  code: z.string({ message: 'Enter the 6-digit code your authenticator app shows.' }).trim().min(1, 'Enter the 6-digit code your authenticator app shows.').max(20),
});

const WRONG = 'This code does not match. Check that the app shows OpenSeal with your email, and enter the code it shows now.';

/**
 * Switches two-factor sign-in on once the person proves their app produces the right codes, and
 * returns ten recovery codes to be shown once (only their hashes are kept).
 */
export async function confirmSecondFactor({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<{ recoveryCodes: string[] }> {
  const actor = requireRole(ctx.actor, 'applicant');
  const { code } = parseInput(Input, input);
  const box = secretBoxOf(ctx);
  const now = nowDate(ctx.clock);
  const outcome = await ctx.db.transaction(async (tx) => {
    await guardSecondFactorProofs(tx, actor.id, now);
    const [pending] = await tx.select().from(userSecondFactors).where(eq(userSecondFactors.userId, actor.id)).for('update').limit(1);
    if (!pending) throw new ConflictError('Start setting up two-factor sign-in first: no authenticator is waiting for a code.');
    if (pending.enabledAt) throw new ConflictError('Two-factor sign-in is already on for your account.');
    const { secret, resealed } = openTotpSecret(box, actor.id, pending.secret);
    const step = totpStepOf(secret, code, now.getTime());
    if (step === null) {
      // Kept (committed) so it counts, then refused below.
      await recordWrongSecondFactorProof(tx, actor.id, 'confirm', now);
      return null;
    }
    const [enabled] = await tx
      .update(userSecondFactors)
      .set({ enabledAt: now, lastUsedStep: step, ...(resealed ? { secret: resealed } : {}) })
      .where(and(eq(userSecondFactors.userId, actor.id), isNull(userSecondFactors.enabledAt)))
      .returning();
    if (!enabled) throw new ConflictError('Two-factor sign-in is already on for your account.');
    const recoveryCodes = await replaceRecoveryCodes(tx, actor.id, now);
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'user.second-factor-enrol',
      entityType: 'user',
      entityId: actor.id,
      before: { secondFactor: false },
      after: { secondFactor: true, recoveryCodes: recoveryCodes.length },
      at: now,
    });
    return { recoveryCodes };
  });
  if (!outcome) throw new ValidationError(WRONG, { code: [WRONG] });
  return outcome;
}
