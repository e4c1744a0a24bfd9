import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { users } from '@/db/schema';
import { requireRole } from '@/lib/auth/actor';
import { verifyPassword } from '@/lib/auth/password';
import { looksLikeTotpCode } from '@/lib/auth/totp';
import { nowDate } from '@/lib/clock';
import { notifyUsers } from '@/lib/notifications/notify';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError, ValidationError } from '../errors';
import { parseInput } from '../parse';
import { enabledSecondFactorOf, replaceRecoveryCodes, spendTotpCode, unusedRecoveryCodeCount } from './codes';
import { guardSecondFactorProofs, recordWrongSecondFactorProof } from './proof-attempts';
import { secretBoxOf } from './secret-storage';

const Input = z.object({
  // One or the other: the current code from the app, or the account's password.
  proof: z.string({ message: 'Enter the current code from your authenticator app, or your password.' }).min(1, 'Enter the current code from your authenticator app, or your password.').max(1024),
});

const WRONG = 'This is neither the current code from your authenticator app nor your password.';

/**
 * The signed-in user replaces their recovery codes (used up, or seen by someone else): ten new
 * ones, returned in clear to be shown once, and every old one stops working in the same
 * transaction. A session alone is not enough (a borrowed laptop): the person proves it again with
 * a current code from the app (spent, like a sign-in's) or the password — not a recovery code,
 * which this is about to replace. The person is told by notification and mail, so a stranger's
 * regeneration does not go unnoticed.
 */
export async function regenerateRecoveryCodes({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<{ recoveryCodes: string[] }> {
  const actor = requireRole(ctx.actor, 'applicant');
  const { proof } = parseInput(Input, input);
  const box = secretBoxOf(ctx);
  const now = nowDate(ctx.clock);
  const outcome = await ctx.db.transaction(async (tx) => {
    await guardSecondFactorProofs(tx, actor.id, now);
    const factor = await enabledSecondFactorOf(tx, actor.id);
    if (!factor) throw new ConflictError('Two-factor sign-in is not on for your account: there are no recovery codes to replace.');
    let provenBy: 'totp' | 'password' | null = null;
    if (looksLikeTotpCode(proof)) {
      if (await spendTotpCode(tx, box, factor, proof, now)) provenBy = 'totp';
    } else {
      const [user] = await tx.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, actor.id)).limit(1);
      if (user && (await verifyPassword(user.passwordHash, proof))) provenBy = 'password';
    }
    if (!provenBy) {
      // Kept (committed) so it counts, then refused below.
      await recordWrongSecondFactorProof(tx, actor.id, 'regenerate', now);
      return null;
    }
    const unusedBefore = await unusedRecoveryCodeCount(tx, actor.id);
    const recoveryCodes = await replaceRecoveryCodes(tx, actor.id, now);
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'user.recovery-codes-regenerate',
      entityType: 'user',
      entityId: actor.id,
      before: { recoveryCodesLeft: unusedBefore },
      after: { recoveryCodesLeft: recoveryCodes.length, provenBy },
      at: now,
    });
    await notifyUsers(tx, { jobs: ctx.jobs, now }, [actor.id], {
      kind: 'user.recovery-codes-regenerated',
      subject: 'Your OpenSeal recovery codes were replaced',
      body:
        'New recovery codes were made for your account, and your earlier ones no longer work. If this was you, keep the new ones somewhere safe. ' +
        'If it was not, change your password now and check your sign-in security: someone who could sign in as you made them.',
      link: '/account/security',
    });
    return { recoveryCodes };
  });
  if (!outcome) throw new ValidationError(WRONG, { proof: [WRONG] });
  return outcome;
}
