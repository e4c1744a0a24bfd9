import { z } from 'zod';
import { nowDate } from '@/lib/clock';
import { sweepExpiredSeals } from '@/lib/services/seals/expire-seal';
import { defineJob } from '../define-job';

/**
 * Every minute: records the expiry of every seal past its expiresAt, in batches until none is left.
 * Readers do not wait for it (effectiveStatus shows `expired` at once); it writes the stored status,
 * the public event, the audit row, and tells the status caches and the holders.
 */
export const sealExpirySweepJob = defineJob({
  name: 'seal-expiry.sweep',
  payload: z.object({}),
  schedule: { cron: '* * * * *', data: {} },
  async handler(_payload, { db, clock }) {
    await sweepExpiredSeals(db, nowDate(clock));
  },
});
