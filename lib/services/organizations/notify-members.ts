import { and, eq, ne } from 'drizzle-orm';
import { memberships } from '@/db/schema';
import type { Executor } from '@/db/client';
import { notifyUsers, type NotificationMessage, type NotifyContext } from '@/lib/notifications/notify';

/**
 * Tells every member of the organization but the one who acted (who has the page's own answer):
 * a change to what the organization is, or holds, should not reach its colleagues only by chance.
 * In the caller's transaction, like every notification.
 */
export async function notifyOtherMembers(tx: Executor, ctx: NotifyContext, organizationId: string, actorId: string, message: NotificationMessage): Promise<void> {
  const others = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), ne(memberships.userId, actorId)));
  await notifyUsers(
    tx,
    ctx,
    others.map((member) => member.userId),
    { ...message, organizationId },
  );
}
