import { z } from 'zod';
import { nowDate } from '@/lib/clock';
import { escalateOverdueCases } from '@/lib/services/cases/escalate-cases';
import { defineJob } from '../define-job';

/**
 * Every minute: cases whose site missed its response deadline are escalated (docs/adr/0007). A run
 * is one indexed query when nothing is due, and each step is a conditional update, so runs on
 * several instances, or a run repeated, escalate a case once per level. Like the expiry reminders,
 * the mails stay queued for the `mail.sweep` job (a handler has no runner in hand).
 */
export const casesEscalateJob = defineJob({
  name: 'cases.escalate',
  payload: z.object({}),
  schedule: { cron: '* * * * *', data: {} },
  async handler(_payload, { db, clock }) {
    await escalateOverdueCases(db, nowDate(clock));
  },
});
