import { z } from 'zod';
import { nowDate } from '@/lib/clock';
import { openMonitorComplaints } from '@/lib/services/complaints/open-monitor-complaints';
import { defineJob } from '../define-job';

/**
 * Every ten minutes: turns copied badges that keep showing into automated complaints, one per seal
 * and host (lib/services/complaints/open-monitor-complaints.ts). The sightings reach the table every
 * 30 seconds, so ten minutes is prompt for a reviewer and cheap for the database. A handler has no
 * runner in hand: the reviewers' mails wait for the `mail.sweep` job.
 */
export const complaintsMonitorSightingsJob = defineJob({
  name: 'complaints.monitor-sightings',
  payload: z.object({}),
  schedule: { cron: '*/10 * * * *', data: {} },
  async handler(_payload, { db, clock }) {
    await openMonitorComplaints(db, { now: nowDate(clock) });
  },
});
