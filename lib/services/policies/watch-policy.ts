import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { policyMonitors, programs, type Application, type Seal } from '@/db/schema';
import type { Executor } from '@/db/client';

const HOUR_MS = 60 * 60 * 1000;

/** Where in the check interval a seal's checks fall: spread by its id, so a large program is not fetched all at once. */
export function checkOffsetMs(sealId: string, intervalHours: number): number {
  const spread = crypto.createHash('sha256').update(sealId).digest().readUInt32BE(0);
  return spread % (intervalHours * HOUR_MS);
}

/** Lower-case host of a policy address. */
export function policyHost(url: string): string {
  return new URL(url).hostname.toLowerCase();
}

/**
 * Starts (or restarts) watching a seal's privacy policy, in the transaction that issues or renews
 * it (issue #16): the text the application captured from its URL becomes the certified text, first
 * checked within one interval, at the seal's place in it. A policy that was pasted, not fetched,
 * has no address to watch; a renewal with a pasted policy stops the watch.
 */
export async function watchSealPolicy(tx: Executor, seal: Pick<Seal, 'id' | 'programId'>, application: Application, now: Date): Promise<void> {
  if (application.policySource !== 'url' || !application.policyUrl || !application.policyText || !application.policySha256) {
    await tx.delete(policyMonitors).where(sql`${policyMonitors.sealId} = ${seal.id}`);
    return;
  }
  const [program] = await tx.select({ hours: programs.policyCheckIntervalHours }).from(programs).where(sql`${programs.id} = ${seal.programId}`);
  const nextCheckAt = new Date(now.getTime() + checkOffsetMs(seal.id, program?.hours ?? 24));
  const values = {
    url: application.policyUrl,
    host: policyHost(application.policyUrl),
    certifiedText: application.policyText,
    certifiedSha256: application.policySha256,
    certifiedAt: application.policyCapturedAt ?? now,
    certifiedById: null,
    nextCheckAt,
    lastOutcome: null,
    failingSince: null,
    failedChecks: 0,
    lastProblem: null,
    unreachableComplaintId: null,
    updatedAt: now,
  };
  await tx
    .insert(policyMonitors)
    .values({ sealId: seal.id, ...values })
    .onConflictDoUpdate({ target: policyMonitors.sealId, set: values });
}
