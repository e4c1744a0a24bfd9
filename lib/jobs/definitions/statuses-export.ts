import { z } from 'zod';
import { nowDate } from '@/lib/clock';
import { parseEnv } from '@/lib/env';
import { loadStatusSigner } from '@/lib/public-status/signing';
import { hasStatusExportFor, makeStatusExport } from '@/lib/public-status/status-export';
import { defineJob } from '../define-job';

/** Every day at 00:15 UTC, the export of every public status (lib/public-status/status-export.ts). */
export const statusesExportJob = defineJob({
  name: 'statuses.export',
  payload: z.object({}),
  schedule: { cron: '15 0 * * *', data: {} },
  async handler(_payload, { db, clock }) {
    const now = nowDate(clock);
    if (await hasStatusExportFor(db, now)) return;
    const env = parseEnv();
    await makeStatusExport(db, { now, origin: env.publicOrigin, signer: loadStatusSigner(env) });
  },
});
