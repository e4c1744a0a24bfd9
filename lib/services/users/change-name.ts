import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { users } from '@/db/schema';
import { requireRole } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { NotFoundError } from '../errors';
import { parseInput } from '../parse';
import { nameField, userSnapshot } from './fields';

/** The signed-in user changes the name shown to reviewers and colleagues. */
export async function changeName({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const actor = requireRole(ctx.actor, 'applicant');
  const { name } = parseInput(z.object({ name: nameField }), input);
  const now = nowDate(ctx.clock);
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(users).where(eq(users.id, actor.id)).for('update').limit(1);
    if (!before) throw new NotFoundError('This account no longer exists.');
    const [after] = await tx.update(users).set({ name, updatedAt: now }).where(eq(users.id, actor.id)).returning();
    await recordAudit(tx, { actorId: actor.id, action: 'user.change-name', entityType: 'user', entityId: actor.id, before: userSnapshot(before), after: userSnapshot(after!), at: now });
    return after!;
  });
}
