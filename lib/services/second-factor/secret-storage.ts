import { and, asc, eq, gt, notLike } from 'drizzle-orm';
import { userSecondFactors } from '@/db/schema';
import type { Executor } from '@/db/client';
import { SEALED_PREFIX, SecretBoxError, type SecretBox } from '@/lib/auth/secret-box';
import type { ServiceContext } from '../context';

/**
 * TOTP secrets at rest (ADR 0011, amendment): sealed by the process's secret box, bound to their
 * user (the authenticated data), so a sealed secret copied into another user's row does not open.
 * Secrets stored readable before encryption existed, or sealed under a retired key, still open;
 * they are sealed again under the current key at start-up (`sealStoredTotpSecrets`) and, for any
 * written since by an instance not yet upgraded, on their next use.
 */
const contextOf = (userId: string) => `user_second_factors.secret:${userId}`;

export function sealTotpSecret(box: SecretBox, userId: string, secret: string): string {
  return box.seal(secret, contextOf(userId));
}

/** The readable secret, and its stored form under the current key when the stored one is not (to write back). */
export function openTotpSecret(box: SecretBox, userId: string, stored: string): { secret: string; resealed: string | null } {
  const { plaintext, current } = box.open(stored, contextOf(userId));
  return { secret: plaintext, resealed: current ? null : sealTotpSecret(box, userId, plaintext) };
}

/** The verb's box: the process's, which every request's context carries (lib/auth/session.ts). */
export function secretBoxOf(ctx: Pick<ServiceContext, 'secrets'>): SecretBox {
  if (!ctx.secrets) throw new Error('This service context has no secret box: build it with getServiceContext(), or give it `secrets`.');
  return ctx.secrets;
}

const BATCH = 200;

/**
 * Seals every TOTP secret not yet under the current key: stored readable (before encryption), or
 * under a retired key. Run at every start (lib/runtime.ts); with nothing to do it is one query
 * that finds no row. In batches by user id; each row is written only if it still holds what was
 * read, so a person restarting their enrolment meanwhile, or another instance doing the same, wins.
 * A secret under a key this process does not have is left as it is and counted.
 */
export async function sealStoredTotpSecrets(db: Executor, box: SecretBox): Promise<{ sealed: number; unreadable: number }> {
  let sealed = 0;
  let unreadable = 0;
  let after: string | null = null;
  // A key id is base64url: its `_` would be LIKE's any-character without the escape.
  const notCurrent = notLike(userSecondFactors.secret, `${SEALED_PREFIX}${box.currentKeyId.replace(/[\\%_]/g, '\\$&')}:%`);
  for (;;) {
    const rows: { userId: string; secret: string }[] = await db
      .select({ userId: userSecondFactors.userId, secret: userSecondFactors.secret })
      .from(userSecondFactors)
      .where(after ? and(notCurrent, gt(userSecondFactors.userId, after)) : notCurrent)
      .orderBy(asc(userSecondFactors.userId))
      .limit(BATCH);
    for (const row of rows) {
      let resealed: string | null;
      try {
        resealed = openTotpSecret(box, row.userId, row.secret).resealed;
      } catch (error) {
        if (!(error instanceof SecretBoxError)) throw error;
        unreadable++;
        continue;
      }
      if (!resealed) continue;
      const written = await db
        .update(userSecondFactors)
        .set({ secret: resealed })
        .where(and(eq(userSecondFactors.userId, row.userId), eq(userSecondFactors.secret, row.secret)))
        .returning({ userId: userSecondFactors.userId });
      sealed += written.length;
    }
    if (rows.length < BATCH) return { sealed, unreadable };
    after = rows[rows.length - 1]!.userId;
  }
}
