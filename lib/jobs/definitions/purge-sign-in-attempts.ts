import { z } from 'zod';
import { purgeSignInAttempts } from '@/lib/auth/sign-in-throttle';
import { nowDate } from '@/lib/clock';
import { defineJob } from '../define-job';

export const purgeSignInAttemptsJob = defineJob({
  name: 'sign-in-attempts.purge',
  payload: z.object({}),
  schedule: { cron: '17 * * * *', data: {} },
  async handler(_payload, { db, clock }) {
    await purgeSignInAttempts(db, nowDate(clock));
  },
});
