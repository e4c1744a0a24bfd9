import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { complaints } from '@/db/schema';
import type { Executor } from '@/db/client';
import { COMPLAINT_RATE_LIMITS } from '@/lib/complaints/limits';
import { TooManyAttemptsError } from '../errors';
import { waitWords } from '../rate-limits';

export const FILES_AGAIN = 'Nothing you typed is lost, but files you attached must be chosen again.';

/**
 * Refuses a public filing over the limits in lib/complaints/limits.ts, counting the complaints in
 * the database (so the limits hold across restarts and instances). Call it inside the filing's
 * transaction: the advisory locks make a second filing from the same address or email wait until
 * the first has committed, so two sent at once cannot both slip under the limit.
 */
export async function assertWithinIntakeLimits(tx: Executor, { address, email, now }: { address: string; email: string; now: Date }): Promise<void> {
  // Always address first, then email: two transactions never wait on each other in opposite order.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`complaint-intake:address:${address}`}, 0))`);
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`complaint-intake:email:${email}`}, 0))`);

  const { perAddress, perEmail } = COMPLAINT_RATE_LIMITS;
  const fromAddress = await tx
    .select({ at: complaints.createdAt })
    .from(complaints)
    .where(and(eq(complaints.submittedFrom, address), gt(complaints.createdAt, new Date(now.getTime() - perAddress.windowMs))))
    .orderBy(asc(complaints.createdAt))
    .limit(perAddress.max);
  if (fromAddress.length >= perAddress.max) {
    const retryAfter = Math.ceil((fromAddress[0]!.at.getTime() + perAddress.windowMs - now.getTime()) / 1000);
    throw new TooManyAttemptsError(
      `You have sent ${perAddress.max} complaints from this connection in the last ${perAddress.window}; please wait ${waitWords(retryAfter)} and send this one again. ${FILES_AGAIN}`,
      retryAfter,
      'address',
    );
  }

  const fromEmail = await tx
    .select({ at: complaints.createdAt })
    .from(complaints)
    .where(and(eq(sql`lower(${complaints.complainantEmail})`, email), gt(complaints.createdAt, new Date(now.getTime() - perEmail.windowMs))))
    .orderBy(asc(complaints.createdAt))
    .limit(perEmail.max);
  if (fromEmail.length >= perEmail.max) {
    const retryAfter = Math.ceil((fromEmail[0]!.at.getTime() + perEmail.windowMs - now.getTime()) / 1000);
    throw new TooManyAttemptsError(
      `${perEmail.max} complaints were sent with the email address ${email} in the last ${perEmail.window}; please wait ${waitWords(retryAfter)} and send this one again. ${FILES_AGAIN}`,
      retryAfter,
      'account',
    );
  }
}
