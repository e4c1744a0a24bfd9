import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { complaints } from '@/db/schema';
import type { Executor } from '@/db/client';
import { COMPLAINT_RATE_LIMITS } from '@/lib/complaints/limits';
import { TooManyAttemptsError } from '../errors';
import { lockRateLimitKey, secondsToWait, secondsUntilAllowed, waitWords } from '../rate-limits';

export const FILES_AGAIN = 'Nothing you typed is lost, but files you attached must be chosen again.';

/** Seconds until this address may file again (lib/complaints/limits.ts), null while under the limit. */
export function addressSecondsToWait(db: Executor, address: string, now: Date): Promise<number | null> {
  return secondsToWait(db, { table: complaints, at: complaints.createdAt, where: eq(complaints.submittedFrom, address), limit: COMPLAINT_RATE_LIMITS.perAddress, now });
}

/**
 * Before a filing's body is read (lib/server/upload-gate.ts): how long this address must wait, or
 * else how many more complaints it may file now. No lock: the filing's own transaction counts
 * again, exactly; this only keeps a refused request from being read at all.
 */
export async function addressIntakeRoom(db: Executor, address: string, now: Date): Promise<{ waitSeconds: number } | { room: number }> {
  const { perAddress } = COMPLAINT_RATE_LIMITS;
  const recent = await db
    .select({ at: complaints.createdAt })
    .from(complaints)
    .where(and(eq(complaints.submittedFrom, address), gt(complaints.createdAt, new Date(now.getTime() - perAddress.windowMs))))
    .orderBy(asc(complaints.createdAt))
    .limit(perAddress.max);
  const waitSeconds = secondsUntilAllowed(recent.map((row) => row.at), perAddress, now);
  return waitSeconds === null ? { room: perAddress.max - recent.length } : { waitSeconds };
}

export function addressLimitMessage(retryAfterSeconds: number): string {
  const { perAddress } = COMPLAINT_RATE_LIMITS;
  return `You have sent ${perAddress.max} complaints from this connection in the last ${perAddress.window}; please wait ${waitWords(retryAfterSeconds)} and send this one again. ${FILES_AGAIN}`;
}

/**
 * Refuses a public filing over the limits in lib/complaints/limits.ts, counting the complaints in
 * the database (so the limits hold across restarts and instances). Call it inside the filing's
 * transaction: the advisory locks make a second filing from the same address or email wait until
 * the first has committed, so two sent at once cannot both slip under the limit.
 */
export async function assertWithinIntakeLimits(tx: Executor, { address, email, now }: { address: string; email: string; now: Date }): Promise<void> {
  // Always address first, then email: two transactions never wait on each other in opposite order.
  await lockRateLimitKey(tx, `complaint-intake:address:${address}`);
  await lockRateLimitKey(tx, `complaint-intake:email:${email}`);

  const { perEmail } = COMPLAINT_RATE_LIMITS;
  const addressWait = await addressSecondsToWait(tx, address, now);
  if (addressWait !== null) throw new TooManyAttemptsError(addressLimitMessage(addressWait), addressWait, 'address');

  const emailWait = await secondsToWait(tx, { table: complaints, at: complaints.createdAt, where: eq(sql`lower(${complaints.complainantEmail})`, email), limit: perEmail, now });
  if (emailWait !== null) {
    const retryAfter = emailWait;
    throw new TooManyAttemptsError(
      `${perEmail.max} complaints were sent with the email address ${email} in the last ${perEmail.window}; please wait ${waitWords(retryAfter)} and send this one again. ${FILES_AGAIN}`,
      retryAfter,
      'account',
    );
  }
}
