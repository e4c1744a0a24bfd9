import { z } from 'zod';
import { nowDate } from '@/lib/clock';
import { parseEnv } from '@/lib/env';
import { deliverMail, MAIL_RETRY_LIMIT } from '@/lib/notifications/deliver-mail';
import { defineJob } from '../define-job';

export type MailJobOptions = {
  /** Read on every run (not once at start-up); tests point it at their own SMTP server. */
  smtpUrl?: () => string | undefined;
};

export const smtpUrlFromEnv = () => parseEnv().SMTP_URL;

/** Sends one stored mail; a failure throws, and pg-boss retries with exponential backoff. */
export function createMailSendJob({ smtpUrl = smtpUrlFromEnv }: MailJobOptions = {}) {
  return defineJob({
    name: 'mail.send',
    payload: z.object({ mailId: z.uuid() }),
    retryLimit: MAIL_RETRY_LIMIT,
    // A burst (a notice to every reviewer, a busy hour of sign-ups) must not queue for minutes behind
    // one mail per polling interval. Running a sent mail's job again does nothing (deliverMail).
    batchSize: 10,
    // A person waiting for a sign-up or reset link should not wait for the poll: half a second, one cheap query.
    pollingIntervalSeconds: 0.5,
    async handler({ mailId }, { db, clock }) {
      await deliverMail(db, { mailId, now: nowDate(clock), smtpUrl: smtpUrl() });
    },
  });
}

export const mailSendJob = createMailSendJob();
