import { and, desc, eq, gt, ne, sql } from 'drizzle-orm';
import { signInAttempts } from '@/db/schema';
import type { Executor } from '@/db/client';

/**
 * Repeated failed sign-ins are slowed down, and refused for a while — but only for the client that
 * made them (ADR 0011). Nothing anyone else types can stop the owner's right password from their
 * own client: there is no account-wide pause. Failures count within a sliding window, per
 * (account, client) since that pair's last successful sign-in, and per client across accounts.
 * The client is its address (lib/server/client-ip.ts).
 */
export const SIGN_IN_POLICY = {
  windowMs: 15 * 60_000,
  /** Free attempts for one account from one client; then 1 s, 2 s, 4 s … up to maxDelayMs. */
  slowDownAfterPairFailures: 2,
  maxDelayMs: 16_000,
  /** This account from this client is refused until the window passes. */
  refuseAfterPairFailures: 10,
  /** This client is refused for every account (guessing many addresses, or one from many). */
  refuseAfterAddressFailures: 30,
} as const;

export type SignInVerdict =
  | { kind: 'allowed'; delayMs: number }
  | { kind: 'refused'; scope: 'account' | 'address'; retryAfterSeconds: number };

/**
 * Judges an attempt against the ones before it. `ownAttemptId` is the attempt being judged, which
 * the caller has already recorded as a failure (see `openSignInAttempt`), and which is not counted.
 * Refusal scope `account` means "this account, from this client".
 */
export async function judgeSignIn(db: Executor, email: string, ipAddress: string, now: Date, ownAttemptId?: string): Promise<SignInVerdict> {
  const since = new Date(now.getTime() - SIGN_IN_POLICY.windowMs);
  const notOwn = ownAttemptId ? ne(signInAttempts.id, ownAttemptId) : undefined;
  const pairAttempts = await db
    .select({ succeeded: signInAttempts.succeeded, at: signInAttempts.attemptedAt })
    .from(signInAttempts)
    .where(and(eq(signInAttempts.email, email), eq(signInAttempts.ipAddress, ipAddress), gt(signInAttempts.attemptedAt, since), notOwn))
    .orderBy(desc(signInAttempts.attemptedAt));
  const lastSuccess = pairAttempts.findIndex((attempt) => attempt.succeeded === 'yes');
  const pairFailures = (lastSuccess === -1 ? pairAttempts : pairAttempts.slice(0, lastSuccess)).filter((a) => a.succeeded === 'no').map((a) => a.at);

  if (pairFailures.length >= SIGN_IN_POLICY.refuseAfterPairFailures) {
    // Refused until the oldest of the failures that tipped it over leaves the window.
    const oldestCounted = pairFailures[SIGN_IN_POLICY.refuseAfterPairFailures - 1]!;
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

  const excess = pairFailures.length - SIGN_IN_POLICY.slowDownAfterPairFailures;
  return { kind: 'allowed', delayMs: excess <= 0 ? 0 : Math.min(1000 * 2 ** (excess - 1), SIGN_IN_POLICY.maxDelayMs) };
}

function secondsUntil(failureAt: Date, now: Date) {
  return Math.max(1, Math.ceil((failureAt.getTime() + SIGN_IN_POLICY.windowMs - now.getTime()) / 1000));
}

/**
 * Records an attempt as failed *before* it is judged and the password checked, and returns its id;
 * `markSignInAttempt` says how it ended. Recording only afterwards would let many attempts sent at
 * once all pass the judgement before any of them counted.
 */
export async function openSignInAttempt(db: Executor, attempt: { email: string; ipAddress: string; at: Date }): Promise<string> {
  const [row] = await db
    .insert(signInAttempts)
    .values({ email: attempt.email, ipAddress: attempt.ipAddress, succeeded: 'no', attemptedAt: attempt.at })
    .returning({ id: signInAttempts.id });
  return row!.id;
}

/**
 * `yes`: signed in (forgets this pair's earlier failures). `password`: the password was right and
 * the second factor is owed — neither a failure nor a success, so asking for the code again and
 * again neither slows the owner nor resets the count of wrong codes.
 */
export async function markSignInAttempt(db: Executor, attemptId: string, outcome: 'yes' | 'password'): Promise<void> {
  await db.update(signInAttempts).set({ succeeded: outcome }).where(eq(signInAttempts.id, attemptId));
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
