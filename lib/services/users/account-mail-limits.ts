import { and, eq } from 'drizzle-orm';
import { accountMailRequests } from '@/db/schema';
import type { Executor } from '@/db/client';
import { TooManyAttemptsError } from '../errors';
import { lockRateLimitKey, secondsToWait, waitWords, type RateLimit } from '../rate-limits';

export type AccountMailKind = (typeof accountMailRequests.$inferInsert)['kind'];

/**
 * Mails about an account go to an address the requester names, so they are limited per address
 * (nobody's inbox is flooded: 3 an hour) and per client (one connection cannot walk a list of
 * addresses: 10 an hour). Counted per kind, over the requests — not over accounts — so a refusal
 * is the same whether or not the address has an account.
 */
export const ACCOUNT_MAIL_LIMITS = {
  perAddress: { max: 3, windowMs: 60 * 60_000, window: 'hour' } satisfies RateLimit,
  perClient: { max: 10, windowMs: 60 * 60_000, window: 'hour' } satisfies RateLimit,
};

/** Refuses a request over a limit, or records it. Call it inside the transaction that mails. */
export async function recordAccountMailRequest(tx: Executor, { kind, email, clientAddress, now }: { kind: AccountMailKind; email: string; clientAddress: string; now: Date }): Promise<void> {
  await lockRateLimitKey(tx, `account-mail:${kind}:client:${clientAddress}`);
  await lockRateLimitKey(tx, `account-mail:${kind}:email:${email}`);
  const byClient = await secondsToWait(tx, { table: accountMailRequests, at: accountMailRequests.requestedAt, where: and(eq(accountMailRequests.kind, kind), eq(accountMailRequests.clientAddress, clientAddress)), limit: ACCOUNT_MAIL_LIMITS.perClient, now });
  if (byClient !== null) throw new TooManyAttemptsError(`Too many requests from your connection. Please wait ${waitWords(byClient)} and try again.`, byClient, 'address');
  const byEmail = await secondsToWait(tx, { table: accountMailRequests, at: accountMailRequests.requestedAt, where: and(eq(accountMailRequests.kind, kind), eq(accountMailRequests.email, email)), limit: ACCOUNT_MAIL_LIMITS.perAddress, now });
  if (byEmail !== null) throw new TooManyAttemptsError(`We have already sent several mails to this address in the last hour. Please wait ${waitWords(byEmail)}, and check your spam folder meanwhile.`, byEmail, 'account');
  await tx.insert(accountMailRequests).values({ kind, email, clientAddress, requestedAt: now });
}
