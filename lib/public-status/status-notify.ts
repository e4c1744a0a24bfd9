import { sql } from 'drizzle-orm';
import type { Executor } from '@/db/client';

/** The PostgreSQL channel that carries "the public status of this seal changed"; the payload is its public id. */
export const SEAL_STATUS_CHANNEL = 'openseal_seal_status';

/**
 * Tells every status cache (this process's and other instances') that what the public sees of
 * `publicId` changed. Call it with the transaction of the change: PostgreSQL holds a NOTIFY until
 * COMMIT and drops it on ROLLBACK, so a cache is never told about a change that did not happen,
 * and never reloads before the change is visible to its query.
 */
export async function notifySealStatusChanged(tx: Executor, publicId: string): Promise<void> {
  await tx.execute(sql`select pg_notify(${SEAL_STATUS_CHANNEL}, ${publicId})`);
}

/**
 * notifySealStatusChanged for a batch of seals (the expiry sweep's): one NOTIFY per seal, sent by
 * one statement whose ids travel as one JSON parameter. Same rule: call it in the change's transaction.
 */
export async function notifySealStatusesChanged(tx: Executor, publicIds: string[]): Promise<void> {
  if (publicIds.length === 0) return;
  await tx.execute(sql`select pg_notify(${SEAL_STATUS_CHANNEL}, public_id) from jsonb_array_elements_text(${JSON.stringify(publicIds)}::jsonb) as public_id`);
}
