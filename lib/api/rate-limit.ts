import type { ApiKeyKind } from '@/db/schema';

/*
 * Calls per key per minute (issue #17: its kind's default, or the key's own set by an admin), counted in this process over a fixed one-minute window,
 * and told on every answer with the IETF draft's fields (`RateLimit-Limit`, `RateLimit-Remaining`,
 * `RateLimit-Reset`, `RateLimit-Policy`). Several server processes each count their own calls:
 * behind n instances a key gets up to n times its limit (named in ADR 0026).
 */

export const API_RATE_LIMITS: Record<ApiKeyKind, number> = { organization: 120, relying_party: 600, authority: 300 };
const WINDOW_MS = 60_000;
const MAX_TRACKED = 50_000;

type Window = { startedAt: number; used: number };
const windows = new Map<string, Window>();

export type RateLimitAnswer = { allowed: boolean; limit: number; remaining: number; resetSeconds: number };

/** The most an admin may allow one key a minute. */
export const MAX_CALLS_PER_MINUTE = 1_000_000;

/** Counts one call of `key` at `now` (ms), unless the window's calls are used up: its own limit, else its kind's. */
export function takeApiCall(key: { id: string; kind: ApiKeyKind; callsPerMinute: number | null }, now: number): RateLimitAnswer {
  const keyId = key.id;
  const limit = key.callsPerMinute ?? API_RATE_LIMITS[key.kind];
  let window = windows.get(keyId);
  if (!window || now - window.startedAt >= WINDOW_MS) {
    if (windows.size >= MAX_TRACKED) windows.clear(); // an idle process forgets; a busy one never holds more than this
    window = { startedAt: now, used: 0 };
    windows.set(keyId, window);
  }
  const allowed = window.used < limit;
  if (allowed) window.used++;
  return { allowed, limit, remaining: limit - window.used, resetSeconds: Math.max(1, Math.ceil((window.startedAt + WINDOW_MS - now) / 1000)) };
}

export function rateLimitHeaders(answer: RateLimitAnswer): Record<string, string> {
  return {
    'RateLimit-Limit': String(answer.limit),
    'RateLimit-Remaining': String(answer.remaining),
    'RateLimit-Reset': String(answer.resetSeconds),
    'RateLimit-Policy': `${answer.limit};w=${WINDOW_MS / 1000}`,
  };
}

/** For tests: forget every window. */
export function resetApiRateLimits() {
  windows.clear();
}
