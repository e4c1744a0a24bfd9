import { z } from 'zod';
import { nowDate } from '@/lib/clock';
import { unattemptedMails } from '@/lib/notifications/deliver-mail';
import type { JobRunner } from '../runner';
import { defineJob } from '../define-job';
import { mailSendJob, smtpUrlFromEnv } from './mail-send';

export type MailSweepOptions = {
  smtpUrl?: () => string | undefined;
  /**
   * The runner to enqueue `mail.send` on. A job handler gets only `{ db, clock }`, so by default
   * it is the process's runtime runner, imported lazily: lib/runtime imports this file.
   */
  runner?: () => Promise<JobRunner | null>;
};

async function runtimeRunner(): Promise<JobRunner | null> {
  const { getRuntime } = await import('@/lib/runtime');
  return (await getRuntime()).jobs;
}

/**
 * Every 5 minutes: a `mail.send` job for each mail that is still queued and was never attempted,
 * e.g. written by a script without a job runner. Only with SMTP: without it the outbox is the delivery.
 */
export function createMailSweepJob({ smtpUrl = smtpUrlFromEnv, runner = runtimeRunner }: MailSweepOptions = {}) {
  return defineJob({
    name: 'mail.sweep',
    payload: z.object({}),
    schedule: { cron: '*/5 * * * *', data: {} },
    retryLimit: 1,
    async handler(_payload, { db, clock }) {
      if (!smtpUrl()) return;
      const mails = await unattemptedMails(db, nowDate(clock));
      if (mails.length === 0) return;
      const jobs = await runner();
      if (!jobs) return;
      for (const mail of mails) await jobs.enqueue(db, mailSendJob, { mailId: mail.id });
    },
  });
}

export const mailSweepJob = createMailSweepJob();
