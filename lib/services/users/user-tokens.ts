import crypto from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { userTokens, type UserToken, type UserTokenPurpose } from '@/db/schema';
import type { Executor } from '@/db/client';
import { ConflictError, NotFoundError } from '../errors';

/** How long each kind of mailed link works. */
export const USER_TOKEN_VALIDITY_MS: Record<UserTokenPurpose, number> = {
  password_reset: 60 * 60_000,
  email_verification: 48 * 60 * 60_000,
  sign_in_link: 15 * 60_000,
};

/**
 * The token is 256 random bits, so a plain SHA-256 is enough to store it: nobody can search that
 * space, and a stolen table of hashes opens nothing (a password's slow hash is for low-entropy secrets).
 */
export function hashUserToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

/**
 * Makes a new one-time token for the user and purpose, and invalidates every earlier one still
 * open: only the link in the newest mail works. Returns the token, which only the mail carries.
 */
export async function issueUserToken(tx: Executor, { userId, purpose, email, now }: { userId: string; purpose: UserTokenPurpose; email: string; now: Date }): Promise<{ token: string; row: UserToken }> {
  await tx
    .update(userTokens)
    .set({ invalidatedAt: now })
    .where(and(eq(userTokens.userId, userId), eq(userTokens.purpose, purpose), isNull(userTokens.usedAt), isNull(userTokens.invalidatedAt)));
  const token = crypto.randomBytes(32).toString('base64url');
  const [row] = await tx
    .insert(userTokens)
    .values({ userId, purpose, email, tokenSha256: hashUserToken(token), createdAt: now, expiresAt: new Date(now.getTime() + USER_TOKEN_VALIDITY_MS[purpose]) })
    .returning();
  return { token, row: row! };
}

export const LINK_MESSAGES = {
  unknown: 'This link is not valid. Check that you opened the whole link from the mail, or ask for a new one.',
  used: 'This link has already been used. Ask for a new one if you still need it.',
  invalidated: 'A newer link was sent after this one: use the link in the most recent mail.',
  expired: 'This link has expired. Ask for a new one.',
} as const;

/** The token's row if it can still be used, or the reason it cannot (for the page that shows it). */
export async function findUsableUserToken(db: Executor, token: string, purpose: UserTokenPurpose, now: Date): Promise<{ row: UserToken } | { problem: string }> {
  if (!/^[A-Za-z0-9_-]{40,60}$/.test(token)) return { problem: LINK_MESSAGES.unknown };
  const [row] = await db
    .select()
    .from(userTokens)
    .where(and(eq(userTokens.tokenSha256, hashUserToken(token)), eq(userTokens.purpose, purpose)))
    .limit(1);
  if (!row) return { problem: LINK_MESSAGES.unknown };
  if (row.usedAt) return { problem: LINK_MESSAGES.used };
  if (row.invalidatedAt) return { problem: LINK_MESSAGES.invalidated };
  if (row.expiresAt <= now) return { problem: LINK_MESSAGES.expired };
  return { row };
}

/**
 * Uses the token once, inside the transaction of the change it allows. The update is conditional,
 * so of two tabs opening the link at once exactly one gets the row; the other is told it is used.
 */
export async function consumeUserToken(tx: Executor, token: string, purpose: UserTokenPurpose, now: Date): Promise<UserToken> {
  const found = await findUsableUserToken(tx, token, purpose, now);
  if ('problem' in found) throw found.problem === LINK_MESSAGES.unknown ? new NotFoundError(found.problem) : new ConflictError(found.problem);
  const [used] = await tx
    .update(userTokens)
    .set({ usedAt: now })
    .where(and(eq(userTokens.id, found.row.id), isNull(userTokens.usedAt), isNull(userTokens.invalidatedAt), gt(userTokens.expiresAt, now)))
    .returning();
  if (!used) throw new ConflictError(LINK_MESSAGES.used);
  return used;
}
