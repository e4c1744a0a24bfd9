import { z } from 'zod';
import { and, eq, ne } from 'drizzle-orm';
import { userRoles, users } from '@/db/schema';
import { requireRole } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError, NotFoundError } from '../errors';
import { parseInput } from '../parse';
import { countOtherActiveAdmins, lockActiveAdmins, userIdField, userSnapshot } from './fields';

export const ChangeUserRoleInput = z.object({
  userId: userIdField,
  role: z.enum(userRoles, { message: 'Choose a role: applicant, reviewer or admin.' }),
});

export async function changeUserRole({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const admin = requireRole(ctx.actor, 'admin');
  const data = parseInput(ChangeUserRoleInput, input);
  const now = nowDate(ctx.clock);

  return ctx.db.transaction(async (tx) => {
    await lockActiveAdmins(tx);
    const [before] = await tx.select().from(users).where(eq(users.id, data.userId)).for('update').limit(1);
    if (!before) throw new NotFoundError('This user does not exist.');
    if (before.role === data.role) throw new ConflictError(`${before.email} is already ${article(data.role)} ${data.role}.`);
    if (before.role === 'admin' && !before.disabledAt && (await countOtherActiveAdmins(tx, before.id)) === 0) {
      throw new ConflictError('This is the last active administrator: make someone else an administrator first.');
    }
    const [after] = await tx
      .update(users)
      .set({ role: data.role, updatedAt: now })
      .where(and(eq(users.id, data.userId), ne(users.role, data.role)))
      .returning();
    if (!after) throw new ConflictError('The account changed meanwhile; reload and try again.');
    await recordAudit(tx, { actorId: admin.id, action: 'user.change-role', entityType: 'user', entityId: after.id, before: userSnapshot(before), after: userSnapshot(after), at: now });
    return after;
  });
}

function article(role: string) {
  return role === 'admin' || role === 'applicant' ? 'an' : 'a';
}
