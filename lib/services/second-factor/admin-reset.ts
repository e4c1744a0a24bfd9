import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { users } from '@/db/schema';
import { requireRole } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError, NotFoundError } from '../errors';
import { parseInput } from '../parse';
import { userIdField } from '../users/fields';
import { removeSecondFactor } from './codes';

const Input = z.object({ userId: userIdField });

/**
 * An admin removes a user's second factor (a lost phone and lost recovery codes). The user signs
 * in with the password alone next time and may enrol again; a staff account is sent to enrol at
 * once while the site requires it.
 */
export async function resetSecondFactor({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<{ email: string }> {
  const admin = requireRole(ctx.actor, 'admin');
  const { userId } = parseInput(Input, input);
  const now = nowDate(ctx.clock);
  return ctx.db.transaction(async (tx) => {
    const [user] = await tx.select({ id: users.id, email: users.email }).from(users).where(eq(users.id, userId)).for('update').limit(1);
    if (!user) throw new NotFoundError('This user does not exist.');
    if (!(await removeSecondFactor(tx, userId))) throw new ConflictError(`${user.email} has no second factor to reset.`);
    await recordAudit(tx, {
      actorId: admin.id,
      action: 'user.second-factor-reset',
      entityType: 'user',
      entityId: userId,
      before: { secondFactor: true },
      after: { secondFactor: false },
      at: now,
    });
    return { email: user.email };
  });
}
