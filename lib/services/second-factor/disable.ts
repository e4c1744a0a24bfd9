import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { users } from '@/db/schema';
import { requireRole } from '@/lib/auth/actor';
import { verifyPassword } from '@/lib/auth/password';
import { nowDate } from '@/lib/clock';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError, ValidationError } from '../errors';
import { parseInput } from '../parse';
import { enabledSecondFactorOf, removeSecondFactor, spendSecondFactorCode } from './codes';
import { guardSecondFactorProofs, recordWrongSecondFactorProof } from './proof-attempts';
import { secretBoxOf } from './secret-storage';

const Input = z.object({
  // One or the other: a current code (or recovery code), or the account's password.
  proof: z.string({ message: 'Enter a code from your authenticator app, or your password.' }).min(1, 'Enter a code from your authenticator app, or your password.').max(1024),
});

const WRONG = 'This is neither a current code from your authenticator app, an unused recovery code, nor your password.';

/**
 * The signed-in user switches two-factor sign-in off. A session alone is not enough (a borrowed
 * laptop): the person proves it again with a current code or the password.
 */
export async function disableSecondFactor({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<void> {
  const actor = requireRole(ctx.actor, 'applicant');
  const { proof } = parseInput(Input, input);
  const box = secretBoxOf(ctx);
  const now = nowDate(ctx.clock);
  const outcome = await ctx.db.transaction(async (tx) => {
    await guardSecondFactorProofs(tx, actor.id, now);
    if (!(await enabledSecondFactorOf(tx, actor.id))) throw new ConflictError('Two-factor sign-in is not on for your account.');
    const [user] = await tx.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, actor.id)).limit(1);
    const proven = (await spendSecondFactorCode(tx, box, actor.id, proof, now)) !== null || (user ? await verifyPassword(user.passwordHash, proof) : false);
    if (!proven) {
      // Kept (committed) so it counts, then refused below.
      await recordWrongSecondFactorProof(tx, actor.id, 'disable', now);
      return 'wrong' as const;
    }
    await removeSecondFactor(tx, actor.id);
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'user.second-factor-disable',
      entityType: 'user',
      entityId: actor.id,
      before: { secondFactor: true },
      after: { secondFactor: false },
      at: now,
    });
    return 'disabled' as const;
  });
  if (outcome === 'wrong') throw new ValidationError(WRONG, { proof: [WRONG] });
}
