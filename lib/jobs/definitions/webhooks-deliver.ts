import { z } from 'zod';
import { nowDate } from '@/lib/clock';
import { deliverWebhook } from '@/lib/webhooks/deliver';
import { defineJob } from '../define-job';

/** One attempt of one webhook delivery (lib/webhooks/deliver.ts); it schedules its own next attempt. */
export const webhooksDeliverJob = defineJob({
  name: 'webhooks.deliver',
  payload: z.object({ deliveryId: z.uuid() }),
  // The delivery's own schedule does the retrying; pg-boss retries only a crash of the handler.
  retryLimit: 2,
  batchSize: 10,
  // A status change should reach a subscriber within seconds, not a polling interval.
  pollingIntervalSeconds: 0.5,
  async handler({ deliveryId }, { db, clock, net, secrets, jobs }) {
    await deliverWebhook(db, deliveryId, { now: nowDate(clock), net, secrets, jobs });
  },
});
