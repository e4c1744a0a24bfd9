import { z } from 'zod';
import { nowDate } from '@/lib/clock';
import { sendTriageDigest } from '@/lib/services/complaints/triage-digest';
import { defineJob } from '../define-job';

/**
 * Daily at 07:00 UTC: the reviewers' summary of the triage queue (ADR 0019), in place of one
 * notification per complaint. pg-boss runs a schedule once per tick whatever the number of
 * instances.
 */
export const complaintsTriageDigestJob = defineJob({
  name: 'complaints.triage-digest',
  payload: z.object({}),
  schedule: { cron: '0 7 * * *', data: {} },
  async handler(_payload, { db, clock }) {
    await sendTriageDigest(db, nowDate(clock));
  },
});
