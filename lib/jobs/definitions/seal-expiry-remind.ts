import { z } from 'zod';
import { nowDate } from '@/lib/clock';
import { recordExpiryReminders } from '@/lib/services/seals/expiry-reminders';
import { defineJob } from '../define-job';

/**
 * Daily: the expiry reminders due (60, 30 and 7 days ahead), each once per seal and expiry date,
 * recorded and told to the holder's members, chosen in SQL and written in batches (however many
 * seals are live). A handler has no runner in hand, so the mails stay
 * queued for the `mail.sweep` job (at most five minutes; without SMTP they are in the outbox).
 */
export const sealExpiryRemindJob = defineJob({
  name: 'seal-expiry.remind',
  payload: z.object({}),
  schedule: { cron: '0 6 * * *', data: {} },
  async handler(_payload, { db, clock }) {
    await recordExpiryReminders(db, nowDate(clock));
  },
});
