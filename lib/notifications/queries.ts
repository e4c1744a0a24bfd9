import { and, count, desc, eq, isNull } from 'drizzle-orm';
import { notifications, outboundMails } from '@/db/schema';
import type { Executor } from '@/db/client';

/**
 * For the header on every page, so it must stay cheap: it counts within one recipient's rows
 * through `notifications_recipient_idx` (recipient first), never scanning everyone's.
 */
export async function unreadNotificationCount(db: Executor, userId: string): Promise<number> {
  const [row] = await db
    .select({ unread: count() })
    .from(notifications)
    .where(and(eq(notifications.recipientId, userId), isNull(notifications.readAt)));
  return row?.unread ?? 0;
}

/** The user's own notifications, newest first. */
export async function listNotifications(db: Executor, userId: string, limit = 200) {
  return db
    .select()
    .from(notifications)
    .where(eq(notifications.recipientId, userId))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit);
}

/** Every outbound mail, newest first, for the admins' outbox. */
export async function listOutboundMails(db: Executor, limit = 500) {
  return db.select().from(outboundMails).orderBy(desc(outboundMails.createdAt), desc(outboundMails.id)).limit(limit);
}
