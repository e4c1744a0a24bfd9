import { z } from 'zod';
import { and, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import { memberships, notifications, outboundMails, users, type OutboundMail } from '@/db/schema';
import type { Executor } from '@/db/client';
import type { JobRunner } from '@/lib/jobs/runner';
import { mailSendJob } from '@/lib/jobs/definitions/mail-send';
import { parseInput } from '@/lib/services/parse';
import { composeMailBody, NOTIFICATION_MAIL_FOOTER, publicOrigin } from './mail-text';
import { MAIL_SECRET_PLACEHOLDER } from './mail-secret';
import { hasDateTokens, renderDateTokens } from '@/lib/format/dates';

/**
 * Notifications and mail, written inside the caller's transaction: if the state change rolls back,
 * so do the notification, the mail and its job. The mail is sent later by the `mail.send` job.
 */
export type NotificationMessage = {
  /** `entity.event`, e.g. `application.changes-requested`. */
  kind: string;
  subject: string;
  /** Moments in it as `dateToken(…)`: each recipient's notification and mail says them in their own zone (ADR 0022). */
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
    .select({ id: users.id, email: users.email, timeZone: users.timeZone })
    .from(users)
    .where(and(inArray(users.id, ids), isNull(users.disabledAt)));
  if (recipients.length === 0) return;

  // Each recipient's own wording: the moments in their zone (ADR 0022), once for the notification and the mail.
  const writtenFor = new Map(recipients.map((recipient) => [recipient.id, { email: recipient.email, subject: renderDateTokens(data.subject, recipient.timeZone), body: renderDateTokens(data.body, recipient.timeZone) }]));
  const stored = await tx
    .insert(notifications)
    .values(recipients.map((recipient) => ({ recipientId: recipient.id, kind: data.kind, subject: writtenFor.get(recipient.id)!.subject, body: writtenFor.get(recipient.id)!.body, link: data.link ?? null, createdAt: ctx.now })))
    .returning({ id: notifications.id, recipientId: notifications.recipientId });
  const origin = publicOrigin();
  const mails = await tx
    .insert(outboundMails)
    .values(
      stored.map((row) => {
        const written = writtenFor.get(row.recipientId)!;
        return {
          notificationId: row.id,
          toAddress: written.email,
          subject: written.subject,
          body: composeMailBody(written.body, { link: data.link, footer: NOTIFICATION_MAIL_FOOTER, origin }),
          organizationId: data.organizationId ?? null,
          createdAt: ctx.now,
        };
      }),
    )
    .returning();
  await enqueueMails(tx, ctx, mails);
}

/**
 * Every member of the organization whose account is not disabled; the mails are about it. `exceptUserId`
 * leaves out the member who acted (they have the page's own answer), e.g. an owner's edit told to the others.
 */
export async function notifyOrganization(tx: Executor, ctx: NotifyContext, organizationId: string, message: NotificationMessage, { exceptUserId }: { exceptUserId?: string } = {}): Promise<void> {
  const ofOrganization = eq(memberships.organizationId, organizationId);
  const members = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(exceptUserId ? and(ofOrganization, ne(memberships.userId, exceptUserId)) : ofOrganization);
  await notifyUsers(
    tx,
    ctx,
    members.map((member) => member.userId),
    { ...message, organizationId },
  );
}

/**
 * notifyOrganization for many messages at once (a batch job's: one per seal), each to its own
 * organization's members, in two statements whatever their number (three when a message names a moment): the notifications and the mails
 * are inserted from the messages joined to the members, and the messages travel as one JSON
 * parameter, clear of PostgreSQL's 65,535-parameter limit. Same rules: every message is parsed,
 * disabled accounts are skipped, each mail is about its organization.
 */
export async function notifyEachOrganization(tx: Executor, ctx: NotifyContext, items: { organizationId: string; message: NotificationMessage }[]): Promise<void> {
  if (items.length === 0) return;
  const origin = publicOrigin();
  const parsed = items.map(({ organizationId, message }) => ({ organizationId, data: parseInput(MessageSchema, { ...message, organizationId }) }));
  // A message with moments in it is written once per time zone its readers use (ADR 0022): the
  // zones in use are few, so the rows stay one per message and zone, joined to the members below.
  const dated = (data: { subject: string; body: string }) => hasDateTokens(data.body) || hasDateTokens(data.subject);
  const zones = parsed.some(({ data }) => dated(data))
    ? ((await tx.execute(sql`select distinct coalesce(${users.timeZone}, 'UTC') as zone from ${users} where ${users.disabledAt} is null`)) as unknown as { rows: { zone: string }[] }).rows.map((row) => row.zone)
    : [];
  const rows = parsed.flatMap(({ organizationId, data }) =>
    (dated(data) ? zones : [null]).map((zone) => {
      const body = renderDateTokens(data.body, zone);
      return {
        organization_id: organizationId,
        zone,
        kind: data.kind,
        subject: renderDateTokens(data.subject, zone),
        body,
        link: data.link ?? null,
        mail_body: composeMailBody(body, { link: data.link, footer: NOTIFICATION_MAIL_FOOTER, origin }),
      };
    }),
  );
  const now = ctx.now.toISOString();
  // The notification ids are drawn first (a CTE used twice is computed once), so that the mails
  // can point at their notification in the same statement.
  const result = await tx.execute(sql`
    with message as (
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as message(organization_id uuid, zone text, kind text, subject text, body text, link text, mail_body text)
    ), recipient as (
      select gen_random_uuid() as notification_id, message.*, ${users.id} as user_id, ${users.email} as email
      from message
      join ${memberships} on ${memberships.organizationId} = message.organization_id
      join ${users} on ${users.id} = ${memberships.userId} and ${users.disabledAt} is null
        and (message.zone is null or coalesce(${users.timeZone}, 'UTC') = message.zone)
    ), notified as (
      insert into ${notifications} (id, recipient_id, kind, subject, body, link, created_at)
      select notification_id, user_id, kind, subject, body, link, ${now}::timestamptz from recipient
    )
    insert into ${outboundMails} (notification_id, to_address, subject, body, organization_id, created_at)
    select notification_id, email, subject, mail_body, organization_id, ${now}::timestamptz from recipient
    returning id`);
  if (!ctx.jobs) return;
  for (const { id } of (result as unknown as { rows: { id: string }[] }).rows) await ctx.jobs.enqueue(tx, mailSendJob, { mailId: id });
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
  // An address with an account reads its dates in the account's zone; anyone else in UTC (ADR 0022).
  const [account] = hasDateTokens(data.body) || hasDateTokens(data.subject)
    ? await tx.select({ timeZone: users.timeZone }).from(users).where(sql`lower(${users.email}) = ${data.to.toLowerCase()}`).limit(1)
    : [];
  const [row] = await tx
    .insert(outboundMails)
    .values({ toAddress: data.to, subject: renderDateTokens(data.subject, account?.timeZone), body: renderDateTokens(data.body, account?.timeZone), secret: data.secret ?? null, organizationId: data.organizationId ?? null, createdAt: ctx.now })
    .returning();
  await enqueueMails(tx, ctx, [row!]);
  return row!;
}
