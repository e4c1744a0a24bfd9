import { z } from 'zod';
import { nowDate } from '@/lib/clock';
import { fanOutWebhookEvents, pruneWebhookHistory, resendOverdueDeliveries } from '@/lib/webhooks/fan-out';
import { defineJob } from '../define-job';

/**
 * Every minute, the webhooks' backstop: events the server's fan-out loop has not reached (a server
 * without it) become deliveries, deliveries whose job was lost are sent again, and the history
 * older than a month is pruned.
 */
export const webhooksSweepJob = defineJob({
  name: 'webhooks.sweep',
  payload: z.object({}),
  schedule: { cron: '* * * * *', data: {} },
  async handler(_payload, { db, clock, jobs }) {
    if (!jobs) return;
    const now = nowDate(clock);
    await fanOutWebhookEvents(db, { jobs, now });
    await resendOverdueDeliveries(db, { jobs, now });
    await pruneWebhookHistory(db, now);
  },
});
