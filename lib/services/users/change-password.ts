import { z } from 'zod';
import { eq, sql } from 'drizzle-orm';
import { users } from '@/db/schema';
import { requireRole } from '@/lib/auth/actor';
import { hashPassword, passwordProblem, verifyPassword } from '@/lib/auth/password';
import { nowDate } from '@/lib/clock';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { NotFoundError, ValidationError } from '../errors';
import { parseInput } from '../parse';
import { WRONG_CURRENT_PASSWORD } from './change-email';

const ChangePasswordInput = z.object({
  currentPassword: z.string({ message: 'Enter your current password.' }).min(1, 'Enter your current password.').max(1024),
  password: z.string({ message: 'Choose a new password.' }),
});

/**
 * The signed-in user changes their password: the current one is required, the new one meets the
 * sign-up rules, and every session of the user ends (the session version goes up). Returns the new
 * session version, so the caller can sign this browser in again under it.
 */
export async function changePassword({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<{ sessionVersion: number }> {
  const actor = requireRole(ctx.actor, 'applicant');
  const data = parseInput(ChangePasswordInput, input);
  const now = nowDate(ctx.clock);
  const [user] = await ctx.db.select().from(users).where(eq(users.id, actor.id)).limit(1);
  if (!user) throw new NotFoundError('This account no longer exists.');
  if (!(await verifyPassword(user.passwordHash, data.currentPassword))) throw new ValidationError(WRONG_CURRENT_PASSWORD, { currentPassword: [WRONG_CURRENT_PASSWORD] });
  const problem = passwordProblem(data.password, [user.name, user.email]);
  if (problem) throw new ValidationError(problem, { password: [problem] });
  const passwordHash = await hashPassword(data.password);
  return ctx.db.transaction(async (tx) => {
    const [after] = await tx
      .update(users)
      .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: now })
      .where(eq(users.id, actor.id))
      .returning({ sessionVersion: users.sessionVersion });
    await recordAudit(tx, { actorId: actor.id, action: 'user.change-password', entityType: 'user', entityId: actor.id, after: { sessionsEnded: true }, at: now });
    return { sessionVersion: after!.sessionVersion };
  });
}
