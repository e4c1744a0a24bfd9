import { effectiveStatus } from '@/lib/seals/effective-status';
import { renderBadgeSvg, type BadgeState } from '@/lib/badge/badge-svg';
import { serializeDocument, STATUS_MAX_AGE_SECONDS, strongEtag } from './http-caching';
import { toStatusDocument, type SealStatusRecord, type StatusDocument } from './status-record';

/**
 * What the hot path would otherwise recompute on every request, kept with the cached record it was
 * made from: for one record, status (which the clock may change) and origin (the configured one),
 * the JSON without `checkedAt` and its ETags never change. A reloaded record is a new object, so
 * nothing here outlives the record it belongs to (WeakMap).
 */
type PreparedStatus = { stable: string; etags: { json: string; jws: string } };

const preparedStatuses = new WeakMap<SealStatusRecord, Map<string, PreparedStatus>>();
const preparedBadges = new WeakMap<SealStatusRecord, Map<BadgeState, PreparedBadge>>();
const unknownBadges = new Map<BadgeState, PreparedBadge>();
// One origin per process (lib/env.ts); the bound only keeps a test that switches origins small.
const ORIGINS_PER_RECORD = 8;

export type PreparedBadge = { svg: string; etag: string };

/** The status of one record as of one instant, served at one origin. */
export class StatusView {
  constructor(
    private readonly record: SealStatusRecord,
    private readonly now: Date,
    private readonly origin: string,
    readonly status: StatusDocument['status'],
    /** The JSON without `checkedAt`, for a list's ETag. */
    readonly stable: string,
    readonly etags: PreparedStatus['etags'],
  ) {}

  /** Seconds a cache may keep it: at most 60, and never past `expiresAt` while active or suspended. */
  get maxAge(): number {
    if (this.status !== 'active' && this.status !== 'suspended') return STATUS_MAX_AGE_SECONDS;
    const secondsLeft = Math.floor((this.record.expiresAt.getTime() - this.now.getTime()) / 1000);
    return Math.max(0, Math.min(STATUS_MAX_AGE_SECONDS, secondsLeft));
  }

  /** The document's JSON, `checkedAt` last, as in the contract. */
  json(): string {
    return `${this.stable.slice(0, -1)},"checkedAt":"${this.now.toISOString()}"}`;
  }

  /** The document itself (for signing); most requests only need the JSON. */
  document(): StatusDocument {
    return toStatusDocument(this.record, this.now, this.origin);
  }

  /**
   * The JSON answered while the database cannot be reached: the last known record, the clock still
   * applied (expiry), marked `stale`, with `checkedAt` the moment it was last confirmed.
   */
  staleJson(confirmedAt: Date): string {
    return `${this.stable.slice(0, -1)},"stale":true,"checkedAt":"${confirmedAt.toISOString()}"}`;
  }

  /** The same as a document, for signing. */
  staleDocument(confirmedAt: Date): StatusDocument {
    const { checkedAt: _now, ...rest } = this.document();
    return { ...rest, stale: true, checkedAt: confirmedAt.toISOString() };
  }
}

/** The status of `record` as of `now`, served at `origin`. */
export function statusView(record: SealStatusRecord, now: Date, origin: string): StatusView {
  const status = effectiveStatus({ status: record.storedStatus, expiresAt: record.expiresAt }, now);
  let byKey = preparedStatuses.get(record);
  if (!byKey) preparedStatuses.set(record, (byKey = new Map()));
  const key = `${status} ${origin}`;
  let prepared = byKey.get(key);
  if (!prepared) {
    const { stable } = serializeDocument(toStatusDocument(record, now, origin));
    prepared = { stable, etags: { json: strongEtag('json', stable), jws: strongEtag('jws', stable) } };
    if (byKey.size >= ORIGINS_PER_RECORD) byKey.clear();
    byKey.set(key, prepared);
  }
  return new StatusView(record, now, origin, status, prepared.stable, prepared.etags);
}

/**
 * The badge image of `record` (null: an unknown seal) in `state`, with its ETag. `onMade` hears the
 * estimated bytes of an image made now and kept with the record (the status cache's budget).
 */
export function preparedBadge(record: SealStatusRecord | null, state: BadgeState, onMade?: (bytes: number) => void): PreparedBadge {
  let byState = record ? preparedBadges.get(record) : unknownBadges;
  if (!byState) preparedBadges.set(record!, (byState = new Map()));
  let badge = byState.get(state);
  if (!badge) {
    const svg = renderBadgeSvg({ state, sealId: record?.sealId ?? null, holderName: record?.holder.name ?? null });
    badge = { svg, etag: strongEtag('svg', svg) };
    byState.set(state, badge);
    // The SVG and its ETag (one-byte strings), the object and the map's slot.
    if (record) onMade?.(svg.length + badge.etag.length + 200);
  }
  return badge;
}
