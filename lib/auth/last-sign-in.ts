import { and, eq, isNull, lt, or } from 'drizzle-orm';
import { users } from '@/db/schema';
import type { Executor } from '@/db/client';

/**
 * Remembers a successful sign-in on the user, for the admins' users list. Called once the sign-in
 * has passed every check (password, not disabled), never for a failed one. Two sign-ins finishing
 * out of order keep the later time.
 */
export async function recordLastSignIn(db: Executor, userId: string, at: Date): Promise<void> {
  await db
    .update(users)
    .set({ lastSignInAt: at })
    .where(and(eq(users.id, userId), or(isNull(users.lastSignInAt), lt(users.lastSignInAt, at))));
}
