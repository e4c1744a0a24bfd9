import { z } from 'zod';
import { and, count, desc, eq, inArray, isNull, lt, notInArray, or, type SQL } from 'drizzle-orm';
import { cappedCount, type CappedCount } from '@/lib/lists/capped-count';
import { keyset, readKeysetPage } from '@/lib/lists/keyset';
import { notifications, outboundMails } from '@/db/schema';
import type { Executor } from '@/db/client';
import { conflictedOrganizations } from '@/lib/review/queue';
import { bodyForReading } from './mail-secret';

/**
 * For the header on every page, so it must stay cheap: the partial index `notifications_unread_idx`
 * holds only unread rows, one recipient's together, and the count stops at 1,000 ("1,000+").
 */
export async function unreadNotificationCount(db: Executor, userId: string, cap?: number): Promise<CappedCount> {
  return cappedCount(db, notifications, and(eq(notifications.recipientId, userId), isNull(notifications.readAt)), cap);
}

export const NOTIFICATIONS_PAGE_SIZE = 50;

/** Newest first; `notifications_recipient_idx` (recipient, created_at, id) answers each page as a range. */
const notificationOrder = keyset(
  [
    { kind: 'timestamp', expr: notifications.createdAt },
    { kind: 'uuid', expr: notifications.id },
  ],
  'desc',
);

/**
 * One page of the user's own notifications, newest first (keyset-paged, ADR 0013: `?after=` and
 * `?before=`), with how many there are and how many are unread, both capped at 1,000.
 */
export async function readNotificationsPage(db: Executor, userId: string, cursors: { after?: string; before?: string } = {}, pageSize = NOTIFICATIONS_PAGE_SIZE) {
  const own = eq(notifications.recipientId, userId);
  const [page, total, unread] = await Promise.all([
    readKeysetPage(
      notificationOrder,
      cursors,
      (beyond, orderBy, limit) =>
        db
          .select({
            id: notifications.id,
            kind: notifications.kind,
            subject: notifications.subject,
            body: notifications.body,
            link: notifications.link,
            readAt: notifications.readAt,
            createdAt: notifications.createdAt,
            cursor: notificationOrder.cursorOf,
          })
          .from(notifications)
          .where(and(own, beyond))
          .orderBy(...orderBy)
          .limit(limit),
      pageSize,
    ),
    cappedCount(db, notifications, own),
    unreadNotificationCount(db, userId),
  ]);
  return { ...page, total, unread };
}

export const OUTBOX_PAGE_SIZE = 50;

/** Where a page of the outbox starts: after this mail, in newest-first order. */
export type OutboxCursor = { createdAt: Date; id: string };

/** `?before=<ISO time>~<id>`; anything malformed is the first page, not an error page. */
export const OutboxCursorParam = z
  .string()
  .regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z~[0-9a-f-]{36}$/)
  .transform((value): OutboxCursor => {
    const [at, id] = value.split('~') as [string, string];
    return { createdAt: new Date(at), id };
  })
  .refine((cursor) => !Number.isNaN(cursor.createdAt.getTime()) && z.uuid().safeParse(cursor.id).success)
  .optional()
  .catch(undefined);

export const outboxCursorParam = (cursor: OutboxCursor) => `${cursor.createdAt.toISOString()}~${cursor.id}`;

/**
 * One page of the admins' outbox, newest first, for `viewerId`. Mails about an organization the
 * viewer belongs to or declared a conflict with are left out and only counted, as on the complaint
 * and case pages. A one-time secret is never read: the body comes back with it redacted.
 */
export async function readOutbox(db: Executor, viewerId: string, { before }: { before?: OutboxCursor } = {}) {
  const conflicted = [...(await conflictedOrganizations(db, viewerId))];
  const where: SQL[] = [];
  if (conflicted.length > 0) where.push(or(isNull(outboundMails.organizationId), notInArray(outboundMails.organizationId, conflicted))!);
  if (before) where.push(or(lt(outboundMails.createdAt, before.createdAt), and(eq(outboundMails.createdAt, before.createdAt), lt(outboundMails.id, before.id)))!);
  const [rows, [hidden]] = await Promise.all([
    db
      .select({
        id: outboundMails.id,
        toAddress: outboundMails.toAddress,
        subject: outboundMails.subject,
        body: outboundMails.body,
        status: outboundMails.status,
        attempts: outboundMails.attempts,
        lastError: outboundMails.lastError,
        sentAt: outboundMails.sentAt,
        createdAt: outboundMails.createdAt,
      })
      .from(outboundMails)
      .where(and(...where))
      .orderBy(desc(outboundMails.createdAt), desc(outboundMails.id))
      .limit(OUTBOX_PAGE_SIZE + 1),
    conflicted.length === 0 ? Promise.resolve([{ n: 0 }]) : db.select({ n: count() }).from(outboundMails).where(inArray(outboundMails.organizationId, conflicted)),
  ]);
  const page = rows.slice(0, OUTBOX_PAGE_SIZE).map((row) => ({ ...row, body: bodyForReading(row.body) }));
  const last = page.at(-1);
  return {
    mails: page,
    /** Mails about organizations the viewer has a conflict with, in the whole outbox. */
    hidden: Number(hidden?.n ?? 0),
    next: rows.length > OUTBOX_PAGE_SIZE && last ? { createdAt: last.createdAt, id: last.id } : null,
  };
}

export type OutboxMail = Awaited<ReturnType<typeof readOutbox>>['mails'][number];
