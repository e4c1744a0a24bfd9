import { z } from 'zod';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { notifications } from '@/db/schema';
import { requireRole } from '@/lib/auth/actor';
import { nowDate } from '@/lib/clock';
import type { ServiceContext } from '@/lib/services/context';
import { parseInput } from '@/lib/services/parse';

const MarkReadInput = z.object({
  /** Absent: every unread notification of the caller. */
  notificationIds: z.array(z.uuid({ message: 'Unknown notification.' })).max(500).optional(),
});

/**
 * Marks the caller's own notifications read; ids of other people's notifications match nothing
 * (the recipient is part of the WHERE), so they are silently left alone rather than revealed.
 * No audit event: reading a message changes no decision, no seal and nobody else's view — the
 * audit trail records the state of the seal program, and `readAt` itself keeps the when.
 * Returns how many were marked.
 */
export async function markNotificationsRead({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<number> {
  const actor = requireRole(ctx.actor, 'applicant');
  const { notificationIds } = parseInput(MarkReadInput, input ?? {});
  if (notificationIds?.length === 0) return 0;
  const readAt = nowDate(ctx.clock);
  if (notificationIds) {
    const marked = await ctx.db
      .update(notifications)
      .set({ readAt })
      .where(and(eq(notifications.recipientId, actor.id), isNull(notifications.readAt), inArray(notifications.id, notificationIds)))
      .returning({ id: notifications.id });
    return marked.length;
  }
  // "Mark all as read": in batches, each its own short statement, so that a backlog of a million
  // is never one statement holding its rows (and their ids in memory) until the last one is written.
  let total = 0;
  for (;;) {
    const batch = ctx.db
      .select({ id: notifications.id })
      .from(notifications)
      .where(and(eq(notifications.recipientId, actor.id), isNull(notifications.readAt)))
      .limit(MARK_ALL_BATCH);
    const marked = await ctx.db
      .update(notifications)
      .set({ readAt })
      .where(and(inArray(notifications.id, batch), isNull(notifications.readAt)))
      .returning({ id: notifications.id });
    total += marked.length;
    if (marked.length < MARK_ALL_BATCH) return total;
  }
}

const MARK_ALL_BATCH = 5_000;
