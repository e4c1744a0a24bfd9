import { z } from 'zod';
import { nowDate } from '@/lib/clock';
import { pruneApiCallTrail } from '@/lib/api/call-trail-store';
import { pruneApiRateWindows } from '@/lib/api/rate-limit';
import { fanOutWebhookEvents, pruneWebhookHistory, resendOverdueDeliveries } from '@/lib/webhooks/fan-out';
import { defineJob } from '../define-job';

/**
 * Every minute, the integrators' housekeeping (issue #17). The webhooks' backstop: events the
 * server's fan-out loop has not reached (a server without it) become deliveries, deliveries whose
 * job was lost are sent again, and the history older than a month is pruned. And the keys' trail
 * older than 90 days, a few thousand calls a run, and the keys' shared call counts of minutes
 * past (ADR 0026, amendments).
 */
export const webhooksSweepJob = defineJob({
  name: 'webhooks.sweep',
  payload: z.object({}),
  schedule: { cron: '* * * * *', data: {} },
  async handler(_payload, { db, clock, jobs }) {
    const now = nowDate(clock);
    if (jobs) {
      await fanOutWebhookEvents(db, { jobs, now });
      await resendOverdueDeliveries(db, { jobs, now });
      await pruneWebhookHistory(db, now);
    }
    await pruneApiCallTrail(db, now);
    await pruneApiRateWindows(db, now);
  },
});
