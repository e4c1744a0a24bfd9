import { sql } from 'drizzle-orm';
import { index, integer, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';
import { organizations } from './organizations';

/** A message stored for one person: listed in the portal and the dashboard, and mailed. */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid().primaryKey().defaultRandom(),
    recipientId: uuid()
      .notNull()
      .references(() => users.id),
    /** `entity.event`, e.g. `application.changes-requested`. */
    kind: text().notNull(),
    subject: text().notNull(),
    body: text().notNull(),
    /** A path on this site the notification is about. */
    link: text(),
    readAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    // A person's notifications page, newest first, keyset-paged on (created_at, id).
    index('notifications_recipient_idx').on(t.recipientId, t.createdAt, t.id),
    // The unread count in every signed-in page's header: only unread rows, however many were read (issue #12).
    index('notifications_unread_idx').on(t.recipientId).where(sql`${t.readAt} is null`),
  ],
);

export const outboundMailStatuses = ['queued', 'sent', 'failed'] as const;
export const outboundMailStatus = pgEnum('outbound_mail_status', outboundMailStatuses);

/**
 * Every mail the platform sends, kept: sent through SMTP when SMTP_URL is set, otherwise read by
 * admins on the outbox page. Also mail to addresses without an account (invitations, complainants).
 * A one-time secret (a tracking or invitation link) is never part of `body`: the body holds a
 * placeholder, the secret waits in `secret` until the mail is sent or given up, and is then wiped
 * (lib/notifications/mail-secret.ts).
 */
export const outboundMails = pgTable(
  'outbound_mails',
  {
    id: uuid().primaryKey().defaultRandom(),
    notificationId: uuid().references(() => notifications.id),
    toAddress: text().notNull(),
    subject: text().notNull(),
    body: text().notNull(),
    /** The one-time secret the body's placeholder stands for; null once sent or failed, or when there is none. */
    secret: text(),
    /** The organization the mail is about, if any: admins with a conflict of interest do not see it in the outbox. */
    organizationId: uuid().references(() => organizations.id),
    status: outboundMailStatus().notNull().default('queued'),
    attempts: integer().notNull().default(0),
    lastError: text(),
    sentAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  // The outbox counts the mails it hides from a conflicted admin by organization.
  (t) => [index('outbound_mails_created_idx').on(t.createdAt), index('outbound_mails_organization_idx').on(t.organizationId)],
);

export type Notification = typeof notifications.$inferSelect;
export type OutboundMail = typeof outboundMails.$inferSelect;
