import { z } from 'zod';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { memberships, notifications, outboundMails, users, type OutboundMail } from '@/db/schema';
import type { Executor } from '@/db/client';
import type { JobRunner } from '@/lib/jobs/runner';
import { mailSendJob } from '@/lib/jobs/definitions/mail-send';
import { parseInput } from '@/lib/services/parse';
import { composeMailBody, NOTIFICATION_MAIL_FOOTER } from './mail-text';
import { MAIL_SECRET_PLACEHOLDER } from './mail-secret';

/**
 * Notifications and mail, written inside the caller's transaction: if the state change rolls back,
 * so do the notification, the mail and its job. The mail is sent later by the `mail.send` job.
 */
export type NotificationMessage = {
  /** `entity.event`, e.g. `application.changes-requested`. */
  kind: string;
  subject: string;
  body: string;
  /** A path on this site, e.g. `/portal/applications/…`; mails turn it into an absolute link. */
  link?: string;
  /**
   * The organization the message is about, if any (notifyOrganization sets it): its mails are hidden
   * from admins with a conflict of interest on the outbox page.
   */
  organizationId?: string | null;
};

/** `jobs` absent (scripts, seeds): mails stay queued and the `mail.sweep` job sends them later. */
export type NotifyContext = { jobs?: JobRunner; now: Date };

export type MailInput = {
  to: string;
  subject: string;
  /** With `secret`: contains MAIL_SECRET_PLACEHOLDER exactly where the secret goes, and not the secret itself. */
  body: string;
  /** A one-time secret (an absolute link with a token): stored apart from the body and wiped once sent. */
  secret?: string;
  /** The organization the mail is about, if any (see NotificationMessage). */
  organizationId?: string | null;
};

const sitePath = z
  .string()
  .regex(/^\/(?!\/)\S*$/, 'A notification link must be a path on this site, like /portal.')
  .max(2000);

const MessageSchema = z.object({
  kind: z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'A notification kind reads like entity.event.'),
  subject: z.string().trim().min(1).max(300),
  body: z.string().trim().min(1).max(20_000),
  link: sitePath.optional(),
  organizationId: z.uuid().nullish(),
});

const MailSchema = z
  .object({
    to: z.email('A mail needs a valid recipient address.').max(320),
    subject: z.string().trim().min(1).max(300),
    body: z.string().trim().min(1).max(50_000),
    secret: z.string().min(1).max(2000).optional(),
    organizationId: z.uuid().nullish(),
  })
  // A programming error, not a user's: a secret with nowhere to go, or a secret written into the body.
  .refine((mail) => !mail.secret || (mail.body.split(MAIL_SECRET_PLACEHOLDER).length === 2 && !mail.body.includes(mail.secret)), {
    message: 'A mail with a one-time secret must hold its placeholder once, and never the secret itself.',
  });

async function enqueueMails(tx: Executor, ctx: NotifyContext, mails: OutboundMail[]) {
  if (!ctx.jobs) return;
  for (const mail of mails) await ctx.jobs.enqueue(tx, mailSendJob, { mailId: mail.id });
}

/** One notification per recipient, and a mail to each. Disabled accounts and unknown ids are skipped. */
export async function notifyUsers(tx: Executor, ctx: NotifyContext, userIds: string[], message: NotificationMessage): Promise<void> {
  const data = parseInput(MessageSchema, message);
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return;
  const recipients = await tx
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(and(inArray(users.id, ids), isNull(users.disabledAt)));
  if (recipients.length === 0) return;

  const stored = await tx
    .insert(notifications)
    .values(recipients.map((recipient) => ({ recipientId: recipient.id, kind: data.kind, subject: data.subject, body: data.body, link: data.link ?? null, createdAt: ctx.now })))
    .returning({ id: notifications.id, recipientId: notifications.recipientId });
  const emailOf = new Map(recipients.map((recipient) => [recipient.id, recipient.email]));
  const mailBody = composeMailBody(data.body, { link: data.link, footer: NOTIFICATION_MAIL_FOOTER });
  const mails = await tx
    .insert(outboundMails)
    .values(
      stored.map((row) => ({ notificationId: row.id, toAddress: emailOf.get(row.recipientId)!, subject: data.subject, body: mailBody, organizationId: data.organizationId ?? null, createdAt: ctx.now })),
    )
    .returning();
  await enqueueMails(tx, ctx, mails);
}

/** Every member of the organization whose account is not disabled; the mails are about it. */
export async function notifyOrganization(tx: Executor, ctx: NotifyContext, organizationId: string, message: NotificationMessage): Promise<void> {
  const members = await tx.select({ userId: memberships.userId }).from(memberships).where(eq(memberships.organizationId, organizationId));
  await notifyUsers(
    tx,
    ctx,
    members.map((member) => member.userId),
    { ...message, organizationId },
  );
}

/** Every active reviewer and admin (admins are reviewers too). */
export async function notifyReviewers(tx: Executor, ctx: NotifyContext, message: NotificationMessage): Promise<void> {
  const reviewers = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.role, ['reviewer', 'admin']), isNull(users.disabledAt)));
  await notifyUsers(
    tx,
    ctx,
    reviewers.map((reviewer) => reviewer.id),
    message,
  );
}

/**
 * A mail to an address, without a notification: people who have no account yet (invitations,
 * complainants). The body is sent as given; put absolute links in it (see `linkLine`). A link that
 * is a bearer secret goes in `secret`, with MAIL_SECRET_PLACEHOLDER in the body where it belongs.
 */
export async function sendMail(tx: Executor, ctx: NotifyContext, mail: MailInput): Promise<OutboundMail> {
  const data = parseInput(MailSchema, mail);
  const [row] = await tx
    .insert(outboundMails)
    .values({ toAddress: data.to, subject: data.subject, body: data.body, secret: data.secret ?? null, organizationId: data.organizationId ?? null, createdAt: ctx.now })
    .returning();
  await enqueueMails(tx, ctx, [row!]);
  return row!;
}
