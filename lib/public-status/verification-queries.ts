import { desc, eq } from 'drizzle-orm';
import { sealEvents, seals, type SealEventType, type SealStatus } from '@/db/schema';
import type { Executor } from '@/db/client';
import { isSealPublicId } from '@/lib/seals/public-id';
import { normalizeDomain } from '@/lib/domains/normalize';
import { latestCheckpoint } from '@/lib/log/log-store';
import { loadSealStatusRecord, loadSealStatusRecordsForHost, toStatusDocument, type StatusDocument } from './status-record';

/** One entry of a seal's public history, as the verification page shows it. */
export type PublicSealEvent = {
  type: SealEventType;
  /** Status after the event. */
  status: SealStatus;
  reason: string | null;
  occurredAt: Date;
  /** True for the expiry that the clock has passed but the expiry job has not recorded yet. */
  pending?: boolean;
};

/** Where the history stands in the public log: its entries' indexes (oldest first) and the latest signed tree's size. */
export type PublicLogPlace = { indexes: number[]; checkpointSize: number | null };

export type Verification = { document: StatusDocument; history: PublicSealEvent[]; log: PublicLogPlace };

/**
 * What someone typed or pasted as a seal id ("os-7kq2-9xf4", " OS 7KQ2 9XF4 ", "OS7KQ29XF4") in its
 * canonical form, or null when it cannot be one. Only case, spacing and the dashes are forgiven:
 * the alphabet has no look-alikes to guess between (lib/seals/public-id.ts).
 */
export function canonicalSealId(typed: string): string | null {
  const compact = typed.trim().toUpperCase().replace(/[\s\-‐‑–—_.]+/g, '');
  const match = /^OS([0-9A-Z]{4})([0-9A-Z]{4})$/.exec(compact);
  if (!match) return null;
  const candidate = `OS-${match[1]}-${match[2]}`;
  return isSealPublicId(candidate) ? candidate : null;
}

/**
 * The verification page's data: the same status document the API serves (so the two never
 * disagree about expiry or reason) and the public history, newest first so the latest word is on
 * top. Null when no such seal was issued.
 */
export async function loadVerification(db: Executor, publicId: string, now: Date, origin: string): Promise<Verification | null> {
  const record = await loadSealStatusRecord(db, publicId);
  if (!record) return null;
  const document = toStatusDocument(record, now, origin);
  const rows = await db
    .select({ type: sealEvents.type, status: sealEvents.status, reason: sealEvents.reason, occurredAt: sealEvents.occurredAt, logIndex: sealEvents.logIndex })
    .from(sealEvents)
    .innerJoin(seals, eq(seals.id, sealEvents.sealId))
    .where(eq(seals.publicId, publicId))
    .orderBy(desc(sealEvents.occurredAt), desc(sealEvents.type)); // same instant: the later step of the lifecycle first
  const history: PublicSealEvent[] = rows.map(({ logIndex: _, ...event }) => event);
  const checkpoint = await latestCheckpoint(db);
  const log = { indexes: rows.map((row) => row.logIndex).sort((a, b) => a - b), checkpointSize: checkpoint?.size ?? null };
  // The status already reads expired from expiresAt on (toStatusDocument); until the expiry job
  // writes its event the history would end on "active", so the page shows the expiry it will record.
  const expiryRecorded = rows.some((row) => row.type === 'expired' && row.occurredAt.getTime() === record.expiresAt.getTime());
  if (document.status === 'expired' && record.storedStatus !== 'expired' && !expiryRecorded) {
    history.unshift({ type: 'expired', status: 'expired', reason: null, occurredAt: record.expiresAt, pending: true });
  }
  return { document, history, log };
}

export type SealLookup =
  | { kind: 'seal'; sealId: string }
  | { kind: 'domain'; domain: string; seals: StatusDocument[] }
  | { kind: 'invalid'; problem: string };

/**
 * The `/verify` look-up: a seal id goes straight to its page; anything else is read as a domain
 * (or an address on it) and answered with every seal that covers it, newest first.
 */
export async function lookUpSeal(db: Executor, typed: string, now: Date, origin: string): Promise<SealLookup> {
  const sealId = canonicalSealId(typed);
  if (sealId) return { kind: 'seal', sealId };
  if (/^\s*os[\s-]/i.test(typed)) return { kind: 'invalid', problem: `“${typed.trim()}” is not a seal id. A seal id looks like OS-7KQ2-9XF4: OS, then two groups of four letters and digits.` };
  const domain = normalizeDomain(typed);
  if (!domain.ok) return { kind: 'invalid', problem: `Enter a seal id (like OS-7KQ2-9XF4) or a domain (like example.com). ${domain.problem}` };
  const records = await loadSealStatusRecordsForHost(db, domain.domain);
  return { kind: 'domain', domain: domain.domain, seals: records.map((record) => toStatusDocument(record, now, origin)).reverse() };
}
