import crypto from 'node:crypto';
import type { StatusDocument } from './status-record';

/** The longest any cache (browser, CDN) may keep a public status: DESIGN.md, "The public hot path". */
export const STATUS_MAX_AGE_SECONDS = 60;

/** The longest any cache may keep an answer given while the database is away: it should ask again soon. */
export const STALE_MAX_AGE_SECONDS = 10;

/** A strong validator: the same bytes hash to the same tag on every instance. */
export function strongEtag(...parts: string[]): string {
  const hash = crypto.createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return `"${hash.digest('base64url').slice(0, 27)}"`;
}

/**
 * The document as JSON, and its stable part: the same JSON without `checkedAt`, which changes on
 * every request while nothing a client cares about does. The ETag is made from the stable part, so
 * a client's `If-None-Match` matches until the status (or anything else) really changes.
 */
export function serializeDocument(document: StatusDocument): { stable: string; json: string } {
  const { checkedAt, ...rest } = document;
  const stable = JSON.stringify(rest);
  // checkedAt is the document's last field, as in the public contract.
  return { stable, json: `${stable.slice(0, -1)},"checkedAt":${JSON.stringify(checkedAt)}}` };
}

/** True when the client accepts a gzip body (`Accept-Encoding: gzip`, not refused with `q=0`). */
export function acceptsGzip(acceptEncoding: string | null | undefined): boolean {
  if (!acceptEncoding) return false;
  return acceptEncoding.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    if (coding !== 'gzip' && coding !== '*') return false;
    const q = params.map((param) => param.trim()).find((param) => param.startsWith('q='));
    return !q || Number(q.slice(2)) > 0;
  });
}
