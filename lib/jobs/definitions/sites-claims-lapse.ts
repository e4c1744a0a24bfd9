import { z } from 'zod';
import { nowDate } from '@/lib/clock';
import { sweepLapsedClaims } from '@/lib/services/sites/end-claims';
import { defineJob } from '../define-job';

/**
 * Every hour: marks unproven domain claims past their 14 days as ended. Readers do not wait for it
 * (a lapsed claim is treated as gone from its lapse on); it records the end and its audit event.
 */
export const sitesClaimsLapseJob = defineJob({
  name: 'sites.claims-lapse',
  payload: z.object({}),
  schedule: { cron: '17 * * * *', data: {} },
  async handler(_payload, { db, clock }) {
    await sweepLapsedClaims(db, nowDate(clock));
  },
});
