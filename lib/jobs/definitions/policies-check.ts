import { z } from 'zod';
import { nowDate } from '@/lib/clock';
import { DEFAULT_NET_POLICY } from '@/lib/net/policy';
import { checkDuePolicies } from '@/lib/services/policies/check-policies';
import { defineJob } from '../define-job';

/**
 * Every minute: fetches the certified privacy policies that are due (each seal once per its
 * program's interval, default daily, spread over the day; a host at most once a minute) and
 * compares them with the certified text (lib/services/policies/check-policies.ts, issue #16).
 */
export const policiesCheckJob = defineJob({
  name: 'policies.check',
  payload: z.object({}),
  schedule: { cron: '* * * * *', data: {} },
  async handler(_payload, { db, clock, net }) {
    await checkDuePolicies(db, { now: nowDate(clock), net: net ?? DEFAULT_NET_POLICY });
  },
});
