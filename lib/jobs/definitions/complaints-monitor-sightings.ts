import { z } from 'zod';
import { nowDate } from '@/lib/clock';
import { DEFAULT_NET_POLICY } from '@/lib/net/policy';
import { openMonitorComplaints } from '@/lib/services/complaints/open-monitor-complaints';
import { defineJob } from '../define-job';

/**
 * Every ten minutes: checks the pages of hosts that keep showing a seal they are not covered by,
 * and turns each confirmed copy into an automated complaint, one per seal and host
 * (lib/services/complaints/open-monitor-complaints.ts). The sightings reach the table every 30
 * seconds, so ten minutes is prompt for a reviewer and cheap for the database; a run fetches at
 * most 20 hosts, each at most once a day. A handler has no runner in hand: the reviewers' mails
 * wait for the `mail.sweep` job.
 */
export const complaintsMonitorSightingsJob = defineJob({
  name: 'complaints.monitor-sightings',
  payload: z.object({}),
  schedule: { cron: '*/10 * * * *', data: {} },
  async handler(_payload, { db, clock, net }) {
    await openMonitorComplaints(db, { now: nowDate(clock), net: net ?? DEFAULT_NET_POLICY });
  },
});
