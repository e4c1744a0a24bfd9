import { and, eq } from 'drizzle-orm';
import { auditEvents } from '@/db/schema';
import type { Executor } from '@/db/client';
import { recordAudit } from '../audit';
import { TooManyAttemptsError } from '../errors';
import { lockRateLimitKey, secondsToWait, waitWords, type RateLimit } from '../rate-limits';

/**
 * Wrong codes (or passwords) typed to confirm an authenticator, to switch two-factor sign-in off or
 * to replace the recovery codes.
 * A session is not proof of the person (a borrowed laptop): without a limit, whoever holds it could
 * try every six-digit code. Five wrong ones in 15 minutes, then a wait; counted per account.
 */
export const SECOND_FACTOR_PROOF_LIMIT: RateLimit = { max: 5, windowMs: 15 * 60_000, window: '15 minutes' };

const FAILED = 'user.second-factor-proof-failed';

/** Refuses before any code is checked when the account has used up its wrong tries. Take it first in the verb's transaction. */
export async function guardSecondFactorProofs(tx: Executor, userId: string, now: Date): Promise<void> {
  await lockRateLimitKey(tx, `second-factor-proof:${userId}`);
  const wait = await secondsToWait(tx, {
    table: auditEvents,
    at: auditEvents.occurredAt,
    where: and(eq(auditEvents.entityType, 'user'), eq(auditEvents.entityId, userId), eq(auditEvents.action, FAILED)),
    limit: SECOND_FACTOR_PROOF_LIMIT,
    now,
  });
  if (wait !== null) throw new TooManyAttemptsError(`Too many wrong codes. Please wait ${waitWords(wait)} and try again.`, wait, 'account');
}

/** Records a wrong proof; it counts against the limit only once its transaction commits, so commit it before refusing. */
export async function recordWrongSecondFactorProof(tx: Executor, userId: string, verb: 'confirm' | 'disable' | 'regenerate', now: Date): Promise<void> {
  await recordAudit(tx, { actorId: userId, action: FAILED, entityType: 'user', entityId: userId, after: { verb }, at: now });
}
