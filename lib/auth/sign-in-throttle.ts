import { and, desc, eq, gt, ne, sql } from 'drizzle-orm';
import { signInAttempts } from '@/db/schema';
import type { Executor } from '@/db/client';

/**
 * Repeated failed sign-ins are first slowed down, then refused for a while. Failures count per
 * account since its last successful sign-in, and per client address, within a sliding window.
 */
export const SIGN_IN_POLICY = {
  windowMs: 15 * 60_000,
  slowDownAfterAccountFailures: 2,
  refuseAfterAccountFailures: 5,
  refuseAfterAddressFailures: 30,
  maxDelayMs: 8_000,
} as const;

export type SignInVerdict =
  | { kind: 'allowed'; delayMs: number }
  | { kind: 'refused'; scope: 'account' | 'address'; retryAfterSeconds: number };

/**
 * Judges an attempt against the ones before it. `ownAttemptId` is the attempt being judged, which
 * the caller has already recorded as a failure (see `openSignInAttempt`), and which is not counted.
 */
export async function judgeSignIn(db: Executor, email: string, ipAddress: string, now: Date, ownAttemptId?: string): Promise<SignInVerdict> {
  const since = new Date(now.getTime() - SIGN_IN_POLICY.windowMs);
  const notOwn = ownAttemptId ? ne(signInAttempts.id, ownAttemptId) : undefined;
  const accountAttempts = await db
    .select({ succeeded: signInAttempts.succeeded, at: signInAttempts.attemptedAt })
    .from(signInAttempts)
    .where(and(eq(signInAttempts.email, email), gt(signInAttempts.attemptedAt, since), notOwn))
    .orderBy(desc(signInAttempts.attemptedAt));
  const lastSuccess = accountAttempts.findIndex((attempt) => attempt.succeeded === 'yes');
  const accountFailures = (lastSuccess === -1 ? accountAttempts : accountAttempts.slice(0, lastSuccess)).map((a) => a.at);

  if (accountFailures.length >= SIGN_IN_POLICY.refuseAfterAccountFailures) {
    // Refused until the oldest of the failures that tipped it over leaves the window.
    const oldestCounted = accountFailures[SIGN_IN_POLICY.refuseAfterAccountFailures - 1]!;
    return { kind: 'refused', scope: 'account', retryAfterSeconds: secondsUntil(oldestCounted, now) };
  }

  const addressFailures = await db
    .select({ at: signInAttempts.attemptedAt })
    .from(signInAttempts)
    .where(and(eq(signInAttempts.ipAddress, ipAddress), eq(signInAttempts.succeeded, 'no'), gt(signInAttempts.attemptedAt, since), notOwn))
    .orderBy(desc(signInAttempts.attemptedAt))
    .limit(SIGN_IN_POLICY.refuseAfterAddressFailures);
  if (addressFailures.length >= SIGN_IN_POLICY.refuseAfterAddressFailures) {
    return { kind: 'refused', scope: 'address', retryAfterSeconds: secondsUntil(addressFailures.at(-1)!.at, now) };
  }

  const excess = accountFailures.length - SIGN_IN_POLICY.slowDownAfterAccountFailures;
  return { kind: 'allowed', delayMs: excess <= 0 ? 0 : Math.min(1000 * 2 ** (excess - 1), SIGN_IN_POLICY.maxDelayMs) };
}

function secondsUntil(failureAt: Date, now: Date) {
  return Math.max(1, Math.ceil((failureAt.getTime() + SIGN_IN_POLICY.windowMs - now.getTime()) / 1000));
}

/**
 * Records an attempt as failed *before* it is judged and the password checked, and returns its id;
 * `markSignInSucceeded` turns it into a success. Recording only afterwards would let many attempts
 * sent at once all pass the judgement before any of them counted.
 */
export async function openSignInAttempt(db: Executor, attempt: { email: string; ipAddress: string; at: Date }): Promise<string> {
  const [row] = await db
    .insert(signInAttempts)
    .values({ email: attempt.email, ipAddress: attempt.ipAddress, succeeded: 'no', attemptedAt: attempt.at })
    .returning({ id: signInAttempts.id });
  return row!.id;
}

export async function markSignInSucceeded(db: Executor, attemptId: string): Promise<void> {
  await db.update(signInAttempts).set({ succeeded: 'yes' }).where(eq(signInAttempts.id, attemptId));
}

export async function recordSignInAttempt(db: Executor, attempt: { email: string; ipAddress: string; succeeded: boolean; at: Date }) {
  await db.insert(signInAttempts).values({ email: attempt.email, ipAddress: attempt.ipAddress, succeeded: attempt.succeeded ? 'yes' : 'no', attemptedAt: attempt.at });
}

/** Attempts older than the window mean nothing any more; a scheduled job removes them. */
export async function purgeSignInAttempts(db: Executor, now: Date): Promise<number> {
  const rows = await db
    .delete(signInAttempts)
    .where(sql`${signInAttempts.attemptedAt} < ${new Date(now.getTime() - 2 * SIGN_IN_POLICY.windowMs)}`)
    .returning({ id: signInAttempts.id });
  return rows.length;
}
