import { z } from 'zod';
import { nowDate } from '@/lib/clock';
import { removeExpiredStagedUploads } from '@/lib/services/uploads/attach-staged';
import { defineJob } from '../define-job';

/** Removes files sent to the upload route that no form attached in time (docs/adr/0021). */
export const uploadsExpireStagedJob = defineJob({
  name: 'uploads.expire-staged',
  payload: z.object({}),
  schedule: { cron: '*/15 * * * *', data: {} },
  async handler(_payload, { db, clock }) {
    await removeExpiredStagedUploads(db, nowDate(clock));
  },
});
