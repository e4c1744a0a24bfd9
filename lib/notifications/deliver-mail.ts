import nodemailer from 'nodemailer';
import { and, asc, eq, lte } from 'drizzle-orm';
import { outboundMails } from '@/db/schema';
import type { Executor } from '@/db/client';
import { publicOrigin } from './mail-text';
import { bodyForSending } from './mail-secret';

/** pg-boss retries a failed `mail.send` this often (with exponential backoff) before giving up. */
export const MAIL_RETRY_LIMIT = 5;
/** The first try and its retries; the attempt that reaches it marks the mail `failed`. */
export const MAIL_MAX_ATTEMPTS = MAIL_RETRY_LIMIT + 1;

export type DeliveryResult = 'sent' | 'no-smtp' | 'not-queued' | 'claimed-elsewhere';

/** Thrown on a failed attempt, so that the job fails and pg-boss retries it. */
export class MailDeliveryError extends Error {
  constructor(
    readonly mailId: string,
    readonly attempt: number,
    reason: string,
  ) {
    super(`Mail ${mailId} could not be sent (attempt ${attempt} of ${MAIL_MAX_ATTEMPTS}): ${reason}`);
    this.name = 'MailDeliveryError';
  }
}

/**
 * The sender address. SMTP_URL may carry it as `?from=` (e.g.
 * smtp://user:pass@mail.example:587/?from=seals%40example.org); otherwise no-reply at the public host.
 */
export function senderAddress(smtpUrl: string, origin: string = publicOrigin()): string {
  const from = new URL(smtpUrl).searchParams.get('from');
  if (from) return from;
  return `OpenSeal <no-reply@${new URL(origin).hostname}>`;
}

function transportFor(smtpUrl: string) {
  const url = new URL(smtpUrl);
  url.searchParams.delete('from'); // ours, not a nodemailer option
  // Bounded waits: a hanging server fails the attempt (and is retried) instead of holding a worker.
  return nodemailer.createTransport({ url: url.toString(), connectionTimeout: 20_000, greetingTimeout: 20_000, socketTimeout: 60_000 });
}

/**
 * One attempt to send one stored mail. Without SMTP it does nothing: the mail stays `queued` and
 * admins read it on the outbox page. The attempt is claimed first (a conditional increment of
 * `attempts`), so two jobs for the same mail — the one written with it and one from the sweep —
 * never send it twice at once, and a mail already sent or failed is left alone.
 */
export async function deliverMail(db: Executor, { mailId, now, smtpUrl }: { mailId: string; now: Date; smtpUrl: string | undefined }): Promise<DeliveryResult> {
  if (!smtpUrl) return 'no-smtp';
  const [mail] = await db.select().from(outboundMails).where(eq(outboundMails.id, mailId)).limit(1);
  if (!mail || mail.status !== 'queued') return 'not-queued';
  const [claimed] = await db
    .update(outboundMails)
    .set({ attempts: mail.attempts + 1 })
    .where(and(eq(outboundMails.id, mail.id), eq(outboundMails.status, 'queued'), eq(outboundMails.attempts, mail.attempts)))
    .returning();
  if (!claimed) return 'claimed-elsewhere';

  const transport = transportFor(smtpUrl);
  try {
    await transport.sendMail({ from: senderAddress(smtpUrl), to: claimed.toAddress, subject: claimed.subject, text: bodyForSending(claimed.body, claimed.secret) });
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
    const last = claimed.attempts >= MAIL_MAX_ATTEMPTS;
    await db
      .update(outboundMails)
      // A mail given up on is never sent: its secret has no further use (and the recipient saw the link on screen).
      .set({ lastError: reason, ...(last ? { status: 'failed' as const, secret: null } : {}) })
      .where(eq(outboundMails.id, claimed.id));
    throw new MailDeliveryError(claimed.id, claimed.attempts, reason);
  } finally {
    transport.close();
  }
  // Sent: the one-time secret is the recipient's alone from now on, so the stored copy forgets it.
  await db.update(outboundMails).set({ status: 'sent', sentAt: now, lastError: null, secret: null }).where(eq(outboundMails.id, claimed.id));
  return 'sent';
}

/** How long a mail may wait for the job written with it before the sweep takes it up. */
export const SWEEP_GRACE_MS = 2 * 60 * 1000;

/** Queued mails nobody has tried to send: written without a job runner (scripts, seeds), or whose job was lost. */
export async function unattemptedMails(db: Executor, now: Date, limit = 200) {
  return db
    .select({ id: outboundMails.id })
    .from(outboundMails)
    .where(and(eq(outboundMails.status, 'queued'), eq(outboundMails.attempts, 0), lte(outboundMails.createdAt, new Date(now.getTime() - SWEEP_GRACE_MS))))
    .orderBy(asc(outboundMails.createdAt))
    .limit(limit);
}
