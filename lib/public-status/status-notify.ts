import { sql } from 'drizzle-orm';
import type { Executor } from '@/db/client';

/**
 * The PostgreSQL channel that carries "the public status of this seal changed". The payload is its
 * public id, then the seal's domains as they are after the change, separated by spaces
 * (`OS-XXXX-XXXX shop.example other.example`): a cache drops that seal and those domains' answers,
 * and no other domain's (docs/adr/0005). Domain names hold no spaces; 8,000 bytes (the payload's
 * limit) are some 150 domains, far more than a seal covers.
 */
export const SEAL_STATUS_CHANNEL = 'openseal_seal_status';

/** The payload of one seal's notice, built by the database from the seal's domains in the same transaction. */
const noticeOf = (publicId: ReturnType<typeof sql>) =>
  sql`${publicId} || coalesce((select ' ' || string_agg(d.domain, ' ' order by d.domain) from seal_domains d join seals s on s.id = d.seal_id where s.public_id = ${publicId}), '')`;

/**
 * Tells every status cache (this process's and other instances') that what the public sees of
 * `publicId` changed. Call it with the transaction of the change, after the seal's domains are
 * written: PostgreSQL holds a NOTIFY until COMMIT and drops it on ROLLBACK, so a cache is never
 * told about a change that did not happen, and never reloads before the change is visible to its query.
 */
export async function notifySealStatusChanged(tx: Executor, publicId: string): Promise<void> {
  await tx.execute(sql`select pg_notify(${SEAL_STATUS_CHANNEL}, ${noticeOf(sql`${publicId}::text`)})`);
}

/**
 * notifySealStatusChanged for a batch of seals (the expiry sweep's): one NOTIFY per seal, sent by
 * one statement whose ids travel as one JSON parameter. Same rule: call it in the change's transaction.
 */
export async function notifySealStatusesChanged(tx: Executor, publicIds: string[]): Promise<void> {
  if (publicIds.length === 0) return;
  await tx.execute(sql`select pg_notify(${SEAL_STATUS_CHANNEL}, ${noticeOf(sql`changed.public_id`)}) from jsonb_array_elements_text(${JSON.stringify(publicIds)}::jsonb) as changed(public_id)`);
}

/** The seal and its domains from a notice's payload; null for an empty one. */
export function parseStatusNotice(payload: string): { publicId: string; domains: string[] } | null {
  const [publicId, ...domains] = payload.split(' ').filter(Boolean);
  return publicId ? { publicId, domains } : null;
}
