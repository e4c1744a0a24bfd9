import { z } from 'zod';
import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import { users } from '@/db/schema';
import { requireRole } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError, NotFoundError } from '../errors';
import { parseInput } from '../parse';
import { countOtherActiveAdmins, lockActiveAdmins, userIdField, userSnapshot } from './fields';

const Input = z.object({ userId: userIdField });

/**
 * A disabled user keeps their data and audit trail but is refused on their next request, since
 * every request re-reads the account (see docs/adr/0002-jwt-sessions-with-database-role-checks.md).
 */
export async function disableUser({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const admin = requireRole(ctx.actor, 'admin');
  const { userId } = parseInput(Input, input);
  if (userId === admin.id) throw new ConflictError('You cannot disable your own account.');
  const now = nowDate(ctx.clock);

  return ctx.db.transaction(async (tx) => {
    await lockActiveAdmins(tx);
    const [before] = await tx.select().from(users).where(eq(users.id, userId)).for('update').limit(1);
    if (!before) throw new NotFoundError('This user does not exist.');
    if (before.role === 'admin' && !before.disabledAt && (await countOtherActiveAdmins(tx, before.id)) === 0) {
      throw new ConflictError('This is the last active administrator and cannot be disabled.');
    }
    const [after] = await tx
      .update(users)
      .set({ disabledAt: now, updatedAt: now })
      .where(and(eq(users.id, userId), isNull(users.disabledAt)))
      .returning();
    if (!after) throw new ConflictError(`${before.email} is already disabled.`);
    await recordAudit(tx, { actorId: admin.id, action: 'user.disable', entityType: 'user', entityId: userId, before: userSnapshot(before), after: userSnapshot(after), at: now });
    return after;
  });
}

export async function enableUser({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const admin = requireRole(ctx.actor, 'admin');
  const { userId } = parseInput(Input, input);
  const now = nowDate(ctx.clock);

  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(users).where(eq(users.id, userId)).limit(1);
    if (!before) throw new NotFoundError('This user does not exist.');
    const [after] = await tx
      .update(users)
      .set({ disabledAt: null, updatedAt: now })
      .where(and(eq(users.id, userId), isNotNull(users.disabledAt)))
      .returning();
    if (!after) throw new ConflictError(`${before.email} is not disabled.`);
    await recordAudit(tx, { actorId: admin.id, action: 'user.enable', entityType: 'user', entityId: userId, before: userSnapshot(before), after: userSnapshot(after), at: now });
    return after;
  });
}
