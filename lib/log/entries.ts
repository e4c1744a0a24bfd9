import canonicalize from 'canonicalize';
import type { SealEventType, SealStatus } from '@/db/schema';

/**
 * A log entry: one public seal event, as DESIGN.md "Contract additions" fixes it. `status` is the
 * seal's public status after the event; nothing in it names a person.
 */
export type LogEntry = {
  sealId: string;
  event: SealEventType;
  status: SealStatus;
  reason: string | null;
  occurredAt: Date;
  expiresAt: Date;
  criteriaVersion: number;
};

const encoder = new TextEncoder();

/**
 * The bytes the log hashes: the entry as RFC 8785 (JCS) canonical JSON, times in RFC 3339 UTC with
 * milliseconds. The backfill of migration 0029 writes the same bytes in SQL; a test holds them equal.
 */
export function encodeLogEntry(entry: LogEntry): Uint8Array {
  const json = canonicalize({
    sealId: entry.sealId,
    event: entry.event,
    status: entry.status,
    reason: entry.reason,
    occurredAt: entry.occurredAt.toISOString(),
    expiresAt: entry.expiresAt.toISOString(),
    criteriaVersion: entry.criteriaVersion,
  });
  if (json === undefined) throw new Error('A log entry could not be canonicalized.');
  return encoder.encode(json);
}
