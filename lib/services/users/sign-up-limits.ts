import { eq } from 'drizzle-orm';
import { users } from '@/db/schema';
import type { Executor } from '@/db/client';
import { TooManyAttemptsError } from '../errors';
import { lockRateLimitKey, secondsToWait, waitWords, type RateLimit } from '../rate-limits';

/**
 * Ten accounts an hour from one address: a family or a small office signing up together passes,
 * a script making accounts to claim domains with does not. The operator can change the number
 * (OPENSEAL_SIGN_UPS_PER_ADDRESS_PER_HOUR), e.g. for a campus behind one address.
 */
export const DEFAULT_SIGN_UPS_PER_ADDRESS_PER_HOUR = 10;

/**
 * Refuses a sign-up over the limit, counting the accounts already made from `address` in the
 * database (so the limit holds across restarts and instances). Call it inside the sign-up's
 * transaction: the advisory lock makes a second sign-up from the address wait for the first.
 */
export async function assertWithinSignUpLimit(tx: Executor, { address, max, now }: { address: string; max: number; now: Date }): Promise<void> {
  const limit: RateLimit = { max, windowMs: 60 * 60_000, window: 'hour' };
  await lockRateLimitKey(tx, `sign-up:address:${address}`);
  const wait = await secondsToWait(tx, { table: users, at: users.createdAt, where: eq(users.signUpAddress, address), limit, now });
  if (wait !== null) {
    throw new TooManyAttemptsError(
      `${limit.max} accounts were created from this connection in the last ${limit.window}; please wait ${waitWords(wait)} and create yours again. What you typed is kept, except the password.`,
      wait,
      'address',
    );
  }
}
