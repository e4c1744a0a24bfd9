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
  const marked = await ctx.db
    .update(notifications)
    .set({ readAt: nowDate(ctx.clock) })
    .where(and(eq(notifications.recipientId, actor.id), isNull(notifications.readAt), notificationIds ? inArray(notifications.id, notificationIds) : undefined))
    .returning({ id: notifications.id });
  return marked.length;
}
