import { and, count, eq, isNotNull, isNull, lt, or } from 'drizzle-orm';
import { userRecoveryCodes, userSecondFactors } from '@/db/schema';
import type { Executor } from '@/db/client';
import { generateRecoveryCodes, hashRecoveryCode, looksLikeTotpCode, totpStepOf } from '@/lib/auth/totp';
import type { SecretBox } from '@/lib/auth/secret-box';
import { recordAudit } from '../audit';
import { openTotpSecret } from './secret-storage';

export const SECOND_FACTOR_MESSAGES = {
  wrongCode: 'This code is not right. Enter the current 6-digit code from your authenticator app, or one of your unused recovery codes.',
} as const;

/** The user's second factor once switched on (confirmed with a first code), else null. */
export async function enabledSecondFactorOf(db: Executor, userId: string) {
  const [row] = await db
    .select()
    .from(userSecondFactors)
    .where(and(eq(userSecondFactors.userId, userId), isNotNull(userSecondFactors.enabledAt)))
    .limit(1);
  return row ?? null;
}

/**
 * Accepts a TOTP code of a time step later than the last accepted one, or an unused recovery code,
 * and spends it. The update is conditional, so two requests with the same code cannot both pass.
 * Returns which kind was accepted, or null.
 */
export async function spendSecondFactorCode(tx: Executor, box: SecretBox, userId: string, code: string, now: Date): Promise<'totp' | 'recovery' | null> {
  const factor = await enabledSecondFactorOf(tx, userId);
  if (!factor) return null;
  if (looksLikeTotpCode(code)) return (await spendTotpCode(tx, box, factor, code, now)) ? 'totp' : null;
  const [spent] = await tx
    .update(userRecoveryCodes)
    .set({ usedAt: now })
    .where(and(eq(userRecoveryCodes.userId, userId), eq(userRecoveryCodes.codeHash, hashRecoveryCode(code)), isNull(userRecoveryCodes.usedAt)))
    .returning({ id: userRecoveryCodes.id });
  if (!spent) return null;
  await recordAudit(tx, {
    actorId: userId,
    action: 'user.recovery-code-use',
    entityType: 'user',
    entityId: userId,
    after: { recoveryCodesLeft: await unusedRecoveryCodeCount(tx, userId) },
    at: now,
  });
  return 'recovery';
}

/**
 * Accepts a TOTP code of a time step later than the last accepted one, by a conditional update. A
 * secret stored readable (or under a retired key) is sealed under the current key by the same update.
 */
export async function spendTotpCode(tx: Executor, box: SecretBox, factor: { userId: string; secret: string }, code: string, now: Date): Promise<boolean> {
  const { secret, resealed } = openTotpSecret(box, factor.userId, factor.secret);
  const step = totpStepOf(secret, code, now.getTime());
  if (step === null) return false;
  const [accepted] = await tx
    .update(userSecondFactors)
    .set(resealed ? { lastUsedStep: step, secret: resealed } : { lastUsedStep: step })
    .where(and(eq(userSecondFactors.userId, factor.userId), or(isNull(userSecondFactors.lastUsedStep), lt(userSecondFactors.lastUsedStep, step))))
    .returning({ userId: userSecondFactors.userId });
  return !!accepted;
}

export async function unusedRecoveryCodeCount(db: Executor, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(userRecoveryCodes)
    .where(and(eq(userRecoveryCodes.userId, userId), isNull(userRecoveryCodes.usedAt)));
  return Number(row?.n ?? 0);
}

/** Replaces the user's recovery codes with new ones and returns them in clear, to be shown once. */
export async function replaceRecoveryCodes(tx: Executor, userId: string, now: Date): Promise<string[]> {
  await tx.delete(userRecoveryCodes).where(eq(userRecoveryCodes.userId, userId));
  const codes = generateRecoveryCodes();
  await tx.insert(userRecoveryCodes).values(codes.map((code) => ({ userId, codeHash: hashRecoveryCode(code), createdAt: now })));
  return codes;
}

/** Removes the factor and its recovery codes; returns whether one was switched on. */
export async function removeSecondFactor(tx: Executor, userId: string): Promise<boolean> {
  const removed = await tx.delete(userSecondFactors).where(eq(userSecondFactors.userId, userId)).returning({ enabledAt: userSecondFactors.enabledAt });
  await tx.delete(userRecoveryCodes).where(eq(userRecoveryCodes.userId, userId));
  return removed.some((row) => row.enabledAt !== null);
}
