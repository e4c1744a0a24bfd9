import { eq, sql } from 'drizzle-orm';
import { complaints } from '@/db/schema';
import type { Executor } from '@/db/client';
import { COMPLAINT_RATE_LIMITS } from '@/lib/complaints/limits';
import { TooManyAttemptsError } from '../errors';
import { lockRateLimitKey, secondsToWait, waitWords } from '../rate-limits';

export const FILES_AGAIN = 'Nothing you typed is lost, but files you attached must be chosen again.';

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

  const { perAddress, perEmail } = COMPLAINT_RATE_LIMITS;
  const addressWait = await secondsToWait(tx, { table: complaints, at: complaints.createdAt, where: eq(complaints.submittedFrom, address), limit: perAddress, now });
  if (addressWait !== null) {
    const retryAfter = addressWait;
    throw new TooManyAttemptsError(
      `You have sent ${perAddress.max} complaints from this connection in the last ${perAddress.window}; please wait ${waitWords(retryAfter)} and send this one again. ${FILES_AGAIN}`,
      retryAfter,
      'address',
    );
  }

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
